// Statuses endpoints: create (with a poll or media), get, edit, history, delete (with the source
// for redraft), context, source.
#include "api/api.hpp"
#include "api/entities.hpp"
#include "api/routes.hpp"
#include "events/event_worker.hpp"
#include "media/media_service.hpp"
#include "node.hpp"
#include "statuses/remote_thread_fetcher.hpp"
#include "statuses/status_edits.hpp"
#include "statuses/status_service.hpp"
#include "store/database.hpp"
#include "store/media_repo.hpp"
#include "store/polls_repo.hpp"
#include "store/status_edits_repo.hpp"
#include "store/statuses_repo.hpp"

namespace agora::api {

namespace {
using nlohmann::json;

http::Response status_error(const StatusError& e) {
    return http::error_response(e.status, e.message);
}

// The status named by {id}, if it exists and the caller may see it.
std::optional<Status> visible_status(Call& call, store::Connection& conn) {
    auto id = parse_id(call.request.param("id"));
    if (!id) return std::nullopt;
    auto status = store::find_status(conn, *id);
    if (!status || !can_see(conn, *status, call.viewer_id())) return std::nullopt;
    return status;
}

// `poll[...]` as Mastodon reads it: a poll is asked for when any of its fields is given.
std::optional<NewPoll> poll_params(const Params& params) {
    if (!params.has("poll[options]") && !params.has("poll[expires_in]") &&
        !params.has("poll[multiple]") && !params.has("poll[hide_totals]"))
        return std::nullopt;
    NewPoll poll;
    poll.options = params.list("poll[options]");
    poll.expires_in = params.get("poll[expires_in]");
    poll.multiple = params.flag("poll[multiple]").value_or(false);
    poll.hide_totals = params.flag("poll[hide_totals]").value_or(false);
    return poll;
}

// `media_ids`: ids of the caller's uploads (checked by the status service).
std::expected<std::vector<std::int64_t>, http::Response> media_ids_param(const Params& params) {
    std::vector<std::int64_t> ids;
    for (const auto& text : params.list("media_ids")) {
        if (text.empty()) continue; // clients send media_ids[]= for "none"
        auto id = parse_id(text);
        if (!id)
            return std::unexpected(validation_error("Media attachment " + text +
                                                    " is not one of your unattached uploads"));
        ids.push_back(*id);
    }
    return ids;
}

// In an edit, clients restate the status's media: the same media are accepted; media cannot come
// with a poll (Mastodon's wording); changing them is not written yet.
std::optional<http::Response> refuse_media(const Params& params, bool with_poll,
                                           store::Connection& conn, std::int64_t status_id,
                                           std::int64_t editor_id) {
    auto ids = media_ids_param(params);
    if (!ids) return ids.error();
    if (ids->empty()) return std::nullopt;
    auto status = store::find_status(conn, status_id);
    if (!status || status->account_id != editor_id) return std::nullopt; // the edit answers 404
    if (with_poll) return http::error_response(422, "Cannot attach more than 4 files");
    std::vector<std::int64_t> current;
    for (const auto& media : store::list_status_media(conn, status_id))
        current.push_back(media.id);
    if (*ids == current) return std::nullopt;
    return validation_error("Changing the media attachments of a status is not supported yet");
}

http::Response create(Call& call) {
    NewStatus request;
    request.text = call.params.get("status").value_or("");
    request.spoiler_text = call.params.get("spoiler_text").value_or("");
    request.sensitive = call.params.flag("sensitive");
    if (auto v = call.params.get("visibility"); v && !v->empty()) {
        request.visibility = parse_visibility(*v);
        if (!request.visibility) return validation_error("Visibility is not included in the list");
    }
    request.language = call.params.get("language");
    if (auto v = call.params.get("in_reply_to_id"); v && !v->empty()) {
        request.in_reply_to_id = parse_id(*v);
        if (!request.in_reply_to_id) return http::error_response(404, "Record not found");
    }
    if (auto key = call.request.header("Idempotency-Key"); !key.empty())
        request.idempotency_key = std::string(key);
    request.poll = poll_params(call.params);
    auto media_ids = media_ids_param(call.params);
    if (!media_ids) return media_ids.error();
    request.media_ids = std::move(*media_ids);
    request.application_id = call.caller->token.app_id;
    auto status = create_status(call.node.database(), call.node.config(), call.me(), request,
                                call.node.remote_accounts());
    if (!status) return status_error(status.error());
    call.node.events().notify();
    auto conn = call.node.database().acquire();
    return json_response(EntityWriter(*conn, call.node.config(), call.viewer_id()).status(*status));
}

// PUT: the request restates the whole status, as Mastodon's clients send it.
http::Response edit(Call& call) {
    auto id = parse_id(call.request.param("id"));
    if (!id) return http::error_response(404, "Record not found");
    StatusChange change;
    change.text = call.params.get("status").value_or("");
    change.spoiler_text = call.params.get("spoiler_text").value_or("");
    change.sensitive = call.params.flag("sensitive");
    change.language = call.params.get("language");
    change.poll = poll_params(call.params);
    {
        auto conn = call.node.database().acquire();
        if (auto refused =
                refuse_media(call.params, change.poll.has_value(), *conn, *id, call.me().id))
            return *refused;
    }
    auto status = edit_status(call.node.database(), call.node.config(), call.me(), *id, change,
                              call.node.remote_accounts());
    if (!status) return status_error(status.error());
    call.node.events().notify();
    auto conn = call.node.database().acquire();
    return json_response(EntityWriter(*conn, call.node.config(), call.viewer_id()).status(*status));
}

// Oldest version first; a status never edited has one version: itself.
http::Response history(Call& call) {
    auto conn = call.node.database().acquire();
    auto status = visible_status(call, *conn);
    if (!status) return http::error_response(404, "Record not found");
    auto edits = store::list_status_edits(*conn, status->id);
    if (edits.empty()) {
        StatusEdit current;
        current.status_id = status->id;
        current.account_id = status->account_id;
        current.text = status->text;
        current.spoiler_text = status->spoiler_text;
        current.sensitive = status->sensitive;
        current.content = status->content;
        if (auto poll = store::find_poll_of_status(*conn, status->id))
            current.poll_options = poll->options;
        current.created_at = status->edited_at.value_or(status->created_at);
        edits.push_back(std::move(current));
    }
    EntityWriter writer(*conn, call.node.config(), call.viewer_id());
    json out = json::array();
    for (const auto& e : edits)
        out.push_back(writer.status_edit(e));
    return json_response(out);
}
} // namespace

void install_status_routes(Node& node) {
    add(node, "POST", "/api/v1/statuses", {.access = Access::user, .scope = "write:statuses"},
        create);
    add(node, "GET", "/api/v1/statuses/{id}", {.scope = "read:statuses"}, [](Call& call) {
        auto conn = call.node.database().acquire();
        auto status = visible_status(call, *conn);
        if (!status) return http::error_response(404, "Record not found");
        return json_response(
            EntityWriter(*conn, call.node.config(), call.viewer_id()).status(*status));
    });
    add(node, "PUT", "/api/v1/statuses/{id}", {.access = Access::user, .scope = "write:statuses"},
        edit);
    add(node, "GET", "/api/v1/statuses/{id}/history", {.scope = "read:statuses"}, history);
    add(node, "DELETE", "/api/v1/statuses/{id}",
        {.access = Access::user, .scope = "write:statuses"}, [](Call& call) {
            auto id = parse_id(call.request.param("id"));
            if (!id) return http::error_response(404, "Record not found");
            json out;
            std::vector<MediaAttachment> media;
            {
                // Rendered before it goes, as Mastodon answers: the client may redraft from `text`.
                auto conn = call.node.database().acquire();
                auto status = store::find_status(*conn, *id);
                if (!status || status->account_id != call.me().id)
                    return http::error_response(404, "Record not found");
                out = EntityWriter(*conn, call.node.config(), call.viewer_id()).status(*status);
                out["text"] = status->text;
                media = store::list_status_media(*conn, *id);
            }
            auto deleted = delete_status(call.node.database(), call.me(), *id);
            if (!deleted) return status_error(deleted.error());
            // The media stay, unattached, for a redraft, unless the client asks them gone.
            if (call.params.flag("delete_media").value_or(false))
                for (const auto& m : media)
                    (void)delete_media(call.node.database(), call.node.config(), call.me(), m.id);
            call.node.events().notify();
            return json_response(out);
        });
    add(node, "GET", "/api/v1/statuses/{id}/source",
        {.access = Access::user, .scope = "read:statuses"}, [](Call& call) {
            auto conn = call.node.database().acquire();
            auto status = visible_status(call, *conn);
            if (!status || status->account_id != call.me().id)
                return http::error_response(404, "Record not found");
            return json_response({{"id", std::to_string(status->id)},
                                  {"text", status->text},
                                  {"spoiler_text", status->spoiler_text}});
        });
    add(node, "GET", "/api/v1/statuses/{id}/context", {.scope = "read:statuses"}, [](Call& call) {
        auto conn = call.node.database().acquire();
        auto status = visible_status(call, *conn);
        if (!status) return http::error_response(404, "Record not found");
        // A remote post's replies are fetched in the background: later answers show them.
        if (!status->local)
            if (auto* threads = call.node.service<RemoteThreadFetcher>())
                threads->fetch_replies(status->id);
        EntityWriter writer(*conn, call.node.config(), call.viewer_id());
        std::vector<std::string> ancestors, descendants;
        // Walk up the reply chain (bounded), then down breadth-first, keeping only what the caller
        // may see.
        auto parent_id = status->in_reply_to_id;
        std::vector<std::string> up;
        for (int depth = 0; parent_id && depth < 100; ++depth) {
            auto parent = store::find_status(*conn, *parent_id);
            if (!parent) break;
            if (can_see(*conn, *parent, call.viewer_id()))
                if (auto s = writer.status_text(*parent, "thread")) up.push_back(std::move(*s));
            parent_id = parent->in_reply_to_id;
        }
        for (auto it = up.rbegin(); it != up.rend(); ++it)
            ancestors.push_back(std::move(*it));
        std::vector<std::int64_t> frontier{status->id};
        for (std::size_t i = 0; i < frontier.size() && descendants.size() < 4096; ++i) {
            std::vector<std::int64_t> children;
            {
                auto st = conn->query(
                    "SELECT id FROM statuses WHERE in_reply_to_id = ? ORDER BY id", frontier[i]);
                while (st.step())
                    children.push_back(st.int64(0));
            }
            for (auto child_id : children) {
                auto child = store::find_status(*conn, child_id);
                if (!child || !can_see(*conn, *child, call.viewer_id())) continue;
                if (auto s = writer.status_text(*child, "thread"))
                    descendants.push_back(std::move(*s));
                frontier.push_back(child_id);
            }
        }
        return json_text_response("{\"ancestors\":" + json_array_text(ancestors) +
                                  ",\"descendants\":" + json_array_text(descendants) + "}");
    });
}

} // namespace agora::api
