// Avro schema parsing, validation, Parsing Canonical Form and compatibility.
// See avro_schema.h for the contract. Internally the parser throws ParseError
// (and nlohmann::json may throw); both are caught in parseAvroSchema().
#include "broker/registry/avro_schema.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <utility>

namespace plexus::registry {

namespace {

using nlohmann::json;

struct Arena {
    std::vector<std::unique_ptr<AvroNode>> nodes;
};

struct ParseError {
    std::string message;
};

[[noreturn]] void fail(const std::string& where, const std::string& what) {
    throw ParseError{where.empty() ? what : where + ": " + what};
}

const std::map<std::string, AvroType, std::less<>>& primitiveTypes() {
    static const std::map<std::string, AvroType, std::less<>> kPrimitives = {
        {"null", AvroType::Null},   {"boolean", AvroType::Boolean}, {"int", AvroType::Int},
        {"long", AvroType::Long},   {"float", AvroType::Float},     {"double", AvroType::Double},
        {"bytes", AvroType::Bytes}, {"string", AvroType::String},
    };
    return kPrimitives;
}

bool isValidName(std::string_view s) {
    if (s.empty()) return false;
    auto alpha = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; };
    if (!alpha(s[0])) return false;
    return std::all_of(s.begin() + 1, s.end(), [&](char c) { return alpha(c) || (c >= '0' && c <= '9'); });
}

// A dotted name (namespace or full name): every component must be a valid name.
bool isValidDotted(std::string_view s) {
    size_t start = 0;
    while (true) {
        size_t dot = s.find('.', start);
        if (!isValidName(s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start)))
            return false;
        if (dot == std::string_view::npos) return true;
        start = dot + 1;
    }
}

std::string squote(const std::string& s) { return "'" + s + "'"; }

// A JSON value for a message: strings in single quotes, the rest as JSON.
std::string show(const json& v) {
    if (v.is_string()) return squote(v.get<std::string>());
    std::string s = v.dump();
    if (s.size() > 80) s = s.substr(0, 77) + "...";
    return s;
}

std::string describe(const AvroNode& t) {
    switch (t.type) {
    case AvroType::Null: return "null";
    case AvroType::Boolean: return "a boolean";
    case AvroType::Int: return "an int";
    case AvroType::Long: return "a long";
    case AvroType::Float: return "a float";
    case AvroType::Double: return "a double";
    case AvroType::Bytes: return "a bytes string";
    case AvroType::String: return "a string";
    case AvroType::Record: return "a record " + squote(t.fullName);
    case AvroType::Enum: return "a symbol of enum " + squote(t.fullName);
    case AvroType::Array: return "an array";
    case AvroType::Map: return "a map";
    case AvroType::Fixed: return "a fixed " + squote(t.fullName) + " of size " + std::to_string(t.size);
    case AvroType::Union: return t.branches.empty() ? "a value of an empty union" : describe(*t.branches[0]) + " (the union's first branch)";
    }
    return "?";
}

// Number of code points of a UTF-8 string if each is <= U+00FF (Avro's JSON
// encoding of bytes and fixed), nullopt otherwise.
std::optional<size_t> latin1Length(const std::string& s) {
    size_t n = 0;
    for (size_t i = 0; i < s.size(); ++n) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) { i += 1; continue; }
        if ((c == 0xC2 || c == 0xC3) && i + 1 < s.size()) { i += 2; continue; }
        return std::nullopt;
    }
    return n;
}

