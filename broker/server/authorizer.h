#pragma once
// The authorize step of the request path, in Kafka's ACL model: a principal
// (User:ANONYMOUS until SASL or a client certificate names one), connected
// from a host, asks to perform an operation on a resource. Every handler
// asks before it acts, through handlers::Request::authorize(), with the
// operation Kafka's own broker checks for that API (see handlers/README.md):
// e.g. WRITE on the topic for Produce, READ on the group and the topic for
// OffsetCommit, CREATE on the cluster or the topic for CreateTopics.
//
// Until ACLs exist plexusd runs AllowAllAuthorizer; the security work
// replaces it with one that reads ACLs and `super.users`, without touching
// the handlers. A denial is answered with Kafka's *_AUTHORIZATION_FAILED
// code for the resource (TOPIC 29, GROUP 30, CLUSTER 31).
//
// Threading: authorize() is called on the network thread.
#include <string>
#include <string_view>

namespace plexus::server {

/// Kafka's ACL operations (org.apache.kafka.common.acl.AclOperation).
enum class AclOperation { Read, Write, Create, Delete, Alter, Describe, ClusterAction, DescribeConfigs, AlterConfigs, IdempotentWrite };
/// Kafka's resource types (org.apache.kafka.common.resource.ResourceType).
enum class ResourceType { Topic, Group, Cluster, TransactionalId };

const char* operationName(AclOperation op);
const char* resourceTypeName(ResourceType t);

/// Kafka's name of the cluster resource.
inline constexpr std::string_view kClusterResource = "kafka-cluster";

/// Who is asking, as Kafka's principal builder names it ("User:alice").
struct Principal {
    std::string type = "User";
    std::string name = "ANONYMOUS";
    std::string str() const { return type + ":" + name; }
};

/// One thing a request wants to do.
struct Action {
    AclOperation operation;
    ResourceType resourceType;
    std::string_view resourceName;
};

class Authorizer {
public:
    virtual ~Authorizer() = default;
    /// Whether `principal`, connected from `host`, may perform `action`.
    virtual bool authorize(const Principal& principal, std::string_view host, const Action& action) = 0;
};

/// Allows every action: plexusd before ACLs exist.
class AllowAllAuthorizer final : public Authorizer {
public:
    bool authorize(const Principal&, std::string_view, const Action&) override { return true; }
};

}  // namespace plexus::server
