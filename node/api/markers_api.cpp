// Markers: where a member stopped reading their home timeline and notifications.
#include "api/api.hpp"
#include "api/routes.hpp"
#include "node.hpp"
#include "store/database.hpp"
#include "util/time.hpp"

namespace agora::api {

namespace {
using nlohmann::json;
constexpr const char* timelines[] = {"home", "notifications"};

json marker_json(store::Statement& st) {
    return {{"last_read_id", std::to_string(st.int64(0))},
            {"version", st.int64(1)},
            {"updated_at", iso8601(st.int64(2))}};
}

// The markers of `account_id` for the named timelines (those never set are left out).
json read_markers(store::Connection& conn, std::int64_t account_id,
                  const std::vector<std::string>& names) {
    json out = json::object();
    for (const auto& name : names) {
        auto st = conn.query(
            "SELECT last_read_id, version, updated_at FROM markers WHERE account_id = ? AND "
            "timeline = ?",
            account_id, name);
        if (st.step()) out[name] = marker_json(st);
    }
    return out;
}
} // namespace

void install_marker_routes(Node& node) {
    add(node, "GET", "/api/v1/markers", {.access = Access::user, .scope = "read:statuses"},
        [](Call& call) {
            std::vector<std::string> names;
            for (const auto& t : call.params.list("timeline"))
                if (t == "home" || t == "notifications") names.push_back(t);
            auto conn = call.node.database().acquire();
            return json_response(read_markers(*conn, call.me().id, names));
        });
    add(node, "POST", "/api/v1/markers", {.access = Access::user, .scope = "write:statuses"},
        [](Call& call) {
            std::vector<std::pair<std::string, std::int64_t>> updates;
            for (const char* name : timelines) {
                auto text = call.params.get(std::string(name) + "[last_read_id]");
                if (!text) continue;
                auto id = parse_id(*text);
                if (!id)
                    return validation_error(std::string(name) + " last_read_id is not a valid id");
                updates.emplace_back(name, *id);
            }
            if (updates.empty())
                return validation_error("Give home[last_read_id] or notifications[last_read_id]");
            auto conn = call.node.database().acquire();
            store::Transaction tx(*conn);
            std::vector<std::string> names;
            for (const auto& [name, id] : updates) {
                conn->query(
                        "INSERT INTO markers (account_id, timeline, last_read_id, version, "
                        "updated_at) "
                        "VALUES (?, ?, ?, 1, ?) ON CONFLICT (account_id, timeline) DO UPDATE SET "
                        "last_read_id = excluded.last_read_id, version = markers.version + 1, "
                        "updated_at = excluded.updated_at",
                        call.me().id, name, id, now_unix_ms())
                    .run();
                names.push_back(name);
            }
            tx.commit();
            return json_response(read_markers(*conn, call.me().id, names));
        });
}

} // namespace agora::api