bool isValidDefault(const AvroNode& t, const json& v) {
    switch (t.type) {
    case AvroType::Null: return v.is_null();
    case AvroType::Boolean: return v.is_boolean();
    case AvroType::Int:
        if (v.is_number_unsigned()) return v.get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<int32_t>::max());
        if (v.is_number_integer()) {
            auto x = v.get<int64_t>();
            return x >= std::numeric_limits<int32_t>::min() && x <= std::numeric_limits<int32_t>::max();
        }
        return false;
    case AvroType::Long:
        if (v.is_number_unsigned()) return v.get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
        return v.is_number_integer();
    case AvroType::Float:
    case AvroType::Double: return v.is_number();
    case AvroType::String: return v.is_string();
    case AvroType::Bytes: return v.is_string() && latin1Length(v.get<std::string>()).has_value();
    case AvroType::Fixed: {
        if (!v.is_string()) return false;
        auto n = latin1Length(v.get<std::string>());
        return n && static_cast<int64_t>(*n) == t.size;
    }
    case AvroType::Enum:
        return v.is_string() && std::find(t.symbols.begin(), t.symbols.end(), v.get<std::string>()) != t.symbols.end();
    case AvroType::Array:
        if (!v.is_array()) return false;
        return std::all_of(v.begin(), v.end(), [&](const json& e) { return isValidDefault(*t.items, e); });
    case AvroType::Map:
        if (!v.is_object()) return false;
        return std::all_of(v.begin(), v.end(), [&](const json& e) { return isValidDefault(*t.values, e); });
    case AvroType::Record:
        if (!v.is_object()) return false;
        for (const auto& f : t.fields) {
            auto it = v.find(f.name);
            if (it != v.end()) {
                if (!isValidDefault(*f.type, *it)) return false;
            } else if (!f.defaultValue) {
                return false;
            }
        }
        return true;
    case AvroType::Union: return !t.branches.empty() && isValidDefault(*t.branches[0], v);
    }
    return false;
}

class Parser {
public:
    explicit Parser(Arena& arena) : m_arena(arena) {}

    const AvroNode* parse(const json& j, const std::string& ns, const std::string& where) {
        if (j.is_string()) return parseName(j.get<std::string>(), ns, where);
        if (j.is_array()) return parseUnion(j, ns, where);
        if (j.is_object()) return parseObject(j, ns, where);
        fail(where, "a schema must be a type name, an object or an array (union), not " + show(j));
    }

    std::vector<const AvroNode*> named;

private:
    AvroNode* make(AvroType t) {
        m_arena.nodes.push_back(std::make_unique<AvroNode>());
        m_arena.nodes.back()->type = t;
        return m_arena.nodes.back().get();
    }

    const AvroNode* lookup(const std::string& name, const std::string& ns) const {
        if (name.find('.') == std::string::npos && !ns.empty()) {
            auto it = m_names.find(ns + "." + name);
            if (it != m_names.end()) return it->second;
        }
        auto it = m_names.find(name);
        return it == m_names.end() ? nullptr : it->second;
    }

    const AvroNode* parseName(const std::string& name, const std::string& ns, const std::string& where) {
        auto p = primitiveTypes().find(name);
        if (p != primitiveTypes().end()) return make(p->second);
        if (const AvroNode* n = lookup(name, ns)) return n;
        if (name == "record" || name == "enum" || name == "array" || name == "map" || name == "fixed" ||
            name == "error")
            fail(where, "type " + squote(name) + " must be written as an object with its attributes");
        fail(where, "unknown type " + squote(name) + (ns.empty() ? "" : " (in namespace " + squote(ns) + ")"));
    }

    const AvroNode* parseUnion(const json& j, const std::string& ns, const std::string& where) {
        AvroNode* u = make(AvroType::Union);
        std::set<std::string> seen;
        for (size_t i = 0; i < j.size(); ++i) {
            std::string bw = "branch " + std::to_string(i) + " of the union" + (where.empty() ? "" : " in " + where);
            if (j[i].is_array()) fail(bw, "a union may not immediately contain another union");
            const AvroNode* b = parse(j[i], ns, bw);
            std::string key = b->isNamed() ? b->fullName : avroTypeName(b->type);
            if (!seen.insert(key).second) fail(bw, "the union already has a branch of type " + squote(key));
            u->branches.push_back(b);
        }
        return u;
    }

    static std::string requiredString(const json& j, const char* key, const std::string& where, const std::string& what) {
        auto it = j.find(key);
        if (it == j.end()) fail(where, what + " has no " + squote(key));
        if (!it->is_string()) fail(where, what + ": " + squote(key) + " must be a string, not " + show(*it));
        return it->get<std::string>();
    }

    static std::string optionalString(const json& j, const char* key, const std::string& where) {
        auto it = j.find(key);
        if (it == j.end() || it->is_null()) return {};
        if (!it->is_string()) fail(where, squote(key) + " must be a string, not " + show(*it));
        return it->get<std::string>();
    }

