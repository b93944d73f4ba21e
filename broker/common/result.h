#pragma once
// A small value-or-error type used across the broker. Errors are values:
// functions that can fail return Status or Result<T>; nothing throws across a
// module boundary or out of an Asio handler.
#include <optional>
#include <string>
#include <utility>

namespace plexus {

class Status {
public:
    Status() = default;
    static Status ok() { return {}; }
    static Status error(std::string message) { Status s; s.m_error = std::move(message); return s; }
    bool isOk() const { return !m_error.has_value(); }
    explicit operator bool() const { return isOk(); }
    const std::string& message() const { static const std::string empty; return m_error ? *m_error : empty; }

private:
    std::optional<std::string> m_error;
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

private:
    std::optional<T> m_value;
    Status m_status;
};

}  // namespace plexus
