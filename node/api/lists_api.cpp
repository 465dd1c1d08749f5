// Lists: a member's own groupings of accounts they follow, and the list timeline (the part of their
// home feed written by a list's members).
#include "api/api.hpp"
#include "api/entities.hpp"
#include "api/pages.hpp"
#include "api/pagination.hpp"
#include "api/routes.hpp"
#include "node.hpp"
#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "store/statuses_repo.hpp"
#include "util/ids.hpp"

namespace agora::api {

namespace {
using nlohmann::json;
constexpr Endpoint reading{.access = Access::user, .scope = "read:lists"};
constexpr Endpoint writing{.access = Access::user, .scope = "write:lists"};

struct ListRow {
    std::int64_t id;
    std::string title, replies_policy;
    bool exclusive;
};

json list_json(const ListRow& l) {
    return {{"id", std::to_string(l.id)},
            {"title", l.title},
            {"replies_policy", l.replies_policy},
            {"exclusive", l.exclusive}};
}

// The caller's list named by {id}; nullopt when it is not theirs.
std::optional<ListRow> my_list(Call& call, store::Connection& conn) {
    auto id = parse_id(call.request.param("id"));
    if (!id) return std::nullopt;
    auto st = conn.query(
        "SELECT id, title, replies_policy, exclusive FROM lists WHERE id = ? AND account_id = ?",
        *id, call.me().id);
    if (!st.step()) return std::nullopt;
    return ListRow{st.int64(0), st.text(1), st.text(2), st.boolean(3)};
}

// Title, replies_policy and exclusive from the request, checked; `current` fills what is left out.
std::expected<ListRow, std::string> read_fields(Call& call, ListRow current) {
    if (auto title = call.params.get("title")) current.title = *title;
    if (current.title.find_first_not_of(" \t\r\n") == std::string::npos)
        return std::unexpected("Title can't be blank");
    if (current.title.size() > 256)
        return std::unexpected("Title is too long (maximum is 256 characters)");
    if (auto policy = call.params.get("replies_policy")) {
        if (*policy != "followed" && *policy != "list" && *policy != "none")
            return std::unexpected("Replies policy is not included in the list");
        current.replies_policy = *policy;
    }
    if (auto exclusive = call.params.flag("exclusive")) current.exclusive = *exclusive;
    return current;
}

std::vector<std::int64_t> account_ids(const Call& call) {
    std::vector<std::int64_t> out;
    for (const auto& text : call.params.list("account_ids"))
        if (auto id = parse_id(text)) out.push_back(*id);
    return out;
}
} // namespace

void install_list_routes(Node& node) {
    add(node, "GET", "/api/v1/lists", reading, [](Call& call) {
        auto conn = call.node.database().acquire();
        auto st = conn->query("SELECT id, title, replies_policy, exclusive FROM lists WHERE "
                              "account_id = ? ORDER BY id",
                              call.me().id);
        json out = json::array();
        while (st.step())
            out.push_back(list_json({st.int64(0), st.text(1), st.text(2), st.boolean(3)}));
        return json_response(out);
    });
    add(node, "POST", "/api/v1/lists", writing, [](Call& call) {
        auto fields = read_fields(call, {next_id(), "", "list", false});
        if (!fields) return validation_error(fields.error());
        auto conn = call.node.database().acquire();
        conn->query("INSERT INTO lists (id, account_id, title, replies_policy, exclusive, "
                    "created_at) VALUES "
                    "(?, ?, ?, ?, ?, ?)",
                    fields->id, call.me().id, fields->title, fields->replies_policy,
                    fields->exclusive, id_time_ms(fields->id))
            .run();
        return json_response(list_json(*fields));
    });
    add(node, "GET", "/api/v1/lists/{id}", reading, [](Call& call) {
        auto conn = call.node.database().acquire();
        auto list = my_list(call, *conn);
        if (!list) return http::error_response(404, "Record not found");
        return json_response(list_json(*list));
    });
    add(node, "PUT", "/api/v1/lists/{id}", writing, [](Call& call) {
        auto conn = call.node.database().acquire();
        auto list = my_list(call, *conn);
        if (!list) return http::error_response(404, "Record not found");
        auto fields = read_fields(call, *list);
        if (!fields) return validation_error(fields.error());
        conn->query("UPDATE lists SET title = ?, replies_policy = ?, exclusive = ? WHERE id = ?",
                    fields->title, fields->replies_policy, fields->exclusive, fields->id)
            .run();
        return json_response(list_json(*fields));
    });
    add(node, "DELETE", "/api/v1/lists/{id}", writing, [](Call& call) {
        auto conn = call.node.database().acquire();
        auto list = my_list(call, *conn);
        if (!list) return http::error_response(404, "Record not found");
        conn->query("DELETE FROM lists WHERE id = ?", list->id).run();
        return json_response(json::object());
    });
    add(node, "GET", "/api/v1/lists/{id}/accounts", reading, [](Call& call) {
        store::AccountPage page;
        {
            auto conn = call.node.database().acquire();
            auto list = my_list(call, *conn);
            if (!list) return http::error_response(404, "Record not found");
            auto st = conn->query(
                "SELECT account_id FROM list_accounts WHERE list_id = ? ORDER BY account_id",
                list->id);
            while (st.step())
                page.account_ids.push_back(st.int64(0));
        }
        return account_page(call, page);
    });
    add(node, "POST", "/api/v1/lists/{id}/accounts", writing, [](Call& call) {
        auto conn = call.node.database().acquire();
        auto list = my_list(call, *conn);
        if (!list) return http::error_response(404, "Record not found");
        auto ids = account_ids(call);
        if (ids.empty()) return validation_error("Account ids can't be blank");
        for (auto id : ids) // as Mastodon: only accounts one follows
            if (!store::follows(*conn, call.me().id, id))
                return validation_error("Account has not been followed");
        store::Transaction tx(*conn);
        for (auto id : ids)
            conn->query("INSERT INTO list_accounts (list_id, account_id) VALUES (?, ?) ON CONFLICT "
                        "DO NOTHING",
                        list->id, id)
                .run();
        tx.commit();
        return json_response(json::object());
    });
    add(node, "DELETE", "/api/v1/lists/{id}/accounts", writing, [](Call& call) {
        auto conn = call.node.database().acquire();
        auto list = my_list(call, *conn);
        if (!list) return http::error_response(404, "Record not found");
        for (auto id : account_ids(call))
            conn->query("DELETE FROM list_accounts WHERE list_id = ? AND account_id = ?", list->id,
                        id)
                .run();
        return json_response(json::object());
    });
    add(node, "GET", "/api/v1/timelines/list/{id}", reading, [](Call& call) {
        auto conn = call.node.database().acquire();
        store::Snapshot snapshot(*conn);
        auto list = my_list(call, *conn);
        if (!list) return http::error_response(404, "Record not found");
        // The home feed already holds exactly what the member may see from those they follow, as
        // their follow options say; the list's replies policy chooses among it.
        auto entries = store::list_feed_of_list(*conn, call.me().id, {list->id, list->title},
                                                page_query(call.params));
        return feed_page(call, *conn, entries);
    });
    add(node, "GET", "/api/v1/accounts/{id}/lists", reading, [](Call& call) {
        auto id = parse_id(call.request.param("id"));
        auto conn = call.node.database().acquire();
        json out = json::array();
        if (!id) return json_response(out);
        auto st = conn->query(
            "SELECT l.id, l.title, l.replies_policy, l.exclusive FROM lists l JOIN list_accounts "
            "la "
            "ON la.list_id = l.id WHERE l.account_id = ? AND la.account_id = ? ORDER BY l.id",
            call.me().id, *id);
        while (st.step())
            out.push_back(list_json({st.int64(0), st.text(1), st.text(2), st.boolean(3)}));
        return json_response(out);
    });
}

} // namespace agora::api
