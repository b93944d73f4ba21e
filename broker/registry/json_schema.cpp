#include "broker/registry/json_schema.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <cmath>
#include <exception>
#include <regex>
#include <set>
#include <stdexcept>
#include <utility>

#include <nlohmann/json.hpp>

// valijson reports malformed schemas through throwRuntimeError(); with
// exceptions enabled they are std::runtime_error, caught in parse() below.
// Without this define valijson would print and abort().
#ifndef VALIJSON_USE_EXCEPTIONS
#define VALIJSON_USE_EXCEPTIONS 1
#endif
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>
#pragma GCC diagnostic pop

namespace plexus::registry::json {

using nlohmann::json;

struct JsonSchema::Impl {
    Draft draft = Draft::Draft7;
    json document;      // as written; compatibility works on this
    json compiledFrom;  // references normalised for valijson (see RefNormaliser)
    valijson::Schema compiled;
    bool usesRegex = false;  // "pattern", "patternProperties" or "format": valijson matches with std::regex
};

namespace {

bool usesRegex(const json& j);

std::optional<Draft> draftFromUri(const std::string& uri) {
    std::string u = uri;
    if (!u.empty() && u.back() == '#') u.pop_back();
    if (u.rfind("https://", 0) == 0) u = "http://" + u.substr(8);
    if (u == "http://json-schema.org/draft-04/schema") return Draft::Draft4;
    if (u == "http://json-schema.org/draft-06/schema") return Draft::Draft6;
    if (u == "http://json-schema.org/draft-07/schema") return Draft::Draft7;
    return std::nullopt;
}

// "a/b~c" -> "a~1b~0c" (RFC 6901).
std::string escapePointerToken(const std::string& token) {
    std::string out;
    for (char c : token) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

// valijson's context is {"<root>", "[name]", "[0]", ...}.
std::string contextToPointer(const std::vector<std::string>& context) {
    std::string out = "#";
    for (const auto& part : context) {
        if (part == "<root>") continue;
        std::string token = part;
        if (token.size() >= 2 && token.front() == '[' && token.back() == ']') token = token.substr(1, token.size() - 2);
        out += "/" + escapePointerToken(token);
    }
    return out;
}

// ---- reference normalisation
//
// valijson 1.0 reads only "id" (not draft 6/7's "$id") as a base URI, and
// joins relative references to it without RFC 3986 rules ("http://h/a.json"
// + "b.json" becomes "http://h/a.jsonb.json"). So before compiling, every
// "$ref" is rewritten here: resolved against the base URI in scope, turned
// into a local JSON pointer when it names this document or a subschema
// embedded with its own id, and left absolute otherwise (then fetched). The
// ids themselves are removed from the copy valijson sees.

bool hasScheme(const std::string& uri) {
    auto colon = uri.find(':');
    if (colon == std::string::npos || colon == 0) return false;
    if (!std::isalpha(static_cast<unsigned char>(uri[0]))) return false;
    for (std::size_t i = 1; i < colon; ++i) {
        char c = uri[i];
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return false;
    }
    return true;
}

std::string stripFragment(const std::string& uri) {
    auto hash = uri.find('#');
    return hash == std::string::npos ? uri : uri.substr(0, hash);
}

std::string resolveUri(const std::string& base, const std::string& ref) {
    if (hasScheme(ref) || base.empty()) return ref;
    const std::string b = stripFragment(base);
    if (ref.empty()) return b;
    if (ref[0] == '#') return b + ref;
    auto schemeEnd = b.find(':');
    if (ref.rfind("//", 0) == 0) return b.substr(0, schemeEnd + 1) + ref;
    std::size_t pathStart = schemeEnd + 1;
    if (b.compare(pathStart, 2, "//") == 0) {
        auto slash = b.find('/', pathStart + 2);
        pathStart = slash == std::string::npos ? b.size() : slash;
    } else {
        return ref;  // e.g. a URN base: relative references are not defined
    }
    const std::string authority = b.substr(0, pathStart);
    if (ref[0] == '/') return authority + ref;
    std::string path = b.substr(pathStart);
    if (auto q = path.find('?'); q != std::string::npos) path.resize(q);
    auto lastSlash = path.rfind('/');
    std::string dir = lastSlash == std::string::npos ? "/" : path.substr(0, lastSlash + 1);
    std::string merged = dir + ref;
    // Remove "./" and "seg/../" segments.
    std::vector<std::string> segments;
    std::size_t pos = 0;
    while (pos <= merged.size()) {
        auto next = merged.find('/', pos);
        if (next == std::string::npos) next = merged.size();
        std::string seg = merged.substr(pos, next - pos);
        if (seg == "..") {
            if (segments.size() > 1) segments.pop_back();
        } else if (seg != ".") {
            segments.push_back(seg);
        }
        pos = next + 1;
    }
    std::string out;
    for (std::size_t i = 0; i < segments.size(); ++i) out += (i ? "/" : "") + segments[i];
    return authority + out;
}

class RefNormaliser {
public:
    RefNormaliser(json& doc, Draft draft, std::string baseUri)
        : m_doc(doc), m_idKey(draft == Draft::Draft4 ? "id" : "$id"), m_rootBase(stripFragment(baseUri)) {}

    void run() {
        collect(m_doc, m_rootBase, "");
        for (auto& [pointer, absolute] : m_refs) {
            json& node = m_doc.at(json::json_pointer(pointer));
            node["$ref"] = rewrite(absolute);
        }
        rejectReferenceCycles();
        strip(m_doc);
    }

private:
    std::string rewrite(const std::string& absolute) const {
        if (auto it = m_embedded.find(absolute); it != m_embedded.end()) return "#" + it->second;  // "#name" ids too
        const std::string doc = stripFragment(absolute);
        const std::string fragment = absolute.size() > doc.size() ? absolute.substr(doc.size() + 1) : "";
        if (doc.empty() || doc == m_rootBase) return "#" + fragment;
        if (auto it = m_embedded.find(doc); it != m_embedded.end()) {
            if (fragment.empty() || fragment[0] == '/') return "#" + it->second + fragment;
        }
        return absolute;
    }

    template <class F> static void forEachSubschema(json& node, const std::string& pointer, F&& f) {
        static const char* single[] = {"additionalItems", "additionalProperties", "contains", "propertyNames",
                                       "not", "if", "then", "else", "items"};
        static const char* lists[] = {"allOf", "anyOf", "oneOf", "items"};
        static const char* maps[] = {"properties", "patternProperties", "definitions", "dependencies"};
        for (const char* key : single) {
            auto it = node.find(key);
            if (it != node.end() && (it->is_object() || it->is_boolean())) f(*it, pointer + "/" + key);
        }
        for (const char* key : lists) {
            auto it = node.find(key);
            if (it == node.end() || !it->is_array()) continue;
            for (std::size_t i = 0; i < it->size(); ++i) f((*it)[i], pointer + "/" + key + "/" + std::to_string(i));
        }
        for (const char* key : maps) {
            auto it = node.find(key);
            if (it == node.end() || !it->is_object()) continue;
            for (auto& [name, sub] : it->items()) {
                if (sub.is_object()) f(sub, pointer + "/" + key + "/" + escapePointerToken(name));
            }
        }
    }

    void collect(json& node, std::string base, const std::string& pointer) {
        if (!node.is_object()) return;
        auto ref = node.find("$ref");
        auto id = node.find(m_idKey);
        if (id != node.end() && id->is_string() && ref == node.end()) {
            const std::string resolved = resolveUri(base, id->get<std::string>());
            const std::string withoutFragment = stripFragment(resolved);
            if (withoutFragment != resolved) m_embedded.emplace(resolved, pointer);  // "#name" style id
            if (!withoutFragment.empty() && !(pointer.empty() && withoutFragment == m_rootBase))
                m_embedded.emplace(withoutFragment, pointer);
            if (!withoutFragment.empty()) base = withoutFragment;
            if (pointer.empty() && m_rootBase.empty()) m_rootBase = withoutFragment;
        }
        if (ref != node.end() && ref->is_string()) {
            m_refs.emplace_back(pointer, resolveUri(base, ref->get<std::string>()));
            return;  // siblings of $ref are ignored in drafts 4-7
        }
        // valijson compiles patterns (std::regex, ECMAScript) only while
        // validating; a bad one is a schema error, so find it now.
        if (auto pattern = node.find("pattern"); pattern != node.end() && pattern->is_string())
            requireRegex(pattern->get<std::string>(), pointer + "/pattern");
        if (auto pp = node.find("patternProperties"); pp != node.end() && pp->is_object()) {
            for (const auto& [regex, sub] : pp->items()) requireRegex(regex, pointer + "/patternProperties");
        }
        forEachSubschema(node, pointer, [&](json& sub, const std::string& p) { collect(sub, base, p); });
    }

    static void requireRegex(const std::string& pattern, const std::string& pointer) {
        try {
            std::regex compiled(pattern, std::regex::ECMAScript);
            (void)compiled;
        } catch (const std::regex_error& e) {
            throw std::runtime_error("'" + pattern + "' at #" + pointer + " is not a regular expression: " + e.what());
        }
    }

    // A chain of nodes that are nothing but "$ref" and leads back to itself
    // ({"$ref": "#"}, or a definition referring to itself) describes no
    // schema, and valijson would recurse on it until the stack overflows.
    void rejectReferenceCycles() const {
        for (const auto& entry : m_refs) {
            std::set<std::string> seen;
            std::string pointer = entry.first;
            while (true) {
                if (!seen.insert(pointer).second)
                    throw std::runtime_error("reference cycle through '" + pointer + "': the $refs never reach a schema");
                const json::json_pointer at(pointer);
                if (!m_doc.contains(at)) break;
                const json& node = m_doc.at(at);
                if (!node.is_object()) break;
                auto ref = node.find("$ref");
                if (ref == node.end() || !ref->is_string()) break;
                const std::string target = ref->get<std::string>();
                if (target.empty() || target[0] != '#' || (target.size() > 1 && target[1] != '/')) break;
                pointer = target.substr(1);
            }
        }
    }

    void strip(json& node) {
        if (!node.is_object()) return;
        node.erase("id");
        node.erase("$id");
        forEachSubschema(node, "", [&](json& sub, const std::string&) { strip(sub); });
    }

    json& m_doc;
    std::string m_idKey;
    std::string m_rootBase;
    std::map<std::string, std::string> m_embedded;  // absolute URI -> JSON pointer
    std::vector<std::pair<std::string, std::string>> m_refs;  // pointer of the node with $ref, absolute target
};

// A copy of `doc` with references normalised for valijson.
json normaliseRefs(const json& doc, Draft draft, const std::string& baseUri) {
    json copy = doc;
    RefNormaliser(copy, draft, baseUri).run();
    return copy;
}

}  // namespace

const char* toString(Draft draft) {
    switch (draft) {
    case Draft::Draft4: return "draft-04";
    case Draft::Draft6: return "draft-06";
    case Draft::Draft7: return "draft-07";
    }
    return "?";
}

Draft JsonSchema::draft() const { return m_impl->draft; }

std::string JsonSchema::canonical() const { return m_impl->document.dump(); }

Result<JsonSchema> parse(std::string_view text, const ParseOptions& options) {
    auto impl = std::make_shared<JsonSchema::Impl>();
    try {
        impl->document = json::parse(text.begin(), text.end());
    } catch (const json::exception& e) {
        return Status::error(std::string("schema is not valid JSON: ") + e.what());
    }
    const json& doc = impl->document;
    impl->draft = options.defaultDraft;
    if (!doc.is_object() && !doc.is_boolean())
        return Status::error(std::string("a JSON schema must be an object or a boolean, not ") + doc.type_name());
    if (doc.is_object()) {
        auto it = doc.find("$schema");
        if (it != doc.end()) {
            if (!it->is_string()) return Status::error("\"$schema\" must be a string");
            auto draft = draftFromUri(it->get<std::string>());
            if (!draft)
                return Status::error("unsupported \"$schema\" '" + it->get<std::string>() +
                                     "': supported are draft-04, draft-06 and draft-07");
            impl->draft = *draft;
        }
    }
    if (doc.is_boolean() && impl->draft == Draft::Draft4)
        return Status::error("boolean schemas need draft-06 or later");

    using Adapter = valijson::adapters::NlohmannJsonAdapter;
    using FetchDoc = valijson::SchemaParser::FunctionPtrs<Adapter>::FetchDoc;
    using FreeDoc = valijson::SchemaParser::FunctionPtrs<Adapter>::FreeDoc;
    std::string fetchError;
    FetchDoc fetchDoc = [&](const std::string& uri) -> const json* {
        if (!options.fetch) {
            fetchError = "remote reference '" + uri + "' cannot be resolved (no reference resolver)";
            return nullptr;
        }
        auto body = options.fetch(uri);
        if (!body) {
            fetchError = "remote reference '" + uri + "' is unknown";
            return nullptr;
        }
        try {
            json fetched = json::parse(*body);
            Draft fetchedDraft = impl->draft;
            if (fetched.is_object()) {
                if (auto sc = fetched.find("$schema"); sc != fetched.end() && sc->is_string()) {
                    if (auto d = draftFromUri(sc->get<std::string>())) fetchedDraft = *d;
                }
            }
            return new json(normaliseRefs(fetched, fetchedDraft, stripFragment(uri)));
        } catch (const json::exception& e) {
            fetchError = "remote reference '" + uri + "' is not valid JSON: " + e.what();
            return nullptr;
        }
    };
    FreeDoc freeDoc = [](const json* d) { delete d; };

    valijson::SchemaParser parser(impl->draft == Draft::Draft4 ? valijson::SchemaParser::kDraft4
                                                               : valijson::SchemaParser::kDraft7);
    try {
        impl->compiledFrom = normaliseRefs(impl->document, impl->draft, "");
        Adapter adapter(impl->compiledFrom);
        parser.populateSchema(adapter, impl->compiled, fetchDoc, freeDoc);
    } catch (const std::exception& e) {
        std::string message = "invalid JSON schema: ";
        message += e.what();
        if (!fetchError.empty()) message += " (" + fetchError + ")";
        return Status::error(message);
    } catch (...) {
        return Status::error("invalid JSON schema");
    }
    impl->usesRegex = usesRegex(impl->document);
    return JsonSchema(std::move(impl));
}

namespace {

/// Whether any object in the schema has a key that makes valijson run
/// std::regex (whose matcher recurses once per character).
bool usesRegex(const json& j) {
    std::vector<const json*> todo{&j};
    while (!todo.empty()) {
        const json* n = todo.back();
        todo.pop_back();
        if (n->is_object()) {
            for (auto it = n->begin(); it != n->end(); ++it) {
                if (it.key() == "pattern" || it.key() == "patternProperties" || it.key() == "format") return true;
                todo.push_back(&it.value());
            }
        } else if (n->is_array()) {
            for (const auto& v : *n) todo.push_back(&v);
        }
    }
    return false;
}

/// Bounds that keep validation off the stack's edge: valijson recurses once
/// per level of the instance, and libstdc++'s std::regex once per character
/// of the string it matches.
std::optional<std::string> tooLargeToValidate(const json& instance, bool regex) {
    std::vector<std::pair<const json*, int>> todo{{&instance, 0}};
    while (!todo.empty()) {
        auto [n, depth] = todo.back();
        todo.pop_back();
        if (depth > kMaxInstanceDepth)
            return "#: instance is nested deeper than " + std::to_string(kMaxInstanceDepth) + " levels";
        if (n->is_string() && regex && n->get_ref<const std::string&>().size() > kMaxRegexStringBytes)
            return "#: a string of " + std::to_string(n->get_ref<const std::string&>().size()) +
                   " bytes is longer than the " + std::to_string(kMaxRegexStringBytes) +
                   " bytes this schema's patterns and formats are matched against";
        if (n->is_object()) {
            for (auto it = n->begin(); it != n->end(); ++it) {
                if (regex && it.key().size() > kMaxRegexStringBytes)
                    return "#: a property name of " + std::to_string(it.key().size()) + " bytes is longer than the " +
                           std::to_string(kMaxRegexStringBytes) + " bytes this schema's patterns are matched against";
                todo.emplace_back(&it.value(), depth + 1);
            }
        } else if (n->is_array()) {
            for (const auto& v : *n) todo.emplace_back(&v, depth + 1);
        }
    }
    return std::nullopt;
}

}  // namespace

std::vector<std::string> validate(const JsonSchema& schema, std::string_view instanceText) {
    json instance;
    try {
        instance = json::parse(instanceText.begin(), instanceText.end());
    } catch (const json::exception& e) {
        return {std::string("#: instance is not valid JSON: ") + e.what()};
    }
    if (auto why = tooLargeToValidate(instance, schema.impl().usesRegex)) return {*why};
    std::vector<std::string> errors;
    try {
        // One validator per thread, reused: it caches compiled "pattern"
        // regexes by their text (compiling one per call cost 20x). It is
        // replaced now and then so the cache stays bounded.
        thread_local std::unique_ptr<valijson::Validator> cached;
        thread_local unsigned uses = 0;
        if (!cached || ++uses > 100000) {
            cached = std::make_unique<valijson::Validator>(valijson::Validator::kStrongTypes);
            uses = 0;
        }
        valijson::Validator& validator = *cached;
        valijson::adapters::NlohmannJsonAdapter adapter(instance);
        // A first pass stops at the first fault; only a failing instance is
        // walked again to collect every error.
        if (validator.validate(schema.impl().compiled, adapter, nullptr)) return errors;
        valijson::ValidationResults results;
        if (!validator.validate(schema.impl().compiled, adapter, &results)) {
            for (const auto& error : results) errors.push_back(contextToPointer(error.context) + ": " + error.description);
            if (errors.empty()) errors.push_back("#: instance does not match the schema");
        }
    } catch (const std::exception& e) {
        errors.push_back(std::string("#: validation failed: ") + e.what());
    }
    return errors;
}

// ---------------------------------------------------------------------------
// Compatibility

namespace {

enum TypeBit : unsigned {
    kNull = 1, kBoolean = 2, kObject = 4, kArray = 8, kNumber = 16 /* non-integral */, kInteger = 32, kString = 64,
    kAll = 127,
};

unsigned typeBit(const std::string& name) {
    if (name == "null") return kNull;
    if (name == "boolean") return kBoolean;
    if (name == "object") return kObject;
    if (name == "array") return kArray;
    if (name == "number") return kNumber | kInteger;
    if (name == "integer") return kInteger;
    if (name == "string") return kString;
    return 0;
}

unsigned typeOfValue(const json& v) {
    switch (v.type()) {
    case json::value_t::null: return kNull;
    case json::value_t::boolean: return kBoolean;
    case json::value_t::object: return kObject;
    case json::value_t::array: return kArray;
    case json::value_t::string: return kString;
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return kInteger;
    case json::value_t::number_float: {
        double d = v.get<double>();
        return std::floor(d) == d ? kInteger : kNumber;
    }
    default: return kAll;
    }
}

std::string typeNames(unsigned bits) {
    static const std::pair<unsigned, const char*> names[] = {{kNull, "null"},     {kBoolean, "boolean"},
                                                             {kObject, "object"}, {kArray, "array"},
                                                             {kNumber, "number"}, {kInteger, "integer"},
                                                             {kString, "string"}};
    std::string out;
    for (const auto& [bit, name] : names) {
        if (bits & bit) out += (out.empty() ? "'" : ", '") + std::string(name) + "'";
    }
    return out;
}

// Keywords that do not restrict the accepted documents.
bool isAnnotation(const std::string& key) {
    static const std::set<std::string> keys = {"$schema", "$id",     "id",       "title",   "description", "default",
                                               "examples", "$comment", "definitions", "format", "readOnly",  "writeOnly",
                                               "contentMediaType", "contentEncoding", "confluent:tags"};
    return keys.count(key) != 0;
}

bool acceptsEverything(const json& s) {
    if (s.is_boolean()) return s.get<bool>();
    if (!s.is_object()) return false;
    for (const auto& [key, value] : s.items()) {
        if (!isAnnotation(key)) return false;
    }
    return true;
}

bool acceptsNothing(const json& s) { return s.is_boolean() && !s.get<bool>(); }

std::string shortJson(const json& v) {
    std::string s = v.dump();
    if (s.size() > 60) s = s.substr(0, 57) + "...";
    return s;
}

struct Bound {
    bool present = false;
    double value = 0;
    bool exclusive = false;
};

// lower == true: minimum / exclusiveMinimum; otherwise maximum / exclusiveMaximum.
Bound numericBound(const json& s, bool lower) {
    Bound b;
    const char* plain = lower ? "minimum" : "maximum";
    const char* excl = lower ? "exclusiveMinimum" : "exclusiveMaximum";
    auto p = s.find(plain);
    auto e = s.find(excl);
    if (p != s.end() && p->is_number()) {
        b = {true, p->get<double>(), e != s.end() && e->is_boolean() && e->get<bool>()};
    }
    if (e != s.end() && e->is_number()) {
        double v = e->get<double>();
        bool tighter = !b.present || (lower ? v >= b.value : v <= b.value);
        if (tighter) b = {true, v, true};
    }
    return b;
}

// Is the writer's bound at least as strict as the reader's?
bool boundWithin(const Bound& reader, const Bound& writer, bool lower) {
    if (!reader.present) return true;
    if (!writer.present) return false;
    if (writer.value == reader.value) return !reader.exclusive || writer.exclusive;
    return lower ? writer.value > reader.value : writer.value < reader.value;
}

std::string describeBound(const Bound& b, bool lower) {
    if (!b.present) return "none";
    std::string out = lower ? (b.exclusive ? "> " : ">= ") : (b.exclusive ? "< " : "<= ");
    return out + shortJson(json(b.value));
}

std::optional<double> number(const json& s, const char* key) {
    auto it = s.find(key);
    if (it == s.end() || !it->is_number()) return std::nullopt;
    return it->get<double>();
}

bool regexMatches(const std::string& pattern, const std::string& name) {
    try {
        return std::regex_search(name, std::regex(pattern, std::regex::ECMAScript));
    } catch (const std::regex_error&) {
        return false;
    }
}

const json kTrue = true;

class CompatChecker {
public:
    CompatChecker(const json& readerRoot, Draft readerDraft, const json& writerRoot, Draft writerDraft)
        : m_rRoot(readerRoot), m_wRoot(writerRoot), m_rDraft(readerDraft), m_wDraft(writerDraft) {}