    // Names a named type: fills name, space and fullName; checks syntax and redefinition.
    void nameType(AvroNode* n, const json& j, const std::string& ns, const std::string& where, const std::string& kind) {
        std::string name = requiredString(j, "name", where, "a " + kind);
        std::string space = ns;
        auto nsIt = j.find("namespace");
        if (nsIt != j.end() && !nsIt->is_null()) {
            if (!nsIt->is_string()) fail(where, "'namespace' of " + kind + " " + squote(name) + " must be a string");
            space = nsIt->get<std::string>();
        }
        auto dot = name.rfind('.');
        if (dot != std::string::npos) {
            space = name.substr(0, dot);
            name = name.substr(dot + 1);
        }
        std::string full = space.empty() ? name : space + "." + name;
        if (!isValidName(name) || (!space.empty() && !isValidDotted(space)))
            fail(where, "invalid " + kind + " name " + squote(full) + ": each part must match [A-Za-z_][A-Za-z0-9_]*");
        if (primitiveTypes().count(name))
            fail(where, "the primitive type name " + squote(name) + " cannot be redefined as a " + kind);
        if (m_names.count(full)) fail(where, "the name " + squote(full) + " is already defined");
        n->name = name;
        n->space = space;
        n->fullName = full;
        m_names[full] = n;
        named.push_back(n);
        auto al = j.find("aliases");
        if (al != j.end()) {
            if (!al->is_array()) fail(where, "'aliases' of " + squote(full) + " must be an array of names");
            for (const auto& a : *al) {
                if (!a.is_string() || !isValidDotted(a.get<std::string>()))
                    fail(where, "alias " + show(a) + " of " + squote(full) + " is not a valid name");
                std::string s = a.get<std::string>();
                n->aliases.push_back(s.find('.') == std::string::npos && !space.empty() ? space + "." + s : s);
            }
        }
        n->doc = optionalString(j, "doc", where);
    }

    static void keepProps(AvroNode* n, const json& j, std::initializer_list<const char*> known) {
        for (auto it = j.begin(); it != j.end(); ++it) {
            if (std::none_of(known.begin(), known.end(), [&](const char* k) { return it.key() == k; }))
                n->props[it.key()] = it.value();
        }
    }

    // Logical types: recognised ones are recorded; unknown or invalid ones ignored (spec).
    static void applyLogical(AvroNode* n, const json& j) {
        auto it = j.find("logicalType");
        if (it == j.end() || !it->is_string()) return;
        const std::string lt = it->get<std::string>();
        auto on = [&](AvroLogical l, AvroType base) {
            if (n->type == base) n->logical = l;
        };
        if (lt == "decimal") {
            if (n->type != AvroType::Bytes && n->type != AvroType::Fixed) return;
            auto p = j.find("precision");
            auto s = j.find("scale");
            if (p == j.end() || !p->is_number_integer()) return;
            int64_t precision = p->get<int64_t>();
            int64_t scale = 0;
            if (s != j.end()) {
                if (!s->is_number_integer()) return;
                scale = s->get<int64_t>();
            }
            if (precision <= 0 || scale < 0 || scale > precision || precision > 1000) return;
            if (n->type == AvroType::Fixed) {
                // Largest precision a signed two's-complement value of `size` bytes holds.
                if (n->size <= 0 || n->size > 1024) return;
                auto maxPrecision = static_cast<int64_t>(std::floor(std::log10(2.0) * (8.0 * static_cast<double>(n->size) - 1.0)));
                if (precision > maxPrecision) return;
            }
            n->logical = AvroLogical::Decimal;
            n->precision = static_cast<int>(precision);
            n->scale = static_cast<int>(scale);
        } else if (lt == "uuid") {
            on(AvroLogical::Uuid, AvroType::String);
        } else if (lt == "date") {
            on(AvroLogical::Date, AvroType::Int);
        } else if (lt == "time-millis") {
            on(AvroLogical::TimeMillis, AvroType::Int);
        } else if (lt == "time-micros") {
            on(AvroLogical::TimeMicros, AvroType::Long);
        } else if (lt == "timestamp-millis") {
            on(AvroLogical::TimestampMillis, AvroType::Long);
        } else if (lt == "timestamp-micros") {
            on(AvroLogical::TimestampMicros, AvroType::Long);
        } else if (lt == "local-timestamp-millis") {
            on(AvroLogical::LocalTimestampMillis, AvroType::Long);
        } else if (lt == "local-timestamp-micros") {
            on(AvroLogical::LocalTimestampMicros, AvroType::Long);
        } else if (lt == "duration") {
            if (n->type == AvroType::Fixed && n->size == 12) n->logical = AvroLogical::Duration;
        }
    }

