// agora_resolve_tool: a whole Agora node on loopback (serving its instance actor, so that the
// peer can check our signatures) that resolves remote actors with its federation client, for the
// Fedify interop test (actor_resolution_test.mjs).
//
// Usage: agora_resolve_tool DIR TARGET...
//   DIR: a scratch directory for the database. Each TARGET is an actor URL or a handle
//   (user@host:port); one JSON line per target on stdout:
//   {"target", "ok": true, "uri", "username", "domain", "display_name", "note", "kind", "key_id",
//    "inbox", "shared_inbox", "key_verified": true|false, "instance_actor"} or
//   {"target", "ok": false, "failure", "message"}.
// Plain http and loopback addresses are allowed: the peer runs on 127.0.0.1.
#include "federation/federation_client.hpp"
#include "federation/routes.hpp"
#include "node.hpp"
#include "util/log.hpp"

#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <iostream>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace agora;
using nlohmann::json;

namespace {
// A loopback port nobody listens on right now (bound, read, released).
int free_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(fd);
    return ntohs(address.sin_port);
}

json describe(const std::string& target, federation::FederationClient& client, Node& node) {
    auto& actors = client.actors();
    auto actor =
        target.starts_with("http") ? actors.resolve_actor(target) : actors.resolve_handle(target);
    if (!actor)
        return {{"target", target},
                {"ok", false},
                {"failure", federation::failure_name(actor.error().failure)},
                {"message", actor.error().message}};
    auto key = actors.key_for(actor->key_id);
    return {{"target", target},
            {"ok", true},
            {"uri", actor->uri},
            {"username", actor->account.username},
            {"domain", actor->account.domain.value_or("")},
            {"display_name", actor->account.display_name},
            {"note", actor->account.note},
            {"kind", to_string(actor->account.kind)},
            {"key_id", actor->key_id},
            {"inbox", actor->inbox_url},
            {"shared_inbox", actor->shared_inbox_url.value_or("")},
            {"key_verified", key.has_value() && key->account_id == actor->account.id},
            {"instance_actor", federation::instance_actor_url(node.config())}};
}
} // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: agora_resolve_tool DIR TARGET...\n";
        return 2;
    }
    std::string dir = argv[1];
    std::string authority = "127.0.0.1:" + std::to_string(free_port());
    auto config = parse_config("[instance]\ndomain = \"" + authority + "\"\n[http]\nlisten = \"" +
                                   authority + "\"\npublic_url = \"http://" + authority +
                                   "\"\nthreads = 2\naccess_log = false\n[storage]\ndatabase = "
                                   "\"sqlite:" +
                                   dir + "/agora.db\"\nmedia_dir = \"" + dir +
                                   "/media\"\n[federation]\nallow_http = true\n"
                                   "allow_private_addresses = true\n[log]\nlevel = \"warn\"\n",
                               "resolve_tool.toml", {});
    if (!config) {
        std::cerr << config.error().line() << "\n";
        return 2;
    }
    log::set_level(log::Level::warn);
    Node node(*config);
    federation::install_routes(node);
    node.listen();
    std::thread server([&node] { node.serve(false); });
    int status = 0;
    {
        federation::FederationClient client(node);
        for (int i = 2; i < argc; ++i) {
            auto line = describe(argv[i], client, node);
            if (!line["ok"].get<bool>()) status = 1;
            std::cout << line.dump() << std::endl;
        }
    }
    node.stop();
    server.join();
    return status;
}