    void check(const json& reader, const json& writer, const std::string& path, std::vector<std::string>& out) {
        const json* r = resolve(m_rRoot, reader, path, out);
        const json* w = resolve(m_wRoot, writer, path, out);
        if (!r || !w) return;
        if (acceptsEverything(*r) || acceptsNothing(*w)) return;
        if (acceptsNothing(*r)) {
            out.push_back(path + ": the reader accepts nothing (false) but the writer does");
            return;
        }
        static const json kEmptyObject = json::object();
        if (w->is_boolean()) w = &kEmptyObject;  // writer `true` (`false` returned above)
        if (!r->is_object() || !w->is_object()) {
            out.push_back(path + ": not a schema");
            return;
        }
        auto key = std::make_pair(r, w);
        if (m_inProgress.count(key)) return;  // recursive schema: assume compatible
        if (m_inProgress.size() >= kMaxDepth) {
            out.push_back(path + ": schemas nested too deeply to compare");
            return;
        }
        m_inProgress.insert(key);
        checkObject(*r, *w, path, out);
        m_inProgress.erase(key);
    }

    bool compatible(const json& reader, const json& writer, const std::string& path) {
        std::vector<std::string> scratch;
        check(reader, writer, path, scratch);
        return scratch.empty();
    }

private:
    // Follows local "$ref"s (siblings of $ref are ignored in drafts 4-7).
    const json* resolve(const json& root, const json& node, const std::string& path, std::vector<std::string>& out) {
        const json* cur = &node;
        for (int hops = 0; hops < 32; ++hops) {
            if (!cur->is_object()) return cur;
            auto ref = cur->find("$ref");
            if (ref == cur->end() || !ref->is_string()) return cur;
            const std::string target = ref->get<std::string>();
            if (target.empty() || target[0] != '#') {
                // Remote reference: handled by the caller comparing URIs.
                return cur;
            }
            try {
                json::json_pointer ptr(target.substr(1));
                if (!root.contains(ptr)) {
                    out.push_back(path + ": unresolvable reference '" + target + "'");
                    return nullptr;
                }
                cur = &root.at(ptr);
            } catch (const json::exception&) {
                out.push_back(path + ": unresolvable reference '" + target + "'");
                return nullptr;
            }
        }
        out.push_back(path + ": reference chain too long");
        return nullptr;
    }

