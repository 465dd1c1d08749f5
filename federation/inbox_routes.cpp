// The inboxes other servers deliver to. Each delivery is checked in this order: body size (413,
// by the server, before it is read), JSON nesting depth and syntax, the activity's id, type and
// actor (400), the domain policy (a suspended or, in allow-list mode, not allowed domain: 202 and
// dropped, before any key is fetched), the HTTP signature and the key's owner (401), the activity
// id's origin (401); then it is recorded once in the inbox queue and answered 202 at once. The
// inbox worker applies it.
#include "federation/inbox_routes.hpp"

#include "federation/domain_gate.hpp"
#include "federation/federation.hpp"
#include "federation/federation_client.hpp"
#include "federation/inbox_support.hpp"
#include "federation/inbox_verifier.hpp"
#include "federation/inbox_worker.hpp"
#include "federation/instance_actor.hpp"
#include "federation/remote_url.hpp"
#include "node.hpp"
#include "store/accounts_repo.hpp"
#include "store/inbox_queue_repo.hpp"
#include "store/remote_accounts_repo.hpp"
#include "util/json_depth.hpp"
#include "util/log.hpp"
#include "util/time.hpp"

#include <nlohmann/json.hpp>

namespace agora::federation {

namespace {
using nlohmann::json;

// Activities are shallow (an Announce of a Create of a Note with attachments is 5 levels).
constexpr int max_json_depth = 32;

http::Response accepted() {
    http::Response response;
    response.status = 202;
    return response;
}

const std::string* string_at(const json& doc, const char* key) {
    auto it = doc.find(key);
    return it != doc.end() && it->is_string() && !it->get_ref<const std::string&>().empty()
               ? &it->get_ref<const std::string&>()
               : nullptr;
}

// Mastodon's shortcut: a Delete (or Update) of an actor by itself, from an actor never stored
// here, concerns nobody here. It is answered 202 without fetching the key of an actor that is
// most likely gone, and nothing is stored.
bool about_an_unknown_actor_itself(Node& node, const json& activity, const std::string& type,
                                   const std::string& actor) {
    if (type != "Delete" && type != "Update") return false;
    auto object = activity.find("object");
    if (object == activity.end() || id_of(*object) != actor) return false;
    auto conn = node.database().acquire();
    return !store::find_remote_account_by_uri(*conn, actor);
}

// What a sender wrote, fit for one log line: control characters replaced, at most 500 bytes.
std::string loggable(std::string_view text) {
    std::string out(text.substr(0, 500));
    for (auto& c : out)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
    return out;
}

class Inbox {
public:
    explicit Inbox(Node& node)
        : node_(node), federation_(Federation::of(node)),
          verifier_(node, federation_.client().actors()) {}

    http::Response receive(const http::Request& request) const {
        if (!json_depth_within(request.body, max_json_depth))
            return http::error_response(400, "JSON nested more than " +
                                                 std::to_string(max_json_depth) + " levels deep");
        auto activity = json::parse(request.body, nullptr, false);
        if (activity.is_discarded()) return http::error_response(400, "invalid JSON");
        if (!activity.is_object())
            return http::error_response(400, "an activity must be a JSON object");
        const std::string* id = string_at(activity, "id");
        const std::string* type = string_at(activity, "type");
        auto actor = id_at(activity, "actor");
        if (!id || !type || !actor) {
            const char* missing = !id ? "id" : !type ? "type" : "actor";
            return http::error_response(400, std::string("the activity has no ") + missing);
        }
        // A suspended domain (or, in allow-list mode, one not allowed): answered as if received,
        // counted, and dropped before any key is fetched.
        if (!federates_with_url(node_, *actor)) {
            auto conn = node_.database().acquire();
            store::count_not_applied(*conn, type->substr(0, 64), "domain_blocked", now_unix_ms());
            return accepted();
        }
        if (about_an_unknown_actor_itself(node_, activity, *type, *actor)) return accepted();

        auto sender = verifier_.verify(request, *actor);
        if (!sender) return refuse(*type, *actor, sender.error().message);
        if (!same_origin(*id, *actor))
            return refuse(*type, *actor,
                          "the activity's id " + *id + " is not on the server of " + *actor);

        bool queued = false;
        {
            auto conn = node_.database().acquire();
            store::Transaction tx(*conn);
            queued =
                store::enqueue_activity(*conn, *id, sender->actor_uri, request.body, now_unix_ms());
            tx.commit();
        }
        if (queued) federation_.inbox().wake();
        return accepted();
    }

    // POST /users/{name}/inbox: the same, for an existing local member.
    http::Response receive_for(const http::Request& request, const std::string& username) const {
        std::optional<Account> account;
        if (!is_instance_actor_username(username)) {
            auto conn = node_.database().acquire();
            account = store::find_local_account(*conn, username);
        }
        if (!account) return http::error_response(404, "no such account");
        return receive(request);
    }

private:
    http::Response refuse(const std::string& type, const std::string& actor,
                          const std::string& message) const {
        log::info(loggable("inbox: refused a " + type + " from " + actor + ": " + message));
        return http::error_response(401, message);
    }

    Node& node_;
    Federation& federation_;
    InboxVerifier verifier_;
};
} // namespace

void install_inbox_routes(Node& node) {
    auto inbox = std::make_shared<Inbox>(node);
    http::RouteOptions options;
    options.max_body_bytes = node.config().federation.max_inbox_bytes;
    node.router().add(
        "POST", "/inbox", [inbox](http::Request& request) { return inbox->receive(request); },
        options);
    node.router().add(
        "POST", "/users/{username}/inbox",
        [inbox](http::Request& request) {
            return inbox->receive_for(request, request.param("username"));
        },
        options);
}

} // namespace agora::federation
