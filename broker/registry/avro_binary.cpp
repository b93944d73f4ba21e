#include "broker/registry/avro_binary.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace plexus::registry {
namespace {

using nlohmann::json;

constexpr int kMaxDepth = 128;
constexpr size_t kPathRedecodeLimit = 64 * 1024;  ///< larger faulty datums get the message without the path

/// The name a union branch is written under in Avro's JSON encoding.
std::string branchName(const AvroNode& n) {
    if (n.isNamed()) return n.fullName;
    return avroTypeName(n.type);
}

bool validUtf8(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
        auto c = static_cast<unsigned char>(s[i]);
        size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (len == 0 || i + len > s.size()) return false;
        uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
        for (size_t k = 1; k < len; ++k) {
            auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += len;
    }
    return true;
}

/// Bytes and fixed in the JSON encoding: each byte is one code point.
std::string bytesToJsonString(std::string_view b) {
    std::string out;
    out.reserve(b.size() * 2);
    for (char ch : b) {
        auto c = static_cast<unsigned char>(ch);
        if (c < 0x80) {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back(static_cast<char>(0xC0 | (c >> 6)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        }
    }
    return out;
}

/// Reads one datum. With Build, the value is built as JSON and the path of
/// a fault is tracked for the message; without, the bytes are only checked
/// (the broker's validation path: no allocation per value).
template <bool Build> class Decoder {
    using json = nlohmann::ordered_json;

public:
    // Every value but a zero-sized one (null, an empty record, fixed(0))
    // takes at least one byte, so a datum holds at most about one value per
    // byte; the budget allows as many zero-sized ones again, keeping the work
    // per datum linear in its size.
    explicit Decoder(std::string_view data) : m_data(data), m_budget(2 * data.size() + 4096) {}

    Result<json> datum(const AvroNode& root) {
        json out;
        if (!read(root, out, 0)) return Status::error(m_error);
        if (m_pos != m_data.size())
            return Status::error("datum ends at byte " + std::to_string(m_pos) + " but " +
                                 std::to_string(m_data.size() - m_pos) + " more bytes follow");
        return out;
    }

private:
    bool fail(const std::string& what) {
        m_error = "at byte " + std::to_string(m_pos) + (m_path.empty() ? "" : " (" + m_path + ")") + ": " + what;
        return false;
    }
    size_t left() const { return m_data.size() - m_pos; }

    bool varlong(int64_t& out) {
        uint64_t v = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (m_pos >= m_data.size()) return fail("truncated varint");
            auto b = static_cast<unsigned char>(m_data[m_pos++]);
            if (shift == 63 && (b & 0x7E) != 0) return fail("varint overflows 64 bits");
            v |= static_cast<uint64_t>(b & 0x7F) << shift;
            if (!(b & 0x80)) {
                out = static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
                return true;
            }
        }
        return fail("varint longer than 10 bytes");
    }
    bool varint(int32_t& out) {
        int64_t v = 0;
        if (!varlong(v)) return false;
        if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max())
            return fail("int " + std::to_string(v) + " is out of 32-bit range");
        out = static_cast<int32_t>(v);
        return true;
    }
    bool raw(size_t n, std::string_view& out) {
        if (n > left()) return fail(std::to_string(n) + " bytes needed, " + std::to_string(left()) + " left");
        out = m_data.substr(m_pos, n);
        m_pos += n;
        return true;
    }
    bool length(std::string_view& out, const char* what) {
        int64_t n = 0;
        if (!varlong(n)) return false;
        if (n < 0) return fail(std::string(what) + " length " + std::to_string(n) + " is negative");
        if (static_cast<uint64_t>(n) > left())
            return fail(std::string(what) + " length " + std::to_string(n) + " exceeds the " + std::to_string(left()) +
                        " bytes left");
        return raw(static_cast<size_t>(n), out);
    }
    bool spend(int64_t values) {
        if (values < 0 || static_cast<uint64_t>(values) > m_budget)
            return fail("block of " + std::to_string(values) + " items exceeds what " + std::to_string(m_data.size()) +
                        " bytes can hold");
        m_budget -= static_cast<uint64_t>(values);
        return true;
    }
    /// Reads one block header: item count (a negative count is followed by
    /// the block's byte size, which is read and ignored).
    bool blockCount(int64_t& count) {
        if (!varlong(count)) return false;
        if (count < 0) {
            if (count == std::numeric_limits<int64_t>::min()) return fail("block count out of range");
            count = -count;
            int64_t bytes = 0;
            if (!varlong(bytes)) return false;
            if (bytes < 0 || static_cast<uint64_t>(bytes) > left())
                return fail("block size " + std::to_string(bytes) + " exceeds the " + std::to_string(left()) + " bytes left");
        }
        return spend(count);
    }

    template <class V> static void set(json& out, V&& v) {
        if constexpr (Build) out = std::forward<V>(v);
    }

    bool read(const AvroNode& n, json& out, int depth) {
        if (depth > kMaxDepth) return fail("nested deeper than " + std::to_string(kMaxDepth) + " levels");
        if (!spend(1)) return false;
        switch (n.type) {
        case AvroType::Null: set(out, nullptr); return true;
        case AvroType::Boolean: {
            std::string_view b;
            if (!raw(1, b)) return false;
            if (b[0] != 0 && b[0] != 1) return fail("boolean byte is " + std::to_string(static_cast<unsigned char>(b[0])));
            set(out, b[0] == 1);
            return true;
        }
        case AvroType::Int: {
            int32_t v = 0;
            if (!varint(v)) return false;
            set(out, v);
            return true;
        }
        case AvroType::Long: {
            int64_t v = 0;
            if (!varlong(v)) return false;
            set(out, v);
            return true;
        }
        case AvroType::Float: {
            std::string_view b;
            if (!raw(4, b)) return false;
            uint32_t bits = 0;
            for (int i = 3; i >= 0; --i) bits = (bits << 8) | static_cast<unsigned char>(b[static_cast<size_t>(i)]);
            float f;
            std::memcpy(&f, &bits, 4);
            set(out, static_cast<double>(f));
            return true;
        }
        case AvroType::Double: {
            std::string_view b;
            if (!raw(8, b)) return false;
            uint64_t bits = 0;
            for (int i = 7; i >= 0; --i) bits = (bits << 8) | static_cast<unsigned char>(b[static_cast<size_t>(i)]);
            double d;
            std::memcpy(&d, &bits, 8);
            set(out, d);
            return true;
        }
        case AvroType::Bytes: {
            std::string_view b;
            if (!length(b, "bytes")) return false;
            if constexpr (Build) out = bytesToJsonString(b);
            return true;
        }
        case AvroType::String: {
            std::string_view s;
            if (!length(s, "string")) return false;
            if (!validUtf8(s)) return fail("string is not valid UTF-8");
            if constexpr (Build) out = std::string(s);
            return true;
        }
        case AvroType::Fixed: {
            std::string_view b;
            if (!raw(static_cast<size_t>(n.size), b)) return false;
            if constexpr (Build) out = bytesToJsonString(b);
            return true;
        }
        case AvroType::Enum: {
            int32_t i = 0;
            if (!varint(i)) return false;
            if (i < 0 || static_cast<size_t>(i) >= n.symbols.size())
                return fail("enum index " + std::to_string(i) + " of '" + n.fullName + "' is outside 0.." +
                            std::to_string(static_cast<int64_t>(n.symbols.size()) - 1));
            if constexpr (Build) out = n.symbols[static_cast<size_t>(i)];
            return true;
        }
        case AvroType::Union: {
            int64_t i = 0;
            if (!varlong(i)) return false;
            if (i < 0 || static_cast<uint64_t>(i) >= n.branches.size())
                return fail("union branch " + std::to_string(i) + " is outside 0.." +
                            std::to_string(static_cast<int64_t>(n.branches.size()) - 1));
            const AvroNode& b = *n.branches[static_cast<size_t>(i)];
            json v;
            if (!read(b, v, depth + 1)) return false;
            if constexpr (Build) {
                if (b.type == AvroType::Null) out = nullptr;
                else out = json::object({{branchName(b), std::move(v)}});
            }
            return true;
        }
        case AvroType::Record: {
            if constexpr (Build) out = json::object();
            for (const auto& f : n.fields) {
                size_t mark = m_path.size();
                if constexpr (Build) m_path += "/" + f.name;
                json v;
                if (!read(*f.type, v, depth + 1)) return false;
                if constexpr (Build) {
                    m_path.resize(mark);
                    out[f.name] = std::move(v);
                }
            }
            return true;
        }
        case AvroType::Array: {
            if constexpr (Build) out = json::array();
            for (;;) {
                int64_t count = 0;
                if (!blockCount(count)) return false;
                if (count == 0) return true;
                for (int64_t k = 0; k < count; ++k) {
                    size_t mark = m_path.size();
                    if constexpr (Build) m_path += "/" + std::to_string(out.size());
                    json v;
                    if (!read(*n.items, v, depth + 1)) return false;
                    if constexpr (Build) {
                        m_path.resize(mark);
                        out.push_back(std::move(v));
                    }
                }
            }
        }
        case AvroType::Map: {
            if constexpr (Build) out = json::object();
            for (;;) {
                int64_t count = 0;
                if (!blockCount(count)) return false;
                if (count == 0) return true;
                for (int64_t k = 0; k < count; ++k) {
                    std::string_view key;
                    if (!length(key, "map key")) return false;
                    if (!validUtf8(key)) return fail("map key is not valid UTF-8");
                    size_t mark = m_path.size();
                    if constexpr (Build) m_path += "/" + std::string(key);
                    json v;
                    if (!read(*n.values, v, depth + 1)) return false;
                    if constexpr (Build) {
                        m_path.resize(mark);
                        out[std::string(key)] = std::move(v);
                    }
                }
            }
        }
        }
        return fail("unknown node type");
    }

    std::string_view m_data;
    size_t m_pos = 0;
    uint64_t m_budget;
    std::string m_path;
    std::string m_error;
};

// ---------------------------------------------------------------- encoding

void putLong(std::string& out, int64_t v) {
    uint64_t z = (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
    while (z & ~0x7FULL) {
        out.push_back(static_cast<char>((z & 0x7F) | 0x80));
        z >>= 7;
    }
    out.push_back(static_cast<char>(z));
}

bool jsonStringToBytes(const std::string& s, std::string& out) {
    // Inverse of bytesToJsonString: code points must be <= U+00FF.
    for (size_t i = 0; i < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            out.push_back(static_cast<char>(c));
        } else if ((c & 0xE0) == 0xC0 && c <= 0xC3 && i + 1 < s.size()) {
            out.push_back(static_cast<char>(((c & 0x03) << 6) | (static_cast<unsigned char>(s[++i]) & 0x3F)));
        } else {
            return false;
        }
    }
    return true;
}

Status encode(const AvroNode& n, const json& v, std::string& out, const std::string& path, int depth) {
    auto bad = [&](const std::string& what) { return Status::error((path.empty() ? "/" : path) + ": " + what); };
    if (depth > kMaxDepth) return bad("nested too deeply");
    switch (n.type) {
    case AvroType::Null:
        if (!v.is_null()) return bad("expected null");
        return Status::ok();
    case AvroType::Boolean:
        if (!v.is_boolean()) return bad("expected a boolean");
        out.push_back(v.get<bool>() ? 1 : 0);
        return Status::ok();
    case AvroType::Int:
    case AvroType::Long: {
        if (!v.is_number_integer()) return bad("expected an integer");
        if (v.is_number_unsigned() && v.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
            return bad("integer out of 64-bit range");
        int64_t x = v.get<int64_t>();
        if (n.type == AvroType::Int && (x < std::numeric_limits<int32_t>::min() || x > std::numeric_limits<int32_t>::max()))
            return bad("integer out of 32-bit range");
        putLong(out, x);
        return Status::ok();
    }
    case AvroType::Float:
    case AvroType::Double: {
        if (!v.is_number()) return bad("expected a number");
        double d = v.get<double>();
        if (n.type == AvroType::Float) {
            float f = static_cast<float>(d);
            uint32_t bits;
            std::memcpy(&bits, &f, 4);
            for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((bits >> (8 * i)) & 0xFF));
        } else {
            uint64_t bits;
            std::memcpy(&bits, &d, 8);
            for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((bits >> (8 * i)) & 0xFF));
        }
        return Status::ok();
    }
    case AvroType::String:
        if (!v.is_string()) return bad("expected a string");
        putLong(out, static_cast<int64_t>(v.get_ref<const std::string&>().size()));
        out += v.get_ref<const std::string&>();
        return Status::ok();
    case AvroType::Bytes:
    case AvroType::Fixed: {
        if (!v.is_string()) return bad("expected a string of bytes");
        std::string b;
        if (!jsonStringToBytes(v.get_ref<const std::string&>(), b)) return bad("bytes must be code points U+0000..U+00FF");
        if (n.type == AvroType::Fixed) {
            if (static_cast<int64_t>(b.size()) != n.size)
                return bad("fixed '" + n.fullName + "' needs " + std::to_string(n.size) + " bytes, got " + std::to_string(b.size()));
        } else {
            putLong(out, static_cast<int64_t>(b.size()));
        }
        out += b;
        return Status::ok();
    }
    case AvroType::Enum: {
        if (!v.is_string()) return bad("expected an enum symbol");
        for (size_t i = 0; i < n.symbols.size(); ++i)
            if (n.symbols[i] == v.get_ref<const std::string&>()) {
                putLong(out, static_cast<int64_t>(i));
                return Status::ok();
            }
        return bad("'" + v.get<std::string>() + "' is not a symbol of '" + n.fullName + "'");
    }
    case AvroType::Union: {
        for (size_t i = 0; i < n.branches.size(); ++i) {
            const AvroNode& b = *n.branches[i];
            if (v.is_null() && b.type == AvroType::Null) {
                putLong(out, static_cast<int64_t>(i));
                return Status::ok();
            }
            if (v.is_object() && v.size() == 1 && v.begin().key() == branchName(b)) {
                putLong(out, static_cast<int64_t>(i));
                return encode(b, v.begin().value(), out, path + "/" + branchName(b), depth + 1);
            }
        }
        return bad("value matches no union branch (write {\"<type>\": value} or null)");
    }
    case AvroType::Record: {
        if (!v.is_object()) return bad("expected an object for record '" + n.fullName + "'");
        for (const auto& f : n.fields) {
            auto it = v.find(f.name);
            const json& fv = it != v.end() ? *it : f.defaultValue ? *f.defaultValue : json();
            if (it == v.end() && !f.defaultValue) return bad("field '" + f.name + "' is missing and has no default");
            // A default for a union is written for its first branch.
            if (it == v.end() && f.type->type == AvroType::Union) {
                putLong(out, 0);
                if (Status s = encode(*f.type->branches[0], fv, out, path + "/" + f.name, depth + 1); !s) return s;
                continue;
            }
            if (Status s = encode(*f.type, fv, out, path + "/" + f.name, depth + 1); !s) return s;
        }
        return Status::ok();
    }
    case AvroType::Array: {
        if (!v.is_array()) return bad("expected an array");
        if (!v.empty()) {
            putLong(out, static_cast<int64_t>(v.size()));
            for (size_t i = 0; i < v.size(); ++i)
                if (Status s = encode(*n.items, v[i], out, path + "/" + std::to_string(i), depth + 1); !s) return s;
        }
        putLong(out, 0);
        return Status::ok();
    }
    case AvroType::Map: {
        if (!v.is_object()) return bad("expected an object for a map");
        if (!v.empty()) {
            putLong(out, static_cast<int64_t>(v.size()));
            for (auto it = v.begin(); it != v.end(); ++it) {
                putLong(out, static_cast<int64_t>(it.key().size()));
                out += it.key();
                if (Status s = encode(*n.values, it.value(), out, path + "/" + it.key(), depth + 1); !s) return s;
            }
        }
        putLong(out, 0);
        return Status::ok();
    }
    }
    return bad("unknown node type");
}

}  // namespace

Result<nlohmann::ordered_json> decodeAvroBinary(const AvroSchema& schema, std::string_view data) {
    return Decoder<true>(data).datum(schema.root());
}

Status validateAvroBinary(const AvroSchema& schema, std::string_view data) {
    auto fast = Decoder<false>(data).datum(schema.root());
    if (fast) return Status::ok();
    // Fault found: for a small datum, decode again to name the field.
    if (data.size() > kPathRedecodeLimit) return fast.status();
    auto full = Decoder<true>(data).datum(schema.root());
    return full ? fast.status() : full.status();
}

Result<std::string> encodeAvroBinary(const AvroSchema& schema, const nlohmann::json& value) {
    std::string out;
    if (Status s = encode(schema.root(), value, out, "", 0); !s) return s;
    return out;
}

}  // namespace plexus::registry