    static std::string remoteRef(const json& s) {
        auto ref = s.find("$ref");
        if (ref == s.end() || !ref->is_string()) return {};
        return ref->get<std::string>();
    }

    static const json* branches(const json& s, const char* key) {
        auto it = s.find(key);
        if (it == s.end() || !it->is_array() || it->empty()) return nullptr;
        return &*it;
    }

    static unsigned declaredTypes(const json& s) {
        auto it = s.find("type");
        if (it == s.end()) return kAll;
        if (it->is_string()) return typeBit(it->get<std::string>());
        if (it->is_array()) {
            unsigned bits = 0;
            for (const auto& t : *it) {
                if (t.is_string()) bits |= typeBit(t.get<std::string>());
            }
            return bits;
        }
        return kAll;
    }

    static std::optional<json> allowedValues(const json& s) {
        if (auto c = s.find("const"); c != s.end()) return json::array({*c});
        if (auto e = s.find("enum"); e != s.end() && e->is_array()) return *e;
        return std::nullopt;
    }

    // The types the writer can actually produce.
    static unsigned producedTypes(const json& w) {
        unsigned bits = declaredTypes(w);
        if (auto values = allowedValues(w)) {
            unsigned fromValues = 0;
            for (const auto& v : *values) fromValues |= typeOfValue(v);
            bits &= fromValues;
        }
        return bits;
    }

