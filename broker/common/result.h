#pragma once
// A small value-or-error type used across the broker. Errors are values:
// functions that can fail return Status or Result<T>; nothing throws across a
// module boundary or out of an Asio handler.
//
// An error carries a message for people and, where a caller must act on
// what went wrong, a std::error_code from its module's category
// (replication/errors.h, storage/errors.h): callers branch on the code,
// never on the message, and the Kafka handlers map codes to wire errors in
// one place (handlers/errors.h).
#include <optional>
#include <string>
#include <system_error>
#include <utility>

namespace plexus {

class Status {
public:
    Status() = default;
    static Status ok() { return {}; }
    static Status error(std::string message) { Status s; s.m_error = std::move(message); return s; }
    static Status error(std::error_code code, std::string message) {
        Status s;
        s.m_error = std::move(message);
        s.m_code = code;
        return s;
    }
    bool isOk() const { return !m_error.has_value(); }
    explicit operator bool() const { return isOk(); }
    const std::string& message() const { static const std::string empty; return m_error ? *m_error : empty; }
    /// What went wrong, for callers that act on it; empty (value 0) for an
    /// error that only has a message.
    std::error_code code() const { return m_code; }
    /// The same error with `prefix` before its message, keeping the code.
    Status context(const std::string& prefix) const { return isOk() ? *this : error(m_code, prefix + message()); }

private:
    std::optional<std::string> m_error;
    std::error_code m_code;
};

template <class T> class Result {
public:
    Result(T value) : m_value(std::move(value)) {}
    Result(Status error) : m_status(std::move(error)) {}
    bool isOk() const { return m_value.has_value(); }
    explicit operator bool() const { return isOk(); }
    T& value() { return *m_value; }
    const T& value() const { return *m_value; }
    T* operator->() { return &*m_value; }
    const Status& status() const { return m_status; }
    const std::string& message() const { return m_status.message(); }
    std::error_code code() const { return m_status.code(); }

private:
    std::optional<T> m_value;
    Status m_status;
};

}  // namespace plexus
