#pragma once
// KafkaServer: accepts Kafka connections and runs one KafkaSession per
// connection on the network thread.
//
// A session reads length-prefixed frames, checks the length against
// socket.request.max.bytes before allocating, parses the request header,
// and hands it to the Dispatcher (server/dispatch.h), which the handlers implement. Requests are handled
// concurrently but answered in the order they arrived, as Kafka requires.
// When max.inflight.requests.per.connection requests are unanswered the
// session stops reading (backpressure). Malformed frames, unknown API keys and
// unsupported versions close the connection with one log line; ApiVersions
// at a version we do not serve gets error 35 and our list instead.
#include <list>
#include <memory>

#include <boost/asio/ip/tcp.hpp>

#include "broker/common/result.h"
#include "broker/server/broker.h"
#include "broker/server/dispatch.h"
#include "broker/server/listener.h"

namespace plexus::server {

class KafkaSession;

class KafkaServer {
public:
    KafkaServer(Broker& broker, Dispatcher& dispatcher);
    ~KafkaServer();
    /// Binds and listens; records the bound address in broker.kafkaBound.
    Status listen(const HostPort& addr);
    void start();
    /// Stops accepting and closes every session.
    void stop();

private:
    Broker& m_broker;
    Dispatcher& m_dispatcher;
    Listener m_listener;
    std::list<std::weak_ptr<KafkaSession>> m_sessions;
};

}  // namespace plexus::server
