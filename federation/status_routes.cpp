// Local statuses served as ActivityStreams objects: the Note (or Question) at its id, the Create
// (or a boost's Announce) at its id followed by /activity, its replies collection at /replies.
#include "federation/status_routes.hpp"

#include "federation/activitypub.hpp"
#include "federation/ap_context.hpp"
#include "federation/ap_replies.hpp"
#include "federation/ap_status.hpp"
#include "federation/signed_fetch.hpp"
#include "node.hpp"
#include "statuses/status_service.hpp"
#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "util/time.hpp"

#include <nlohmann/json.hpp>

#include <charconv>
#include <memory>

namespace agora::federation {

namespace {
http::Response not_found() {
    return http::error_response(404, "Record not found");
}

// A status's records and whether only some may read them (followers-only, direct).
struct Readable {
    StatusRecords records;
    bool restricted = false;
};

std::optional<StatusRecords> load(Node& node, const http::Request& req) {
    const auto& text = req.param("id");
    std::int64_t id = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
    auto conn = node.database().acquire();
    store::Snapshot snapshot(*conn);
    auto account = store::find_local_account(*conn, req.param("username"));
    if (!account) return std::nullopt;
    auto records = load_status_records(*conn, node.config(), id, now_unix_ms());
    if (!records || records->status.account_id != account->id) return std::nullopt;
    return records;
}

// The records of status `{id}` by local account `{username}`, when the request may read them:
// public and unlisted statuses by anyone (in secure mode, anyone who signs), followers-only and
// direct ones only by a signer who may see them (node's can_see, as for that remote account).
// `fetch` null: a browser, who never signs. Else the answer: 401 in secure mode, 404.
std::expected<Readable, http::Response> readable_status(Node& node, const SignedFetch* fetch,
                                                        const http::Request& req) {
    std::optional<FetchSigner> signer;
    if (fetch) {
        auto gate = fetch->gate(req);
        if (!gate) return std::unexpected(std::move(gate.error()));
        signer = std::move(*gate);
    }
    auto records = load(node, req);
    if (!records) return std::unexpected(not_found());
    auto visibility = records->status.visibility;
    if (visibility == Visibility::public_ || visibility == Visibility::unlisted)
        return Readable{std::move(*records), false};
    // Checked only now, with no connection held: the signer's key may have to be fetched.
    if (fetch && !fetch->required()) signer = fetch->signer(req);
    auto refused = not_found();
    if (fetch) vary_by_signer(refused, false);
    if (!signer) return std::unexpected(std::move(refused));
    auto conn = node.database().acquire();
    if (!can_see(*conn, records->status, signer->account_id))
        return std::unexpected(std::move(refused));
    return Readable{std::move(*records), true};
}

RepliesQuery replies_query(const http::Request& req) {
    RepliesQuery query;
    query.page = req.query_param("page") == "true";
    query.only_other_accounts = req.query_param("only_other_accounts") == "true";
    if (auto min_id = req.query_param("min_id")) {
        std::int64_t value = 0;
        auto [end, ec] = std::from_chars(min_id->data(), min_id->data() + min_id->size(), value);
        if (ec == std::errc() && end == min_id->data() + min_id->size() && value > 0)
            query.min_id = value;
    }
    return query;
}

http::Response document(const nlohmann::json& body, const SignedFetch& fetch, bool restricted) {
    auto r = json_document(body, activity_json);
    if (restricted || fetch.required()) vary_by_signer(r, restricted);
    return r;
}
} // namespace

void install_status_routes(Node& node) {
    auto fetch = std::make_shared<SignedFetch>(node);
    const http::RouteOptions activity_route{.representation = http::Representation::activity_json,
                                            .cors = true};
    // A boost has no object of its own: its id is its Announce's, at .../activity.
    node.router().add(
        "GET", "/users/{username}/statuses/{id}",
        [&node, fetch](http::Request& req) {
            auto readable = readable_status(node, fetch.get(), req);
            if (!readable) return std::move(readable.error());
            if (readable->records.reblog_uri) return not_found();
            return document(with_context(status_object(readable->records, node.config())), *fetch,
                            readable->restricted);
        },
        activity_route);
    // Browsers are sent to the status's web address, as Mastodon sends them.
    node.router().add("GET", "/users/{username}/statuses/{id}", [&node](http::Request& req) {
        auto readable = readable_status(node, nullptr, req);
        if (!readable || readable->records.reblog_uri) return not_found();
        http::Response r;
        r.status = 302;
        r.header("Location",
                 status_object(readable->records, node.config()).at("url").get<std::string>());
        return r;
    });
    node.router().add(
        "GET", "/users/{username}/statuses/{id}/activity",
        [&node, fetch](http::Request& req) {
            auto readable = readable_status(node, fetch.get(), req);
            if (!readable) return std::move(readable.error());
            return document(with_context(status_activity(readable->records, node.config())), *fetch,
                            readable->restricted);
        },
        activity_route);
    // The replies anyone may read, of a status the request may read.
    node.router().add(
        "GET", "/users/{username}/statuses/{id}/replies",
        [&node, fetch](http::Request& req) {
            auto readable = readable_status(node, fetch.get(), req);
            if (!readable) return std::move(readable.error());
            if (readable->records.reblog_uri) return not_found();
            auto conn = node.database().acquire();
            store::Snapshot snapshot(*conn);
            return document(
                replies_document(*conn, node.config(), readable->records, replies_query(req)),
                *fetch, readable->restricted);
        },
        activity_route);
}

} // namespace agora::federation
