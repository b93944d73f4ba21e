#pragma once
// GroupConsumer: a real librdkafka group consumer for C++ tests (auto commit
// off, earliest reset), subscribed to one topic. Tests use it to make groups
// with members, commits and lag. Not thread-safe; one test thread.
#include <librdkafka/rdkafka.h>

#include <QString>

namespace plexus::test {

class GroupConsumer {
public:
    GroupConsumer(const QString& bootstrap, const QString& groupId, const QString& clientId, const QString& topic);
    ~GroupConsumer();  ///< leaves the group and destroys the handle
    GroupConsumer(const GroupConsumer&) = delete;
    GroupConsumer& operator=(const GroupConsumer&) = delete;

    bool ok() const { return m_rk != nullptr; }
    QString error() const { return m_error; }
    /// Polls until `n` records arrived or `timeoutMs` passed; returns the count.
    /// `idle` runs between polls (e.g. to let a Qt event loop work).
    int consume(int n, int timeoutMs, void (*idle)() = nullptr);
    /// One poll without waiting, to keep the membership alive.
    void pollOnce();
    /// Commits the current positions synchronously.
    rd_kafka_resp_err_t commit();

private:
    rd_kafka_t* m_rk = nullptr;
    QString m_error;
};

}  // namespace plexus::test
