#pragma once
// A std::error_category given by a name and a table of messages, one per
// code of a module's error enum (storage/errors.h, services/errors.h,
// replication/errors.h). Each module defines its category() as a static
// TableCategory; the enum stays the module's own.
#include <initializer_list>
#include <map>
#include <string>
#include <system_error>
#include <utility>

namespace plexus {

class TableCategory final : public std::error_category {
public:
    template <class Enum> using Messages = std::initializer_list<std::pair<Enum, const char*>>;
    template <class Enum>
    TableCategory(const char* name, std::initializer_list<std::pair<Enum, const char*>> messages) : m_name(name) {
        for (const auto& [code, text] : messages) m_messages.emplace(static_cast<int>(code), text);
    }
    const char* name() const noexcept override { return m_name; }
    std::string message(int value) const override {
        auto it = m_messages.find(value);
        return it != m_messages.end() ? it->second : std::string(m_name) + " error " + std::to_string(value);
    }

private:
    const char* m_name;
    std::map<int, std::string> m_messages;
};

}  // namespace plexus
