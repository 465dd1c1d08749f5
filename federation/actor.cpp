// Actor documents of local accounts and their collections (outbox, followers, following, featured).
#include "federation/actor.hpp"

#include "federation/activitypub.hpp"
#include "federation/ap_context.hpp"
#include "federation/ap_status.hpp"
#include "federation/document_cache.hpp"
#include "federation/instance_actor.hpp"
#include "federation/signed_fetch.hpp"
#include "media/profile_images.hpp"
#include "node.hpp"
#include "statuses/status_service.hpp"
#include "store/account_deletion_repo.hpp"
#include "store/account_moderation_repo.hpp"
#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "store/pins_repo.hpp"
#include "store/profiles_repo.hpp"
#include "store/statuses_repo.hpp"
#include "util/time.hpp"

#include <nlohmann/json.hpp>

#include <charconv>
#include <memory>

namespace agora::federation {

namespace {
using nlohmann::json;
constexpr int outbox_page_size = 20;
constexpr int follows_page_size = 40;

const json& actor_context() {
    static const json context = {
        "https://www.w3.org/ns/activitystreams",
        "https://w3id.org/security/v1",
        {{"manuallyApprovesFollowers", "as:manuallyApprovesFollowers"},
         {"toot", "http://joinmastodon.org/ns#"},
         {"featured", {{"@id", "toot:featured"}, {"@type", "@id"}}},
         {"discoverable", "toot:discoverable"},
         {"indexable", "toot:indexable"},
         {"suspended", "toot:suspended"},
         {"schema", "http://schema.org#"},
         {"PropertyValue", "schema:PropertyValue"},
         {"value", "schema:value"}},
    };
    return context;
}

std::optional<std::int64_t> id_param(const http::Request& req, std::string_view name) {
    auto text = req.query_param(name);
    if (!text) return std::nullopt;
    std::int64_t value = 0;
    auto [p, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc() || p != text->data() + text->size() || value < 0) return std::nullopt;
    return value;
}

// The outbox item (Create or Announce) or the Note of each status that can be rendered.
json outbox_items(Node& node, store::Connection& conn, const std::vector<Status>& statuses,
                  bool objects_only) {
    json items = json::array();
    auto now = now_unix_ms();
    for (const auto& s : statuses) {
        auto records = load_status_records(conn, node.config(), s.id, now);
        if (!records) continue;
        if (!objects_only)
            items.push_back(status_activity(*records, node.config()));
        else if (!records->reblog_uri)
            items.push_back(status_object(*records, node.config()));
    }
    return items;
}

http::Response activity(const json& body, int status = 200) {
    return json_document(body, activity_json, status);
}

http::Response outbox(Node& node, const Account& account, const http::Request& req) {
    LocalUrls urls(node.config());
    std::string id = urls.outbox(account.username);
    auto conn = node.database().acquire();
    if (!req.query_param("page")) {
        return activity({{"@context", "https://www.w3.org/ns/activitystreams"},
                         {"id", id},
                         {"type", "OrderedCollection"},
                         {"totalItems", store::count_public_statuses(*conn, account.id)},
                         {"first", id + "?page=true"},
                         {"last", id + "?min_id=0&page=true"}});
    }
    auto max_id = id_param(req, "max_id");
    auto min_id = id_param(req, "min_id");
    store::Snapshot snapshot(*conn);
    auto statuses =
        store::list_public_statuses(*conn, account.id, max_id, min_id, outbox_page_size);
    std::string page_id = id + "?page=true";
    if (max_id) page_id = id + "?max_id=" + std::to_string(*max_id) + "&page=true";
    if (min_id) page_id = id + "?min_id=" + std::to_string(*min_id) + "&page=true";
    json page = {{"id", page_id},
                 {"type", "OrderedCollectionPage"},
                 {"partOf", id},
                 {"orderedItems", outbox_items(node, *conn, statuses, false)}};
    if (!statuses.empty()) {
        page["next"] = id + "?max_id=" + std::to_string(statuses.back().id) + "&page=true";
        page["prev"] = id + "?min_id=" + std::to_string(statuses.front().id) + "&page=true";
    }
    return activity(with_context(std::move(page)));
}

// Followers or following: a collection whose pages list actor ids, oldest follow first.
// An account that hides its collections shows their size only: its pages are empty.
template <typename Count, typename List>
http::Response follow_collection(Node& node, const Account& account, const http::Request& req,
                                 const std::string& id, Count count, List list) {
    auto conn = node.database().acquire();
    std::int64_t total = count(*conn, account.id);
    bool hidden = store::find_profile(*conn, account.id).hide_collections;
    auto page = id_param(req, "page");
    if (!page || *page < 1) {
        return activity({{"@context", "https://www.w3.org/ns/activitystreams"},
                         {"id", id},
                         {"type", "OrderedCollection"},
                         {"totalItems", total},
                         {"first", id + "?page=1"}});
    }
    std::string prefix = LocalUrls(node.config()).actor("");
    if (*page > 1'000'000) return http::error_response(400, "page is out of range");
    auto offset = int((*page - 1) * follows_page_size);
    auto items = hidden ? std::vector<std::string>()
                        : list(*conn, account.id, prefix, offset, follows_page_size);
    json body = {{"@context", "https://www.w3.org/ns/activitystreams"},
                 {"id", id + "?page=" + std::to_string(*page)},
                 {"type", "OrderedCollectionPage"},
                 {"totalItems", total},
                 {"partOf", id},
                 {"orderedItems", items}};
    if (!hidden && offset + follows_page_size < total)
        body["next"] = id + "?page=" + std::to_string(*page + 1);
    if (*page > 1) body["prev"] = id + "?page=" + std::to_string(*page - 1);
    return activity(body);
}

// The pinned statuses the request may read, most recently pinned first, as Notes listed in the
// collection itself (as Mastodon does) and in its one page: public and unlisted ones for anyone,
// followers-only ones too for a signer who may see them (Mastodon's `permitted_for`), since their
// Add went to the followers.
http::Response featured(Node& node, const SignedFetch& fetch, const Account& account,
                        const http::Request& req) {
    LocalUrls urls(node.config());
    std::string id = urls.featured(account.username);
    std::vector<Status> pinned;
    bool restricted = false; // some pins are not for everyone: the answer depends on the signer
    {
        auto conn = node.database().acquire();
        for (auto status_id : store::list_pinned_status_ids(*conn, account.id, {.limit = 100})) {
            auto status = store::find_status(*conn, status_id);
            if (!status || status->visibility == Visibility::direct) continue;
            if (status->visibility == Visibility::private_) restricted = true;
            pinned.push_back(std::move(*status));
        }
    }
    // Checked with no connection held: the signer's key may have to be fetched.
    auto signer = restricted ? fetch.signer(req) : std::nullopt;
    bool shown_restricted = false;
    json items;
    {
        auto conn = node.database().acquire();
        store::Snapshot snapshot(*conn);
        std::erase_if(pinned, [&](const Status& status) {
            if (status.visibility != Visibility::private_) return false;
            bool shown = signer && can_see(*conn, status, signer->account_id);
            shown_restricted = shown_restricted || shown;
            return !shown;
        });
        items = outbox_items(node, *conn, pinned, true);
    }
    json body = req.query_param("page") ? with_context({{"id", id + "?page=true"},
                                                        {"type", "OrderedCollectionPage"},
                                                        {"partOf", id},
                                                        {"orderedItems", items}})
                                        : with_context({{"id", id},
                                                        {"type", "OrderedCollection"},
                                                        {"totalItems", items.size()},
                                                        {"orderedItems", items},
                                                        {"first", id + "?page=true"}});
    auto r = activity(body);
    // In secure mode add_account_route marks every answer as depending on the signer.
    if (restricted && !fetch.required()) r.header("Vary", "Signature");
    if (shown_restricted) r.header("Cache-Control", "private");
    return r;
}

// What an unsigned GET of an actor gets in secure mode, as from Mastodon: the attributes others
// need to verify its signatures and to deliver to it, nothing about the person.
json technical_actor(const json& actor) {
    json minimal = json::object();
    for (const char* key :
         {"@context", "id", "type", "preferredUsername", "inbox", "publicKey", "endpoints"})
        if (actor.contains(key)) minimal[key] = actor[key];
    return minimal;
}

// Adds GET `pattern` answering with `render(account, request)` for an existing local account;
// in secure mode, to signed requests only.
template <typename Render>
void add_account_route(Node& node, const std::shared_ptr<SignedFetch>& fetch,
                       const std::string& pattern, Render render) {
    node.router().add("GET", pattern,
                      [&node, fetch, render](http::Request& req) -> http::Response {
                          auto gate = fetch->gate(req);
                          if (!gate) return std::move(gate.error());
                          std::optional<Account> account;
                          if (!is_instance_actor_username(req.param("username"))) {
                              auto conn = node.database().acquire();
                              account = store::find_local_account(*conn, req.param("username"));
                          }
                          if (!account) return http::error_response(404, "no such account");
                          auto r = render(*account, req);
                          if (fetch->required()) vary_by_signer(r, false);
                          return r;
                      },
                      {.representation = http::Representation::activity_json, .cors = true});
}
} // namespace

json actor_document(const Account& account, const AccountProfile& profile, const Config& config,
                    bool suspended) {
    if (suspended) {
        Account blank = account;
        blank.display_name = blank.username;
        blank.note.clear();
        blank.locked = false;
        blank.discoverable = false;
        AccountProfile none;
        none.account_id = profile.account_id;
        auto actor = actor_document(blank, none, config, false);
        actor["indexable"] = false;
        actor["suspended"] = true;
        return actor;
    }
    LocalUrls urls(config);
    const auto& name = account.username;
    json attachment = json::array();
    for (const auto& f : profile.fields)
        attachment.push_back(
            {{"type", "PropertyValue"}, {"name", f.name}, {"value", f.value_html}});
    json actor = {
        {"@context", actor_context()},
        {"id", urls.actor(name)},
        {"type", activitypub_type(account.kind)},
        {"preferredUsername", name},
        {"name", account.display_name},
        {"summary", account.note},
        {"url", urls.profile(name)},
        {"inbox", urls.inbox(name)},
        {"outbox", urls.outbox(name)},
        {"followers", urls.followers(name)},
        {"following", urls.following(name)},
        {"featured", urls.featured(name)},
        {"endpoints", {{"sharedInbox", urls.shared_inbox()}}},
        {"publicKey",
         {{"id", urls.key_id(name)},
          {"owner", urls.actor(name)},
          {"publicKeyPem", account.public_key_pem}}},
        {"manuallyApprovesFollowers", account.locked},
        {"discoverable", account.discoverable},
        {"indexable", profile.indexable},
        {"published", iso8601_day(account.created_at)},
        {"attachment", attachment},
    };
    for (auto [key, kind] : {std::pair{"icon", ProfileImageKind::avatar},
                             std::pair{"image", ProfileImageKind::header}}) {
        if (auto type = profile_image_type(profile, kind))
            actor[key] = {{"type", "Image"},
                          {"mediaType", *type},
                          {"url", profile_image_url(config, profile, kind, false)}};
    }
    return actor;
}

void install_actor_routes(Node& node) {
    auto cache = std::make_shared<DocumentCache>();
    auto fetch = std::make_shared<SignedFetch>(node);
    node.router().add("GET", "/users/{username}",
                      [&node, cache, fetch](http::Request& req) -> http::Response {
                          // Secure mode: the whole actor to signers, its technical part to
                          // others (cached apart: one key per variant).
                          bool technical = fetch->required() && !fetch->signer(req);
                          auto key =
                              (technical ? "technical:" : "") + lowercase(req.param("username"));
                          auto version = node.accounts_version();
                          http::Response r;
                          r.content_type = activity_json;
                          if (fetch->required()) vary_by_signer(r, false);
                          if (auto body = cache->find(key, version)) {
                              r.body = std::move(*body);
                              return r;
                          }
                          std::optional<Account> account;
                          AccountProfile profile;
                          bool suspended = false, gone = false;
                          if (!is_instance_actor_username(req.param("username"))) {
                              auto conn = node.database().acquire();
                              account = store::find_local_account(*conn, req.param("username"));
                              if (account) {
                                  profile = store::find_profile(*conn, account->id);
                                  suspended = store::is_account_suspended(*conn, account->id);
                              } else {
                                  gone = store::local_username_gone(*conn, req.param("username"));
                              }
                          }
                          // As Mastodon: a deleted account's actor is gone for good.
                          if (gone) return http::error_response(410, "the account was deleted");
                          if (!account) return http::error_response(404, "no such account");
                          auto actor = actor_document(*account, profile, node.config(), suspended);
                          r.body = (technical ? technical_actor(actor) : actor).dump();
                          cache->store(key, version, r.body);
                          return r;
                      },
                      {.representation = http::Representation::activity_json, .cors = true});
    add_account_route(
        node, fetch, "/users/{username}/outbox",
        [&node](const Account& a, const http::Request& req) { return outbox(node, a, req); });
    add_account_route(node, fetch, "/users/{username}/followers",
                      [&node](const Account& a, const http::Request& req) {
                          return follow_collection(
                              node, a, req, LocalUrls(node.config()).followers(a.username),
                              store::count_followers, store::list_follower_uris);
                      });
    add_account_route(node, fetch, "/users/{username}/following",
                      [&node](const Account& a, const http::Request& req) {
                          return follow_collection(
                              node, a, req, LocalUrls(node.config()).following(a.username),
                              store::count_following, store::list_following_uris);
                      });
    add_account_route(node, fetch, "/users/{username}/collections/featured",
                      [&node, fetch](const Account& a, const http::Request& req) {
                          return featured(node, *fetch, a, req);
                      });
}

} // namespace agora::federation