    void checkObject(const json& r, const json& w, const std::string& path, std::vector<std::string>& out) {
        // Remote references: compare by URI only.
        std::string rRef = remoteRef(r), wRef = remoteRef(w);
        if (!rRef.empty() || !wRef.empty()) {
            if (rRef != wRef)
                out.push_back(path + ": cannot compare remote reference '" + (rRef.empty() ? wRef : rRef) +
                              "' with " + (rRef.empty() || wRef.empty() ? "an inline schema" : "'" + wRef + "'"));
            return;
        }

        // Writer alternatives: each must be accepted by the reader.
        for (const char* key : {"anyOf", "oneOf"}) {
            if (const json* alts = branches(w, key)) {
                for (std::size_t i = 0; i < alts->size(); ++i) {
                    std::vector<std::string> sub;
                    check(r, (*alts)[i], path, sub);
                    for (auto& m : sub) out.push_back(m + " (writer " + key + " branch " + std::to_string(i) + ")");
                }
                return;
            }
        }
        // Writer allOf: accept if the writer without allOf, or any single allOf branch, proves it.
        if (const json* all = branches(w, "allOf")) {
            json stripped = w;
            stripped.erase("allOf");
            std::vector<std::string> first;
            check(r, stripped, path, first);
            if (first.empty()) return;
            for (const auto& branch : *all) {
                if (compatible(r, branch, path)) return;
            }
            for (auto& m : first) out.push_back(m + " (writer allOf branches not merged)");
            return;
        }

        // Reader combinators.
        if (const json* all = branches(r, "allOf")) {
            for (std::size_t i = 0; i < all->size(); ++i) check((*all)[i], w, path + "/allOf/" + std::to_string(i), out);
        }
        for (const char* key : {"anyOf", "oneOf"}) {
            if (const json* alts = branches(r, key)) {
                bool any = false;
                for (const auto& alt : *alts) {
                    if (compatible(alt, w, path)) { any = true; break; }
                }
                if (!any) out.push_back(path + "/" + key + ": no reader branch accepts what the writer produces");
            }
        }
        if (auto rNot = r.find("not"); rNot != r.end()) {
            auto wNot = w.find("not");
            if (wNot == w.end()) out.push_back(path + "/not: 'not' added to the reader");
            else check(*wNot, *rNot, path + "/not", out);  // the writer must exclude at least what the reader excludes
        }
        for (const char* key : {"if", "then", "else"}) {
            auto rIt = r.find(key);
            if (rIt == r.end()) continue;
            auto wIt = w.find(key);
            if (wIt == w.end() || *wIt != *rIt) out.push_back(path + "/" + key + ": '" + key + "' differs (conditionals are not compared)");
        }

        // type
        unsigned produced = producedTypes(w);
        unsigned allowed = declaredTypes(r);
        if (unsigned missing = produced & ~allowed) {
            out.push_back(path + "/type: type narrowed: writer allows " + typeNames(missing) + ", reader does not");
        }
        produced &= allowed;  // the rest is already reported

        // enum / const
        if (auto rValues = allowedValues(r)) {
            auto wValues = allowedValues(w);
            if (!wValues) {
                out.push_back(path + "/enum: the reader restricts values to " + shortJson(*rValues) + ", the writer does not");
            } else {
                for (const auto& v : *wValues) {
                    if (std::find(rValues->begin(), rValues->end(), v) == rValues->end())
                        out.push_back(path + "/enum: value " + shortJson(v) + " removed from the reader");
                }
            }
        }

        if (produced & (kNumber | kInteger)) checkNumbers(r, w, produced, path, out);
        if (produced & kString) checkStrings(r, w, path, out);
        if (produced & kObject) checkObjects(r, w, path, out);
        if (produced & kArray) checkArrays(r, w, path, out);
    }