    const AvroNode* parseObject(const json& j, const std::string& ns, const std::string& where) {
        auto typeIt = j.find("type");
        if (typeIt == j.end()) fail(where, "a schema object needs a 'type'");
        if (!typeIt->is_string()) {
            // {"type": {...}} / {"type": [...]}: a wrapped schema; accepted like Avro Java does.
            return parse(*typeIt, ns, where);
        }
        const std::string type = typeIt->get<std::string>();
        auto prim = primitiveTypes().find(type);
        if (prim != primitiveTypes().end()) {
            AvroNode* n = make(prim->second);
            keepProps(n, j, {"type"});
            applyLogical(n, j);
            return n;
        }
        if (type == "record" || type == "error") return parseRecord(j, ns, where);
        if (type == "enum") return parseEnum(j, ns, where);
        if (type == "fixed") return parseFixed(j, ns, where);
        if (type == "array" || type == "map") {
            const bool isArray = type == "array";
            const char* key = isArray ? "items" : "values";
            auto it = j.find(key);
            if (it == j.end()) fail(where, std::string(isArray ? "an array" : "a map") + " needs " + squote(key));
            AvroNode* n = make(isArray ? AvroType::Array : AvroType::Map);
            std::string inner = std::string(key) + " of the " + type + (where.empty() ? "" : " in " + where);
            (isArray ? n->items : n->values) = parse(*it, ns, inner);
            keepProps(n, j, {"type", key});
            return n;
        }
        // {"type": "some.Name"}: a reference to a named type.
        return parseName(type, ns, where);
    }

    const AvroNode* parseRecord(const json& j, const std::string& ns, const std::string& where) {
        AvroNode* n = make(AvroType::Record);
        nameType(n, j, ns, where, "record");
        const std::string self = "record " + squote(n->fullName);
        keepProps(n, j, {"type", "name", "namespace", "aliases", "doc", "fields"});
        auto fieldsIt = j.find("fields");
        if (fieldsIt == j.end() || !fieldsIt->is_array()) fail(self, "'fields' must be an array");
        std::set<std::string> names;
        for (size_t i = 0; i < fieldsIt->size(); ++i) {
            const json& fj = (*fieldsIt)[i];
            std::string fw = "field " + std::to_string(i) + " of " + self;
            if (!fj.is_object()) fail(fw, "a field must be an object");
            AvroField f;
            f.name = requiredString(fj, "name", fw, "the field");
            fw = "field " + squote(f.name) + " of " + self;
            if (!isValidName(f.name)) fail(fw, "invalid field name: it must match [A-Za-z_][A-Za-z0-9_]*");
            if (!names.insert(f.name).second) fail(fw, "the record already has a field of that name");
            auto typeIt = fj.find("type");
            if (typeIt == fj.end()) fail(fw, "the field has no 'type'");
            f.type = parse(*typeIt, n->space, fw);
            f.doc = optionalString(fj, "doc", fw);
            auto al = fj.find("aliases");
            if (al != fj.end()) {
                if (!al->is_array()) fail(fw, "'aliases' must be an array of names");
                for (const auto& a : *al) {
                    if (!a.is_string() || !isValidName(a.get<std::string>()))
                        fail(fw, "alias " + show(a) + " is not a valid field name");
                    f.aliases.push_back(a.get<std::string>());
                }
            }
            auto ord = fj.find("order");
            if (ord != fj.end()) {
                if (!ord->is_string() || (*ord != "ascending" && *ord != "descending" && *ord != "ignore"))
                    fail(fw, "'order' must be \"ascending\", \"descending\" or \"ignore\", not " + show(*ord));
                f.order = ord->get<std::string>();
            }
            auto def = fj.find("default");
            if (def != fj.end()) {
                if (!isValidDefault(*f.type, *def)) fail(fw, "default " + show(*def) + " is not " + describe(*f.type));
                f.defaultValue = *def;
            }
            for (auto it = fj.begin(); it != fj.end(); ++it) {
                static const std::set<std::string> kKnown = {"name", "type", "doc", "aliases", "order", "default"};
                if (!kKnown.count(it.key())) f.props[it.key()] = it.value();
            }
            n->fields.push_back(std::move(f));
        }
        return n;
    }

