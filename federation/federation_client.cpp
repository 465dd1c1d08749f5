// Everything federation uses to reach other servers, built once per node.
#include "federation/federation_client.hpp"

#include "node.hpp"

namespace agora::federation {

ResolverOptions resolver_options(const Config& config) {
    ResolverOptions o;
    o.refresh_after = std::chrono::seconds(config.federation.actor_refresh_seconds);
    return o;
}

FederationClient::FederationClient(Node& node)
    : FederationClient(node, HttpClientOptions::from_config(node.config()),
                       resolver_options(node.config())) {}

FederationClient::FederationClient(Node& node, HttpClientOptions http_options,
                                   ResolverOptions options)
    : http_(std::move(http_options)), signed_(http_), instance_actor_(node),
      actors_(node, signed_, instance_actor_, options) {}

FederationClient::~FederationClient() {
    http_.shutdown();
}

} // namespace agora::federation
