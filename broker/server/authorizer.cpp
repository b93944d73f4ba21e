#include "broker/server/authorizer.h"

namespace plexus::server {

const char* operationName(AclOperation op) {
    switch (op) {
    case AclOperation::Read: return "READ";
    case AclOperation::Write: return "WRITE";
    case AclOperation::Create: return "CREATE";
    case AclOperation::Delete: return "DELETE";
    case AclOperation::Alter: return "ALTER";
    case AclOperation::Describe: return "DESCRIBE";
    case AclOperation::ClusterAction: return "CLUSTER_ACTION";
    case AclOperation::DescribeConfigs: return "DESCRIBE_CONFIGS";
    case AclOperation::AlterConfigs: return "ALTER_CONFIGS";
    case AclOperation::IdempotentWrite: return "IDEMPOTENT_WRITE";
    }
    return "UNKNOWN";
}

const char* resourceTypeName(ResourceType t) {
    switch (t) {
    case ResourceType::Topic: return "TOPIC";
    case ResourceType::Group: return "GROUP";
    case ResourceType::Cluster: return "CLUSTER";
    case ResourceType::TransactionalId: return "TRANSACTIONAL_ID";
    }
    return "UNKNOWN";
}

}  // namespace plexus::server
