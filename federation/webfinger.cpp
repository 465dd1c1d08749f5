// WebFinger (RFC 7033) and host-meta (RFC 6415): how other servers find a local account's actor.
#include "federation/webfinger.hpp"

#include "accounts/account_service.hpp"
#include "federation/activitypub.hpp"
#include "federation/document_cache.hpp"
#include "federation/instance_actor.hpp"
#include "model/local_urls.hpp"
#include "node.hpp"
#include "store/account_deletion_repo.hpp"
#include "store/accounts_repo.hpp"

#include <nlohmann/json.hpp>

#include <memory>

namespace agora::federation {

namespace {

constexpr const char* jrd_json = "application/jrd+json; charset=utf-8";

// The instance actor, as Mastodon answers for acct:<host>@<domain>.
http::Response instance_actor_jrd(const Config& config) {
    nlohmann::json jrd = {
        {"subject", "acct:" + instance_actor_username(config) + "@" + config.instance.domain},
        {"aliases", {instance_actor_url(config)}},
        {"links",
         {{{"rel", "self"},
           {"type", "application/activity+json"},
           {"href", instance_actor_url(config)}}}},
    };
    return json_document(jrd, jrd_json);
}
} // namespace

ResourceLookup parse_resource(std::string_view resource, std::string_view local_domain,
                              std::string_view base_url) {
    using Kind = ResourceLookup::Kind;
    if (resource.starts_with("https://") || resource.starts_with("http://")) {
        for (std::string_view prefix : {std::string_view("/users/"), std::string_view("/@")}) {
            std::string start = std::string(base_url) + std::string(prefix);
            if (lowercase(resource).starts_with(lowercase(start))) {
                auto name = resource.substr(start.size());
                if (name.empty() || name.find('/') != std::string_view::npos)
                    return {Kind::malformed, {}};
                return {Kind::username, std::string(name)};
            }
        }
        auto scheme_end = resource.find("://") + 3;
        auto host =
            lowercase(resource.substr(scheme_end, resource.find('/', scheme_end) - scheme_end));
        auto web_host = lowercase(base_url.substr(base_url.find("://") + 3));
        return {host == lowercase(local_domain) || host == web_host ? Kind::malformed
                                                                    : Kind::foreign,
                {}};
    }
    if (resource.starts_with("acct:")) resource.remove_prefix(5);
    if (resource.starts_with("@")) resource.remove_prefix(1);
    auto at = resource.find('@');
    if (at == std::string_view::npos || at == 0 || at + 1 == resource.size())
        return {Kind::malformed, {}};
    auto user = resource.substr(0, at);
    auto domain = resource.substr(at + 1);
    if (domain.find('@') != std::string_view::npos || domain.find('/') != std::string_view::npos)
        return {Kind::malformed, {}};
    if (lowercase(domain) != lowercase(local_domain)) return {Kind::foreign, {}};
    return {Kind::username, std::string(user)};
}

void install_webfinger_routes(Node& node) {
    auto cache = std::make_shared<DocumentCache>();
    node.router().add(
        "GET", "/.well-known/webfinger",
        [&node, cache](http::Request& req) {
            auto resource = req.query_param("resource");
            if (!resource || resource->empty())
                return http::error_response(400, "the resource parameter is required");
            const auto& config = node.config();
            auto lookup = parse_resource(*resource, config.instance.domain, config.base_url());
            if (*resource == instance_actor_url(config) ||
                (lookup.kind == ResourceLookup::Kind::username &&
                 lowercase(lookup.username) == instance_actor_username(config)))
                return instance_actor_jrd(config);
            if (lookup.kind == ResourceLookup::Kind::malformed)
                return http::error_response(400,
                                            "resource must be acct:user@domain or an actor URL");
            if (lookup.kind == ResourceLookup::Kind::foreign || username_problem(lookup.username))
                return http::error_response(404, "not an account of this instance");
            auto key = lowercase(lookup.username);
            auto version = node.accounts_version();
            if (auto body = cache->find(key, version)) {
                http::Response r;
                r.content_type = jrd_json;
                r.body = std::move(*body);
                return r;
            }
            std::optional<Account> account;
            bool gone = false;
            {
                auto conn = node.database().acquire();
                account = store::find_local_account(*conn, lookup.username);
                if (!account) gone = store::local_username_gone(*conn, lookup.username);
            }
            // As Mastodon: a deleted account answers 410 Gone.
            if (gone) return http::error_response(410, "the account was deleted");
            if (!account) return http::error_response(404, "no such account");

            LocalUrls urls(config);
            nlohmann::json jrd = {
                {"subject", "acct:" + account->username + "@" + config.instance.domain},
                {"aliases", {urls.profile(account->username), urls.actor(account->username)}},
                {"links",
                 {{{"rel", "http://webfinger.net/rel/profile-page"},
                   {"type", "text/html"},
                   {"href", urls.profile(account->username)}},
                  {{"rel", "self"},
                   {"type", "application/activity+json"},
                   {"href", urls.actor(account->username)}}}},
            };
            auto r = json_document(jrd, jrd_json);
            cache->store(key, version, r.body);
            return r;
        },
        {.cors = true});

    auto host_meta_json = [&node](http::Request&) {
        std::string tmpl = node.config().base_url() + "/.well-known/webfinger?resource={uri}";
        nlohmann::json doc = {{"links", {{{"rel", "lrdd"}, {"template", tmpl}}}}};
        return json_document(doc, "application/json; charset=utf-8");
    };
    node.router().add("GET", "/.well-known/host-meta.json", host_meta_json, {.cors = true});
    node.router().add("GET", "/.well-known/host-meta",
                      [&node, host_meta_json](http::Request& req) {
                          if (req.query_param("format") == "json" ||
                              req.header("Accept").find("application/json") !=
                                  std::string_view::npos)
                              return host_meta_json(req);
                          http::Response r;
                          r.content_type = "application/xrd+xml; charset=utf-8";
                          r.body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                   "<XRD xmlns=\"http://docs.oasis-open.org/ns/xri/xrd-1.0\">\n"
                                   "  <Link rel=\"lrdd\" template=\"" +
                                   node.config().base_url() +
                                   "/.well-known/webfinger?resource={uri}\"/>\n</XRD>\n";
                          return r;
                      },
                      {.cors = true});
}

} // namespace agora::federation
