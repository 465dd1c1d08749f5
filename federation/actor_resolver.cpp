// Remote actors on demand: fetch, validate, store, refresh; their keys; WebFinger handles.
#include "federation/actor_resolver.hpp"

#include "federation/activitypub.hpp"
#include "federation/actor_reader.hpp"
#include "federation/domain_gate.hpp"
#include "federation/remote_documents.hpp"
#include "federation/remote_url.hpp"
#include "model/local_urls.hpp"
#include "moderation/domain_accounts.hpp"
#include "moderation/domain_policy.hpp"
#include "node.hpp"
#include "store/accounts_repo.hpp"
#include "store/remote_accounts_repo.hpp"
#include "util/ids.hpp"
#include "util/log.hpp"
#include "util/time.hpp"

#include <nlohmann/json.hpp>

namespace agora::federation {

namespace {
using nlohmann::json;

std::unexpected<ResolveError> fail(ResolveFailure failure, std::string message) {
    return std::unexpected(ResolveError{failure, std::move(message)});
}

std::unexpected<ResolveError> fail(const DocumentError& error) {
    switch (error.failure) {
    case DocumentFailure::unreachable:
        return fail(ResolveFailure::unreachable, error.message);
    case DocumentFailure::gone:
        return fail(ResolveFailure::gone, error.message);
    case DocumentFailure::refused:
        return fail(ResolveFailure::refused, error.message);
    case DocumentFailure::wrong_type:
    case DocumentFailure::invalid_json:
        return fail(ResolveFailure::invalid, error.message);
    }
    return fail(ResolveFailure::invalid, error.message);
}

std::optional<std::string> string_at(const json& doc, const char* key) {
    if (!doc.is_object()) return std::nullopt;
    auto it = doc.find(key);
    if (it == doc.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
}

// The owner a key document names: a Key's `owner`, or the `publicKey.owner` of an actor (or of
// the actor stub some servers serve at the key's URL), else the document's own id.
std::optional<std::string> key_owner(const json& doc) {
    if (auto owner = string_at(doc, "owner")) return owner;
    if (doc.is_object())
        if (auto key = doc.find("publicKey"); key != doc.end())
            if (auto owner = string_at(*key, "owner")) return owner;
    return string_at(doc, "id");
}

struct Handle {
    std::string user, domain;
};

std::optional<Handle> parse_handle(std::string_view handle) {
    if (handle.starts_with("acct:")) handle.remove_prefix(5);
    if (handle.starts_with("@")) handle.remove_prefix(1);
    auto at = handle.find('@');
    if (at == std::string_view::npos || at == 0 || at + 1 == handle.size()) return std::nullopt;
    Handle out{std::string(handle.substr(0, at)), lowercase(handle.substr(at + 1))};
    if (out.domain.find_first_of("@/?#") != std::string::npos) return std::nullopt;
    for (char c : out.user)
        if (c <= ' ' || c == '/' || c == '?' || c == '#' || c == 0x7f) return std::nullopt;
    if (!parse_remote_url("https://" + out.domain + "/")) return std::nullopt;
    return out;
}
} // namespace

std::string_view failure_name(ResolveFailure failure) {
    switch (failure) {
    case ResolveFailure::invalid_uri:
        return "invalid_uri";
    case ResolveFailure::local:
        return "local";
    case ResolveFailure::unreachable:
        return "unreachable";
    case ResolveFailure::gone:
        return "gone";
    case ResolveFailure::refused:
        return "refused";
    case ResolveFailure::invalid:
        return "invalid";
    case ResolveFailure::not_found:
        return "not_found";
    case ResolveFailure::handle_mismatch:
        return "handle_mismatch";
    case ResolveFailure::key_not_found:
        return "key_not_found";
    case ResolveFailure::conflict:
        return "conflict";
    }
    return "unknown";
}

ActorResolver::ActorResolver(Node& node, SignedClient& client, InstanceActor& instance_actor,
                             ResolverOptions options)
    : node_(node), client_(client), instance_actor_(instance_actor), options_(options),
      refresher_(
          [this](const std::string& uri) {
              if (auto fetched = fetch_and_store(uri); !fetched)
                  log::info("federation: keeping the stored copy of " + uri +
                            " (background refresh failed: " + fetched.error().message + ")");
          },
          ActorRefreshOptions{.retry_after = std::min<std::chrono::milliseconds>(
                                  std::chrono::minutes(10), options.refresh_after)}) {}

bool ActorResolver::is_local(std::string_view url) const {
    return same_origin(url, node_.config().base_url());
}

std::expected<RemoteAccount, ResolveError> ActorResolver::resolve_actor(std::string_view uri,
                                                                        bool force_refresh) {
    if (!parse_remote_url(uri))
        return fail(ResolveFailure::invalid_uri, "not an http(s) URL: " + std::string(uri));
    if (is_local(uri)) return fail(ResolveFailure::local, std::string(uri) + " is local");
    std::optional<RemoteAccount> stored;
    {
        auto conn = node_.database().acquire();
        stored = store::find_remote_account_by_uri(*conn, uri);
    }
    auto age = std::chrono::milliseconds(now_unix_ms() - (stored ? stored->fetched_at : 0));
    if (stored && !force_refresh) {
        if (age < options_.refresh_after) return *stored;
        // Stale: answered as it is, fetched again in the background (nobody waits on its server).
        if (refresher_.request(std::string(uri))) return *stored;
    }
    auto fetched = fetch_and_store(std::string(uri));
    if (!fetched && stored && fetched.error().failure == ResolveFailure::unreachable) {
        log::info("federation: keeping the stored copy of " + std::string(uri) +
                  " (refresh failed: " + fetched.error().message + ")");
        return *stored;
    }
    return fetched;
}

std::expected<RemoteAccount, ResolveError> ActorResolver::fetch_and_store(const std::string& uri) {
    if (!federates_with_url(node_, uri))
        return fail(ResolveFailure::refused,
                    std::string(uri) + ": its domain is suspended or not allowed");
    auto document = fetch_activity_document(client_, instance_actor_.signing_key(), uri);
    if (!document) return fail(document.error());
    auto id = string_at(document->body, "id");
    if (id != uri)
        return fail(ResolveFailure::invalid,
                    uri + " serves a document whose id is " + id.value_or("missing"));
    return store(document->body, document->url);
}

std::expected<RemoteAccount, ResolveError> ActorResolver::store(const json& document,
                                                                const std::string& served_from) {
    auto read = read_actor(document, served_from, now_unix_ms());
    if (!read) return fail(ResolveFailure::invalid, read.error());
    read->remote.account.id = next_id();
    const std::string& uri = read->remote.uri;
    auto conn = node_.database().acquire();
    // A domain whose media are rejected: its actors' avatars and headers are not used.
    if (moderation::policy_for_url(*conn, node_.config(), uri).reject_media) {
        read->profile.avatar_remote_url.reset();
        read->profile.header_remote_url.reset();
    }
    for (int attempt = 0;; ++attempt) {
        try {
            store::Transaction tx(*conn);
            auto id =
                store::upsert_remote_account(*conn, read->remote, read->profile, now_unix_ms());
            if (!id)
                return fail(ResolveFailure::conflict,
                            "the handle " + read->remote.account.username + "@" +
                                read->remote.account.domain.value_or("") +
                                " belongs to another stored actor than " + uri);
            // A new account of a silenced or suspended domain is so from the start.
            if (*id == read->remote.account.id)
                moderation::apply_domain_policy_to_new_account(
                    *conn, node_.config(), *id, read->remote.account.domain.value_or(""));
            tx.commit();
            break;
        } catch (const store::ConstraintError&) {
            // Another thread stored the same actor at the same time: update its row instead.
            if (attempt == 1) throw;
        }
    }
    auto stored = store::find_remote_account_by_uri(*conn, uri);
    if (!stored) return fail(ResolveFailure::invalid, uri + " could not be stored");
    return *stored;
}

std::expected<RemoteAccount, ResolveError> ActorResolver::resolve_actor_url(std::string_view url) {
    if (!parse_remote_url(url))
        return fail(ResolveFailure::invalid_uri, "not an http(s) URL: " + std::string(url));
    if (is_local(url)) return fail(ResolveFailure::local, std::string(url) + " is local");
    if (!federates_with_url(node_, url))
        return fail(ResolveFailure::refused,
                    std::string(url) + ": its domain is suspended or not allowed");
    auto document =
        fetch_activity_document(client_, instance_actor_.signing_key(), std::string(url));
    if (!document) return fail(document.error());
    auto id = string_at(document->body, "id");
    if (!id) return fail(ResolveFailure::invalid, std::string(url) + " serves no id");
    if (*id == url) return store(document->body, document->url);
    return resolve_actor(*id);
}

std::expected<ActorKey, ResolveError> ActorResolver::key_of(const RemoteAccount& actor,
                                                            std::string_view key_id) {
    if (actor.key_id != key_id)
        return fail(ResolveFailure::key_not_found,
                    actor.uri + " does not publish the key " + std::string(key_id));
    auto key = parsed_keys_.from_pem(actor.account.public_key_pem);
    if (!key) return fail(ResolveFailure::invalid, "the key of " + actor.uri + ": " + key.error());
    return ActorKey{actor.account.id, actor.uri, actor.key_id, std::move(*key), false};
}

std::expected<ActorKey, ResolveError> ActorResolver::local_key(std::string_view key_id) {
    const auto& config = node_.config();
    std::optional<Account> account;
    std::string actor_uri;
    if (key_id == instance_actor_key_id(config)) {
        account = ensure_instance_actor(node_.database(), config);
        actor_uri = instance_actor_url(config);
    } else {
        LocalUrls urls(config);
        std::string prefix = urls.actor("");
        constexpr std::string_view suffix = "#main-key";
        if (key_id.starts_with(prefix) && key_id.ends_with(suffix)) {
            auto username =
                key_id.substr(prefix.size(), key_id.size() - prefix.size() - suffix.size());
            if (!is_instance_actor_username(username)) {
                auto conn = node_.database().acquire();
                account = store::find_local_account(*conn, username);
            }
            if (account && urls.key_id(account->username) != key_id) account.reset();
            if (account) actor_uri = urls.actor(account->username);
        }
    }
    if (!account) return fail(ResolveFailure::key_not_found, "no local key " + std::string(key_id));
    auto key = parsed_keys_.from_pem(account->public_key_pem);
    if (!key) return fail(ResolveFailure::invalid, "a local key: " + key.error());
    return ActorKey{account->id, actor_uri, std::string(key_id), std::move(*key), true};
}

std::expected<ActorKey, ResolveError> ActorResolver::key_for(std::string_view key_id) {
    if (is_local(key_id)) return local_key(key_id);
    {
        auto conn = node_.database().acquire();
        if (auto stored = store::find_remote_account_by_key_id(*conn, key_id))
            return key_of(*stored, key_id);
    }
    auto key_url = parse_remote_url(key_id);
    if (!key_url)
        return fail(ResolveFailure::invalid_uri, "not an http(s) key id: " + std::string(key_id));
    // The key id's document: the actor itself (Mastodon's "actor#main-key"), a Key naming its
    // owner, or an actor stub.
    if (!federates_with_url(node_, key_id))
        return fail(ResolveFailure::refused,
                    std::string(key_id) + ": its domain is suspended or not allowed");
    std::string document_url = key_url->str();
    auto document = fetch_activity_document(client_, instance_actor_.signing_key(), document_url);
    if (!document) return fail(document.error());
    auto owner = key_owner(document->body);
    if (!owner) return fail(ResolveFailure::invalid, document_url + " names no key owner");
    std::expected<RemoteAccount, ResolveError> actor;
    if (*owner == document_url && string_at(document->body, "id") == document_url &&
        string_at(document->body, "inbox"))
        actor = store(document->body, document->url); // the actor itself: no second fetch
    else
        actor = resolve_actor(*owner, true);
    if (!actor) return std::unexpected(actor.error());
    return key_of(*actor, key_id);
}

std::expected<ActorKey, ResolveError> ActorResolver::refetch_key(std::string_view key_id) {
    if (is_local(key_id)) return local_key(key_id);
    std::optional<RemoteAccount> stored;
    {
        auto conn = node_.database().acquire();
        stored = store::find_remote_account_by_key_id(*conn, key_id);
    }
    if (!stored) return key_for(key_id);
    auto age = std::chrono::milliseconds(now_unix_ms() - stored->fetched_at);
    if (age < options_.min_refetch_interval) return key_of(*stored, key_id);
    auto actor = resolve_actor(stored->uri, true);
    if (!actor) return std::unexpected(actor.error());
    return key_of(*actor, key_id);
}

std::expected<std::string, ResolveError> ActorResolver::webfinger(std::string_view handle) {
    auto parsed = parse_handle(handle);
    if (!parsed) return fail(ResolveFailure::invalid_uri, "not a handle: " + std::string(handle));
    if (parsed->domain == lowercase(node_.config().instance.domain))
        return fail(ResolveFailure::local, std::string(handle) + " is local");
    std::string query = "/.well-known/webfinger?resource=" +
                        http::percent_encode("acct:" + parsed->user + "@" + parsed->domain);
    // https only; with federation.allow_http (tests) http first, then https.
    const auto& key = instance_actor_.signing_key();
    bool http_first = client_.http().options().allow_http;
    auto document =
        fetch_jrd(client_, key, (http_first ? "http://" : "https://") + parsed->domain + query);
    if (!document && http_first && document.error().failure == DocumentFailure::unreachable &&
        document.error().transport)
        document = fetch_jrd(client_, key, "https://" + parsed->domain + query);
    if (!document) return fail(document.error());
    auto links = document->body.is_object() ? document->body.find("links") : document->body.end();
    if (links != document->body.end() && links->is_array()) {
        for (const auto& link : *links) {
            if (string_at(link, "rel") != "self") continue;
            auto type = string_at(link, "type");
            auto href = string_at(link, "href");
            if (type && href && is_activity_json(*type) && parse_remote_url(*href)) return *href;
        }
    }
    return fail(ResolveFailure::not_found,
                "WebFinger names no ActivityPub actor for " + std::string(handle));
}

std::expected<RemoteAccount, ResolveError> ActorResolver::resolve_handle(std::string_view handle) {
    auto uri = webfinger(handle);
    if (!uri) return std::unexpected(uri.error());
    auto actor = resolve_actor(*uri);
    if (!actor) return actor;
    auto parsed = parse_handle(handle);
    if (lowercase(actor->account.username) != lowercase(parsed->user) ||
        lowercase(actor->account.domain.value_or("")) != parsed->domain)
        return fail(ResolveFailure::handle_mismatch, std::string(handle) + " leads to " +
                                                         actor->account.username + "@" +
                                                         actor->account.domain.value_or(""));
    return actor;
}

} // namespace agora::federation