    const AvroNode* parseEnum(const json& j, const std::string& ns, const std::string& where) {
        AvroNode* n = make(AvroType::Enum);
        nameType(n, j, ns, where, "enum");
        const std::string self = "enum " + squote(n->fullName);
        keepProps(n, j, {"type", "name", "namespace", "aliases", "doc", "symbols", "default"});
        auto sym = j.find("symbols");
        if (sym == j.end() || !sym->is_array()) fail(self, "'symbols' must be an array of names");
        std::set<std::string> seen;
        for (const auto& s : *sym) {
            if (!s.is_string() || !isValidName(s.get<std::string>()))
                fail(self, "symbol " + show(s) + " is not a valid name ([A-Za-z_][A-Za-z0-9_]*)");
            if (!seen.insert(s.get<std::string>()).second) fail(self, "symbol " + show(s) + " appears twice");
            n->symbols.push_back(s.get<std::string>());
        }
        auto def = j.find("default");
        if (def != j.end()) {
            if (!def->is_string() || !seen.count(def->get<std::string>()))
                fail(self, "default " + show(*def) + " is not one of its symbols");
            n->enumDefault = def->get<std::string>();
        }
        return n;
    }

    const AvroNode* parseFixed(const json& j, const std::string& ns, const std::string& where) {
        AvroNode* n = make(AvroType::Fixed);
        nameType(n, j, ns, where, "fixed");
        const std::string self = "fixed " + squote(n->fullName);
        keepProps(n, j, {"type", "name", "namespace", "aliases", "doc", "size"});
        auto size = j.find("size");
        if (size == j.end()) fail(self, "no 'size'");
        if (!size->is_number_integer()) fail(self, "'size' must be an integer, not " + show(*size));
        if (size->is_number_unsigned() ? size->get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int32_t>::max())
                                       : size->get<int64_t>() < 0)
            fail(self, "'size' must be between 0 and 2^31-1, not " + show(*size));
        n->size = size->get<int64_t>();
        applyLogical(n, j);
        return n;
    }

    Arena& m_arena;
    std::map<std::string, AvroNode*> m_names;
};

// ---- Parsing Canonical Form

void canonical(const AvroNode& n, std::set<std::string>& seen, std::string& out) {
    auto str = [&](const std::string& s) { out += json(s).dump(); };
    switch (n.type) {
    case AvroType::Record:
    case AvroType::Enum:
    case AvroType::Fixed:
        if (!seen.insert(n.fullName).second) {
            str(n.fullName);
            return;
        }
        out += "{\"name\":";
        str(n.fullName);
        if (n.type == AvroType::Record) {
            out += ",\"type\":\"record\",\"fields\":[";
            for (size_t i = 0; i < n.fields.size(); ++i) {
                if (i) out += ',';
                out += "{\"name\":";
                str(n.fields[i].name);
                out += ",\"type\":";
                canonical(*n.fields[i].type, seen, out);
                out += '}';
            }
            out += "]}";
        } else if (n.type == AvroType::Enum) {
            out += ",\"type\":\"enum\",\"symbols\":[";
            for (size_t i = 0; i < n.symbols.size(); ++i) {
                if (i) out += ',';
                str(n.symbols[i]);
            }
            out += "]}";
        } else {
            out += ",\"type\":\"fixed\",\"size\":" + std::to_string(n.size) + "}";
        }
        return;
    case AvroType::Array:
        out += "{\"type\":\"array\",\"items\":";
        canonical(*n.items, seen, out);
        out += '}';
        return;
    case AvroType::Map:
        out += "{\"type\":\"map\",\"values\":";
        canonical(*n.values, seen, out);
        out += '}';
        return;
    case AvroType::Union:
        out += '[';
        for (size_t i = 0; i < n.branches.size(); ++i) {
            if (i) out += ',';
            canonical(*n.branches[i], seen, out);
        }
        out += ']';
        return;
    default:
        str(avroTypeName(n.type));
        return;
    }
}

// ---- Compatibility (Avro Java's SchemaCompatibility, plus decimals)

struct Verdict {
    bool ok = true;
    std::vector<std::string> messages;
    void add(const Verdict& o) {
        ok = ok && o.ok;
        messages.insert(messages.end(), o.messages.begin(), o.messages.end());
    }
};

