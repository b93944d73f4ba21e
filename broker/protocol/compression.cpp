#include "broker/protocol/compression.h"

#include <lz4frame.h>
#include <snappy.h>
#include <zlib.h>
#include <zstd.h>

#include <cstring>
#include <memory>

namespace plexus::protocol {
namespace {

constexpr uint8_t kXerialMagic[8] = {0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0};

std::string inflateGzip(BytesView in, std::string& out, size_t limit) {
    z_stream zs{};
    if (inflateInit2(&zs, 15 + 32) != Z_OK) return "zlib init failed";
    zs.next_in = const_cast<Bytef*>(in.data());
    zs.avail_in = static_cast<uInt>(in.size());
    char buf[64 * 1024];
    int rc = Z_OK;
    size_t produced = 0;
    while (rc != Z_STREAM_END) {
        zs.next_out = reinterpret_cast<Bytef*>(buf);
        zs.avail_out = sizeof buf;
        rc = inflate(&zs, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            inflateEnd(&zs);
            return std::string("gzip: ") + (zs.msg ? zs.msg : "corrupt stream");
        }
        size_t n = sizeof buf - zs.avail_out;
        produced += n;
        if (produced > limit) { inflateEnd(&zs); return "gzip: output exceeds the limit"; }
        out.append(buf, n);
        if (rc == Z_OK && n == 0 && zs.avail_in == 0) { inflateEnd(&zs); return "gzip: truncated stream"; }
    }
    inflateEnd(&zs);
    return {};
}

std::string snappyRaw(const uint8_t* p, size_t n, std::string& out, size_t limit, size_t& produced) {
    size_t len = 0;
    if (!snappy::GetUncompressedLength(reinterpret_cast<const char*>(p), n, &len)) return "snappy: bad length";
    if (produced + len > limit) return "snappy: output exceeds the limit";
    size_t at = out.size();
    out.resize(at + len);
    if (!snappy::RawUncompress(reinterpret_cast<const char*>(p), n, out.data() + at)) {
        out.resize(at);
        return "snappy: corrupt block";
    }
    produced += len;
    return {};
}

std::string unsnappy(BytesView in, std::string& out, size_t limit) {
    size_t produced = 0;
    if (in.size() >= 16 && std::memcmp(in.data(), kXerialMagic, 8) == 0) {
        // xerial framing: magic, version, compatible version, then [len][block]...
        size_t pos = 16;
        while (pos < in.size()) {
            if (in.size() - pos < 4) return "snappy: truncated xerial block length";
            size_t len = loadBe32(in.data() + pos);
            pos += 4;
            if (len > in.size() - pos) return "snappy: xerial block exceeds the input";
            if (auto e = snappyRaw(in.data() + pos, len, out, limit, produced); !e.empty()) return e;
            pos += len;
        }
        return {};
    }
    return snappyRaw(in.data(), in.size(), out, limit, produced);
}

std::string unlz4(BytesView in, std::string& out, size_t limit) {
    LZ4F_dctx* dctx = nullptr;
    if (LZ4F_isError(LZ4F_createDecompressionContext(&dctx, LZ4F_VERSION))) return "lz4: context failed";
    std::unique_ptr<LZ4F_dctx, decltype(&LZ4F_freeDecompressionContext)> guard(dctx, LZ4F_freeDecompressionContext);
    const uint8_t* src = in.data();
    size_t left = in.size();
    char buf[64 * 1024];
    size_t produced = 0;
    size_t hint = 1;
    while (left > 0 && hint != 0) {
        size_t dstSize = sizeof buf;
        size_t srcSize = left;
        hint = LZ4F_decompress(dctx, buf, &dstSize, src, &srcSize, nullptr);
        if (LZ4F_isError(hint)) return std::string("lz4: ") + LZ4F_getErrorName(hint);
        produced += dstSize;
        if (produced > limit) return "lz4: output exceeds the limit";
        out.append(buf, dstSize);
        src += srcSize;
        left -= srcSize;
        if (srcSize == 0 && dstSize == 0) return "lz4: no progress";
    }
    if (hint != 0) return "lz4: truncated frame";
    return {};
}

std::string unzstd(BytesView in, std::string& out, size_t limit) {
    std::unique_ptr<ZSTD_DStream, decltype(&ZSTD_freeDStream)> ds(ZSTD_createDStream(), ZSTD_freeDStream);
    if (!ds) return "zstd: context failed";
    ZSTD_initDStream(ds.get());
    ZSTD_inBuffer input{in.data(), in.size(), 0};
    char buf[64 * 1024];
    size_t produced = 0;
    size_t rc = 1;
    while (input.pos < input.size || rc != 0) {
        ZSTD_outBuffer output{buf, sizeof buf, 0};
        rc = ZSTD_decompressStream(ds.get(), &output, &input);
        if (ZSTD_isError(rc)) return std::string("zstd: ") + ZSTD_getErrorName(rc);
        produced += output.pos;
        if (produced > limit) return "zstd: output exceeds the limit";
        out.append(buf, output.pos);
        if (output.pos == 0 && input.pos == input.size && rc != 0) return "zstd: truncated frame";
    }
    return {};
}

}  // namespace

std::string decompress(Compression codec, BytesView in, std::string& out, size_t limit) {
    switch (codec) {
    case Compression::None:
        if (in.size() > limit) return "output exceeds the limit";
        out.append(reinterpret_cast<const char*>(in.data()), in.size());
        return {};
    case Compression::Gzip: return inflateGzip(in, out, limit);
    case Compression::Snappy: return unsnappy(in, out, limit);
    case Compression::Lz4: return unlz4(in, out, limit);
    case Compression::Zstd: return unzstd(in, out, limit);
    }
    return "unknown codec";
}

std::string compress(Compression codec, BytesView in, std::string& out) {
    auto src = reinterpret_cast<const char*>(in.data());
    switch (codec) {
    case Compression::None: out.append(src, in.size()); return {};
    case Compression::Gzip: {
        z_stream zs{};
        if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return "zlib init";
        size_t at = out.size();
        out.resize(at + deflateBound(&zs, static_cast<uLong>(in.size())) + 32);
        zs.next_in = const_cast<Bytef*>(in.data());
        zs.avail_in = static_cast<uInt>(in.size());
        zs.next_out = reinterpret_cast<Bytef*>(out.data() + at);
        zs.avail_out = static_cast<uInt>(out.size() - at);
        int rc = deflate(&zs, Z_FINISH);
        out.resize(at + zs.total_out);
        deflateEnd(&zs);
        return rc == Z_STREAM_END ? std::string() : "gzip: deflate failed";
    }
    case Compression::Snappy: {
        std::string tmp;
        snappy::Compress(src, in.size(), &tmp);
        out += tmp;
        return {};
    }
    case Compression::Lz4: {
        size_t at = out.size();
        size_t bound = LZ4F_compressFrameBound(in.size(), nullptr);
        out.resize(at + bound);
        size_t n = LZ4F_compressFrame(out.data() + at, bound, src, in.size(), nullptr);
        if (LZ4F_isError(n)) { out.resize(at); return "lz4: compress failed"; }
        out.resize(at + n);
        return {};
    }
    case Compression::Zstd: {
        size_t at = out.size();
        size_t bound = ZSTD_compressBound(in.size());
        out.resize(at + bound);
        size_t n = ZSTD_compress(out.data() + at, bound, src, in.size(), 3);
        if (ZSTD_isError(n)) { out.resize(at); return "zstd: compress failed"; }
        out.resize(at + n);
        return {};
    }
    }
    return "unknown codec";
}

}  // namespace plexus::protocol