    void checkMinimum(const json& r, const json& w, const char* key, const std::string& path, std::vector<std::string>& out) {
        auto rv = number(r, key);
        if (!rv || *rv <= 0) return;
        auto wv = number(w, key);
        if (!wv || *wv < *rv)
            out.push_back(path + "/" + key + ": tightened from " + (wv ? shortJson(json(*wv)) : std::string("none")) +
                          " to " + shortJson(json(*rv)));
    }

    void checkMaximum(const json& r, const json& w, const char* key, const std::string& path, std::vector<std::string>& out) {
        auto rv = number(r, key);
        if (!rv) return;
        auto wv = number(w, key);
        if (!wv || *wv > *rv)
            out.push_back(path + "/" + key + ": tightened from " + (wv ? shortJson(json(*wv)) : std::string("none")) +
                          " to " + shortJson(json(*rv)));
    }

    void checkNumbers(const json& r, const json& w, unsigned produced, const std::string& path, std::vector<std::string>& out) {
        for (bool lower : {true, false}) {
            Bound rb = numericBound(r, lower), wb = numericBound(w, lower);
            if (!boundWithin(rb, wb, lower))
                out.push_back(path + "/" + (lower ? "minimum" : "maximum") + ": bound tightened from " +
                              describeBound(wb, lower) + " to " + describeBound(rb, lower));
        }
        if (auto rm = number(r, "multipleOf")) {
            auto wm = number(w, "multipleOf");
            bool ok = false;
            if (wm && *rm != 0) {
                double ratio = *wm / *rm;
                ok = ratio >= 1 - 1e-12 && std::fabs(ratio - std::round(ratio)) < 1e-9;
            } else if (!wm && !(produced & kNumber) && *rm == 1) {
                ok = true;  // integers are multiples of 1
            }
            if (!ok)
                out.push_back(path + "/multipleOf: tightened from " + (wm ? shortJson(json(*wm)) : std::string("none")) +
                              " to " + shortJson(json(*rm)));
        }
    }

