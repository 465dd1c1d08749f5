// Everything federation uses to reach other servers, built once per node and kept for its life:
// the outbound HTTP client (its threads), signed requests and the scheme each domain accepts,
// the instance actor's key, and the remote actor resolver.
#pragma once

#include "federation/actor_resolver.hpp"
#include "federation/http_client.hpp"
#include "federation/instance_actor.hpp"
#include "federation/signed_client.hpp"

namespace agora {
class Node;
}

namespace agora::federation {

class FederationClient {
public:
    // Options from the node's configuration (federation.*).
    explicit FederationClient(Node& node);
    FederationClient(Node& node, HttpClientOptions http_options, ResolverOptions resolver_options);
    // Stops the HTTP client's threads first: their callbacks refer to the members below.
    ~FederationClient();

    HttpClient& http() { return http_; }
    SignedClient& signed_client() { return signed_; }
    InstanceActor& instance_actor() { return instance_actor_; }
    ActorResolver& actors() { return actors_; }

private:
    HttpClient http_;
    SignedClient signed_;
    InstanceActor instance_actor_;
    ActorResolver actors_;
};

ResolverOptions resolver_options(const Config& config);

} // namespace agora::federation