Verdict incompatible(const char* kind, const std::string& path, const std::string& text) {
    return Verdict{false, {std::string(kind) + " at " + (path.empty() ? "/" : path) + ": " + text}};
}

std::string label(const AvroNode& n) {
    std::string s = avroTypeName(n.type);
    if (n.isNamed()) s += " " + squote(n.fullName);
    if (n.logical == AvroLogical::Decimal)
        s += " (decimal(" + std::to_string(n.precision) + "," + std::to_string(n.scale) + "))";
    return s;
}

class Checker {
public:
    Verdict check(const AvroNode& r, const AvroNode& w, const std::string& path) {
        auto key = std::make_pair(&r, &w);
        auto it = m_memo.find(key);
        if (it != m_memo.end()) {
            // In progress (a recursive type reached itself): assume compatible, like
            // Avro Java. Done: the same verdict and messages (with the paths where the
            // pair was first met; duplicates are dropped at the end).
            return it->second;
        }
        m_memo[key] = Verdict{};
        Verdict v = compute(r, w, path);
        m_memo[key] = v;
        return v;
    }

private:
    static bool namesMatch(const AvroNode& r, const AvroNode& w) {
        return r.name == w.name || std::find(r.aliases.begin(), r.aliases.end(), w.fullName) != r.aliases.end();
    }

    static Verdict checkNames(const AvroNode& r, const AvroNode& w, const std::string& path) {
        if (namesMatch(r, w)) return {};
        return incompatible("NAME_MISMATCH", path + "/name",
                            "reader " + label(r) + " does not match writer " + label(w) + " (expected " +
                                squote(w.fullName) + " or a reader alias of it)");
    }

    static Verdict checkDecimal(const AvroNode& r, const AvroNode& w, const std::string& path) {
        if (r.logical == AvroLogical::Decimal && w.logical == AvroLogical::Decimal &&
            (r.precision != w.precision || r.scale != w.scale))
            return incompatible("TYPE_MISMATCH", path, "reader " + label(r) + " has a different precision or scale from writer " + label(w));
        return {};
    }

    Verdict compute(const AvroNode& r, const AvroNode& w, const std::string& path) {
        Verdict v;
        if (r.type == w.type) {
            switch (r.type) {
            case AvroType::Array: return check(*r.items, *w.items, path + "/items");
            case AvroType::Map: return check(*r.values, *w.values, path + "/values");
            case AvroType::Fixed:
                v.add(checkNames(r, w, path));
                if (r.size != w.size)
                    v.add(incompatible("FIXED_SIZE_MISMATCH", path + "/size",
                                       "reader " + label(r) + " has size " + std::to_string(r.size) + ", writer " +
                                           label(w) + " has size " + std::to_string(w.size)));
                v.add(checkDecimal(r, w, path));
                return v;
            case AvroType::Enum: {
                v.add(checkNames(r, w, path));
                std::vector<std::string> missing;
                for (const auto& s : w.symbols)
                    if (std::find(r.symbols.begin(), r.symbols.end(), s) == r.symbols.end()) missing.push_back(s);
                if (!missing.empty() && !r.enumDefault) {
                    std::string list;
                    for (const auto& s : missing) list += (list.empty() ? "" : ", ") + s;
                    v.add(incompatible("MISSING_ENUM_SYMBOLS", path + "/symbols",
                                       "reader " + label(r) + " lacks writer symbols [" + list + "] and has no default"));
                }
                return v;
            }
            case AvroType::Record:
                v.add(checkNames(r, w, path));
                v.add(checkFields(r, w, path));
                return v;
            case AvroType::Union:
                for (size_t i = 0; i < w.branches.size(); ++i) {
                    if (!check(r, *w.branches[i], path).ok)
                        v.add(incompatible("MISSING_UNION_BRANCH", path + "/" + std::to_string(i),
                                           "reader union lacks a branch that reads writer branch " + label(*w.branches[i])));
                }
                return v;
            case AvroType::Bytes: return checkDecimal(r, w, path);
            default: return v;  // same primitive
            }
        }
        if (w.type == AvroType::Union) {
            for (const AvroNode* b : w.branches) v.add(check(r, *b, path));
            return v;
        }
        auto mismatch = [&] {
            return incompatible("TYPE_MISMATCH", path, "reader type " + label(r) + " cannot read writer type " + label(w));
        };
        switch (r.type) {
        case AvroType::Long: return w.type == AvroType::Int ? v : mismatch();
        case AvroType::Float: return (w.type == AvroType::Int || w.type == AvroType::Long) ? v : mismatch();
        case AvroType::Double:
            return (w.type == AvroType::Int || w.type == AvroType::Long || w.type == AvroType::Float) ? v : mismatch();
        case AvroType::Bytes: return w.type == AvroType::String ? v : mismatch();
        case AvroType::String: return w.type == AvroType::Bytes ? v : mismatch();
        case AvroType::Union:
            for (const AvroNode* b : r.branches)
                if (check(*b, w, path).ok) return v;
            return incompatible("MISSING_UNION_BRANCH", path, "reader union has no branch that reads writer type " + label(w));
        default: return mismatch();
        }
    }