    void checkStrings(const json& r, const json& w, const std::string& path, std::vector<std::string>& out) {
        checkMinimum(r, w, "minLength", path, out);
        checkMaximum(r, w, "maxLength", path, out);
        if (auto rp = r.find("pattern"); rp != r.end()) {
            auto wp = w.find("pattern");
            if (wp == w.end()) out.push_back(path + "/pattern: pattern " + shortJson(*rp) + " added to the reader");
            else if (*wp != *rp)
                out.push_back(path + "/pattern: changed from " + shortJson(*wp) + " to " + shortJson(*rp) +
                              " (patterns are compared textually)");
        }
    }

    // The writer schemas that govern a property `name` the writer does not declare,
    // or an empty list if the writer never produces it.
    static std::vector<const json*> writerUndeclared(const json& w, const std::string& name) {
        std::vector<const json*> out;
        if (auto pp = w.find("patternProperties"); pp != w.end() && pp->is_object()) {
            for (const auto& [pattern, schema] : pp->items()) {
                if (regexMatches(pattern, name)) out.push_back(&schema);
            }
        }
        if (!out.empty()) return out;
        auto ap = w.find("additionalProperties");
        if (ap == w.end()) return {&kTrue};
        if (acceptsNothing(*ap)) return {};
        return {&*ap};
    }

