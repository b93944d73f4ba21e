// Storage layout benchmark: write amplification of one LevelDB shared by all
// partitions (keys = partition id + base offset) against one LevelDB per
// partition (keys = base offset), under a round-robin many-partition load.
// WA = bytes the process wrote to disk (/proc/self/io write_bytes) divided by
// the bytes of batches written. Prints figures; never passes or fails on them.
//
//   storage_layout_bench DIR [partitions=64] [megabytes=256] [batch_bytes=16384]
#include <leveldb/db.h>
#include <leveldb/options.h>
#include <leveldb/write_batch.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

long long writeBytes() {
    std::ifstream io("/proc/self/io");
    std::string key;
    long long value = 0;
    while (io >> key >> value)
        if (key == "write_bytes:") return value;
    return -1;
}

std::string be64(uint64_t v) {
    std::string s(8, '\0');
    for (int i = 7; i >= 0; --i) {
        s[static_cast<size_t>(i)] = static_cast<char>(v & 0xff);
        v >>= 8;
    }
    return s;
}

leveldb::Options options(size_t writeBuffer) {
    leveldb::Options o;
    o.create_if_missing = true;
    o.write_buffer_size = writeBuffer;
    o.max_file_size = 16u << 20;
    o.compression = leveldb::kNoCompression;
    return o;
}

struct Result {
    double wa;
    double seconds;
};

Result run(const std::filesystem::path& dir, bool shared, int partitions, size_t totalBytes, size_t batchBytes) {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    std::vector<std::unique_ptr<leveldb::DB>> dbs;
    // Same total memtable budget for both layouts: 4 MiB per partition.
    size_t perPartition = 4u << 20;
    int count = shared ? 1 : partitions;
    for (int i = 0; i < count; ++i) {
        leveldb::DB* db = nullptr;
        auto st = leveldb::DB::Open(options(shared ? perPartition * static_cast<size_t>(partitions) / 8 : perPartition),
                                    (dir / std::to_string(i)).string(), &db);
        if (!st.ok()) {
            std::fprintf(stderr, "open: %s\n", st.ToString().c_str());
            std::exit(1);
        }
        dbs.emplace_back(db);
    }
    std::string value(batchBytes, '\0');
    std::mt19937_64 rng(42);
    for (auto& c : value) c = static_cast<char>(rng());
    std::vector<uint64_t> next(static_cast<size_t>(partitions), 0);
    long long before = writeBytes();
    auto t0 = std::chrono::steady_clock::now();
    size_t written = 0;
    leveldb::WriteOptions wo;
    for (size_t n = 0; written < totalBytes; ++n) {
        int p = static_cast<int>(n % static_cast<size_t>(partitions));
        std::string key = shared ? be64(static_cast<uint64_t>(p)) + be64(next[static_cast<size_t>(p)]) : be64(next[static_cast<size_t>(p)]);
        next[static_cast<size_t>(p)] += 100;
        leveldb::DB* db = dbs[shared ? 0 : static_cast<size_t>(p)].get();
        leveldb::WriteBatch wb;
        wb.Put(key, value);
        db->Write(wo, &wb);
        written += value.size();
    }
    // Let background compaction finish: force it the way a quiet node would see it.
    for (auto& db : dbs) db->CompactRange(nullptr, nullptr);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    dbs.clear();
    long long after = writeBytes();
    std::filesystem::remove_all(dir);
    return {static_cast<double>(after - before) / static_cast<double>(written), secs};
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s DIR [partitions] [megabytes] [batch_bytes]\n", argv[0]);
        return 2;
    }
    std::filesystem::path dir = argv[1];
    int partitions = argc > 2 ? std::atoi(argv[2]) : 64;
    size_t mb = argc > 3 ? static_cast<size_t>(std::atoll(argv[3])) : 256;
    size_t batch = argc > 4 ? static_cast<size_t>(std::atoll(argv[4])) : 16384;
    std::printf("storage layout bench: %d partitions, %zu MiB of %zu-byte batches, round-robin\n", partitions, mb, batch);
    for (int rep = 0; rep < 3; ++rep) {
        auto s = run(dir / "shared", true, partitions, mb << 20, batch);
        auto p = run(dir / "per-partition", false, partitions, mb << 20, batch);
        std::printf("RESULT rep=%d shared_wa=%.2f shared_s=%.1f per_partition_wa=%.2f per_partition_s=%.1f\n", rep, s.wa,
                    s.seconds, p.wa, p.seconds);
        std::fflush(stdout);
    }
    return 0;
}