    Verdict checkFields(const AvroNode& r, const AvroNode& w, const std::string& path) {
        Verdict v;
        for (size_t i = 0; i < r.fields.size(); ++i) {
            const AvroField& rf = r.fields[i];
            const AvroField* wf = nullptr;
            auto byName = [&](const std::string& name) -> const AvroField* {
                for (const auto& f : w.fields)
                    if (f.name == name) return &f;
                return nullptr;
            };
            wf = byName(rf.name);
            for (size_t a = 0; !wf && a < rf.aliases.size(); ++a) wf = byName(rf.aliases[a]);
            const std::string fp = path + "/fields/" + std::to_string(i);
            if (wf) {
                v.add(check(*rf.type, *wf->type, fp + "/type"));
            } else if (!rf.defaultValue) {
                v.add(incompatible("READER_FIELD_MISSING_DEFAULT_VALUE", fp,
                                   "reader field " + squote(rf.name) + " of record " + squote(r.fullName) +
                                       " has no default value and is missing from the writer"));
            }
        }
        return v;
    }

    std::map<std::pair<const AvroNode*, const AvroNode*>, Verdict> m_memo;
};

}  // namespace

const char* avroTypeName(AvroType type) {
    switch (type) {
    case AvroType::Null: return "null";
    case AvroType::Boolean: return "boolean";
    case AvroType::Int: return "int";
    case AvroType::Long: return "long";
    case AvroType::Float: return "float";
    case AvroType::Double: return "double";
    case AvroType::Bytes: return "bytes";
    case AvroType::String: return "string";
    case AvroType::Record: return "record";
    case AvroType::Enum: return "enum";
    case AvroType::Array: return "array";
    case AvroType::Map: return "map";
    case AvroType::Union: return "union";
    case AvroType::Fixed: return "fixed";
    }
    return "?";
}

Result<AvroSchema> parseAvroSchema(std::string_view text, const std::vector<std::string>& references) {
    try {
        auto arena = std::make_shared<Arena>();
        Parser parser(*arena);
        for (size_t i = 0; i < references.size(); ++i) {
            const std::string ref = "reference " + std::to_string(i + 1);
            json rj = json::parse(references[i], nullptr, false);
            if (rj.is_discarded()) return Status::error(ref + ": not valid JSON");
            try {
                parser.parse(rj, "", "");
            } catch (const ParseError& e) {
                return Status::error(ref + ": " + e.message);
            }
        }
        json j = json::parse(text.begin(), text.end());
        const AvroNode* root = parser.parse(j, "", "");
        AvroSchema s;
        s.m_root = root;
        s.m_named = std::move(parser.named);
        s.m_arena = std::move(arena);
        return s;
    } catch (const ParseError& e) {
        return Status::error(e.message);
    } catch (const json::parse_error& e) {
        return Status::error(std::string("not valid JSON: ") + e.what());
    } catch (const std::exception& e) {
        return Status::error(std::string("invalid schema: ") + e.what());
    }
}

std::string AvroSchema::canonicalForm() const {
    std::string out;
    std::set<std::string> seen;
    canonical(*m_root, seen, out);
    return out;
}

std::vector<std::string> checkCompatibility(const AvroSchema& reader, const AvroSchema& writer) {
    Checker checker;
    Verdict v = checker.check(reader.root(), writer.root(), "");
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (auto& m : v.messages)
        if (seen.insert(m).second) out.push_back(std::move(m));
    if (!v.ok && out.empty()) out.push_back("incompatible");  // not expected: every failure carries a message
    return out;
}

}  // namespace plexus::registry