    void checkObjects(const json& r, const json& w, const std::string& path, std::vector<std::string>& out) {
        checkMinimum(r, w, "minProperties", path, out);
        checkMaximum(r, w, "maxProperties", path, out);

        std::set<std::string> wRequired;
        if (auto it = w.find("required"); it != w.end() && it->is_array()) {
            for (const auto& n : *it) {
                if (n.is_string()) wRequired.insert(n.get<std::string>());
            }
        }
        if (auto it = r.find("required"); it != r.end() && it->is_array()) {
            for (const auto& n : *it) {
                if (n.is_string() && !wRequired.count(n.get<std::string>()))
                    out.push_back(path + "/required: property '" + n.get<std::string>() +
                                  "' is required by the reader but not by the writer");
            }
        }

        static const json kEmpty = json::object();
        auto rPropsIt = r.find("properties");
        auto wPropsIt = w.find("properties");
        const json& rProps = rPropsIt != r.end() && rPropsIt->is_object() ? *rPropsIt : kEmpty;
        const json& wProps = wPropsIt != w.end() && wPropsIt->is_object() ? *wPropsIt : kEmpty;
        auto rAddIt = r.find("additionalProperties");
        const json& rAdd = rAddIt != r.end() ? *rAddIt : kTrue;
        auto wAddIt = w.find("additionalProperties");
        const json& wAdd = wAddIt != w.end() ? *wAddIt : kTrue;

        for (const auto& [name, rSchema] : rProps.items()) {
            const std::string p = path + "/properties/" + escapePointerToken(name);
            if (auto wIt = wProps.find(name); wIt != wProps.end()) {
                check(rSchema, *wIt, p, out);
                continue;
            }
            for (const json* governing : writerUndeclared(w, name)) {
                if (!compatible(rSchema, *governing, p)) {
                    out.push_back(p + ": property '" + name +
                                  "' added to the reader, but the writer's open content model may produce it "
                                  "with values the reader rejects");
                    break;
                }
            }
        }

        for (const auto& [name, wSchema] : wProps.items()) {
            if (rProps.contains(name)) continue;
            const std::string p = path + "/properties/" + escapePointerToken(name);
            std::vector<const json*> governing;
            if (auto pp = r.find("patternProperties"); pp != r.end() && pp->is_object()) {
                for (const auto& [pattern, schema] : pp->items()) {
                    if (regexMatches(pattern, name)) governing.push_back(&schema);
                }
            }
            if (governing.empty()) {
                if (acceptsNothing(rAdd)) {
                    out.push_back(p + ": property '" + name +
                                  "' removed from the reader, whose content model is closed (additionalProperties false)");
                    continue;
                }
                governing.push_back(&rAdd);
            }
            for (const json* g : governing) check(*g, wSchema, p, out);
        }

        if (acceptsNothing(rAdd) && !acceptsNothing(wAdd)) {
            out.push_back(path + "/additionalProperties: the reader's content model is closed, the writer's is open");
        } else {
            check(rAdd, wAdd, path + "/additionalProperties", out);
        }

        if (auto rpp = r.find("patternProperties"); rpp != r.end() && rpp->is_object()) {
            auto wpp = w.find("patternProperties");
            for (const auto& [pattern, schema] : rpp->items()) {
                const std::string p = path + "/patternProperties/" + escapePointerToken(pattern);
                if (wpp != w.end() && wpp->is_object() && wpp->contains(pattern)) {
                    check(schema, (*wpp)[pattern], p, out);
                } else if (!acceptsNothing(wAdd) && !compatible(schema, wAdd, p)) {
                    out.push_back(p + ": pattern property added to the reader while the writer's content model is open");
                }
            }
        }

        if (auto rd = r.find("dependencies"); rd != r.end() && rd->is_object()) {
            auto wd = w.find("dependencies");
            for (const auto& [name, dep] : rd->items()) {
                const std::string p = path + "/dependencies/" + escapePointerToken(name);
                if (wd == w.end() || !wd->is_object() || !wd->contains(name)) {
                    out.push_back(p + ": dependency added to the reader");
                    continue;
                }
                const json& wDep = (*wd)[name];
                if (dep.is_array() && wDep.is_array()) {
                    for (const auto& n : dep) {
                        if (std::find(wDep.begin(), wDep.end(), n) == wDep.end())
                            out.push_back(p + ": the reader also requires " + shortJson(n));
                    }
                } else if (!dep.is_array() && !wDep.is_array()) {
                    check(dep, wDep, p, out);
                } else {
                    out.push_back(p + ": dependency changed between a property list and a schema");
                }
            }
        }

        if (auto rn = r.find("propertyNames"); rn != r.end()) {
            auto wn = w.find("propertyNames");
            check(*rn, wn != w.end() ? *wn : kTrue, path + "/propertyNames", out);
        }
    }

    void checkArrays(const json& r, const json& w, const std::string& path, std::vector<std::string>& out) {
        checkMinimum(r, w, "minItems", path, out);
        checkMaximum(r, w, "maxItems", path, out);
        if (auto ru = r.find("uniqueItems"); ru != r.end() && ru->is_boolean() && ru->get<bool>()) {
            auto wu = w.find("uniqueItems");
            if (wu == w.end() || !wu->is_boolean() || !wu->get<bool>())
                out.push_back(path + "/uniqueItems: added to the reader");
        }

        auto rItemsIt = r.find("items");
        auto wItemsIt = w.find("items");
        const json& rItems = rItemsIt != r.end() ? *rItemsIt : kTrue;
        const json& wItems = wItemsIt != w.end() ? *wItemsIt : kTrue;
        auto rAddIt = r.find("additionalItems");
        auto wAddIt = w.find("additionalItems");
        const json& rAdd = rAddIt != r.end() ? *rAddIt : kTrue;
        const json& wAdd = wAddIt != w.end() ? *wAddIt : kTrue;

        if (!rItems.is_array() && !wItems.is_array()) {
            check(rItems, wItems, path + "/items", out);
        } else {
            std::size_t rLen = rItems.is_array() ? rItems.size() : 0;
            std::size_t wLen = wItems.is_array() ? wItems.size() : 0;
            std::size_t positions = std::max(rLen, wLen) + 1;  // the last stands for every later position
            for (std::size_t i = 0; i < positions; ++i) {
                const bool rTail = !rItems.is_array() || i >= rLen;
                const json& rAt = !rItems.is_array() ? rItems : (i < rLen ? rItems[i] : rAdd);
                const json& wAt = !wItems.is_array() ? wItems : (i < wLen ? wItems[i] : wAdd);
                const std::string p = path + (rItems.is_array() ? (rTail ? std::string("/additionalItems")
                                                                         : "/items/" + std::to_string(i))
                                                                : std::string("/items"));
                check(rAt, wAt, p, out);
                if (acceptsNothing(wAt)) break;  // the writer never has items past this point
            }
        }

        if (auto rc = r.find("contains"); rc != r.end()) {
            auto wc = w.find("contains");
            if (wc == w.end()) out.push_back(path + "/contains: added to the reader");
            else check(*rc, *wc, path + "/contains", out);
        }
    }

    const json& m_rRoot;
    const json& m_wRoot;
    Draft m_rDraft;
    Draft m_wDraft;
    static constexpr std::size_t kMaxDepth = 256;
    std::set<std::pair<const json*, const json*>> m_inProgress;  // also the recursion depth
};

}  // namespace

std::vector<std::string> checkCompatibility(const JsonSchema& reader, const JsonSchema& writer) {
    std::vector<std::string> out;
    try {
        // The normalised documents: "$ref"s relative to an "$id" are already
        // local JSON pointers or absolute URIs there.
        const json& r = reader.impl().compiledFrom;
        const json& w = writer.impl().compiledFrom;
        CompatChecker checker(r, reader.draft(), w, writer.draft());
        checker.check(r, w, "#", out);
    } catch (const std::exception& e) {
        out.push_back(std::string("#: compatibility check failed: ") + e.what());
    }
    // The same reason can be reached along several paths (e.g. anyOf branches).
    std::vector<std::string> unique;
    std::set<std::string> seen;
    for (auto& m : out) {
        if (seen.insert(m).second) unique.push_back(std::move(m));
    }
    return unique;
}

}  // namespace plexus::registry::json
