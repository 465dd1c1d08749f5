// Filters v1 (Mastodon 3.5 and older apps), as Mastodon 4 maps them onto v2: each v1 filter is
// one keyword of a v2 filter, whose title, context, expiry and action (irreversible = hide) it
// shows.
#include "api/api.hpp"
#include "api/entities.hpp"
#include "api/filter_params.hpp"
#include "api/routes.hpp"
#include "node.hpp"
#include "store/database.hpp"
#include "store/filters_repo.hpp"
#include "util/ids.hpp"

namespace agora::api {

namespace {
using nlohmann::json;
const Endpoint reading{.access = Access::user, .scope = "read:filters"};
const Endpoint writing{.access = Access::user, .scope = "write:filters"};

struct KeywordOfFilter {
    FilterKeyword keyword;
    Filter filter;
};

// The caller's keyword named by {id}, with its filter.
std::optional<KeywordOfFilter> my_keyword(Call& call, store::Connection& conn) {
    auto id = parse_id(call.request.param("id"));
    auto keyword = id ? store::find_filter_keyword(conn, call.me().id, *id) : std::nullopt;
    if (!keyword) return std::nullopt;
    auto filter = store::find_filter(conn, call.me().id, keyword->filter_id);
    if (!filter) return std::nullopt;
    return KeywordOfFilter{*keyword, *filter};
}

// `phrase` (the filter's title and the keyword), `context[]`, `irreversible`, `expires_in`.
void read_v1_fields(const Params& params, KeywordOfFilter& k, bool creating, Problems& problems) {
    if (auto phrase = params.get("phrase")) k.filter.title = k.keyword.keyword = *phrase;
    check_filter_text(problems, "Title", k.filter.title, max_filter_title_characters);
    read_filter_context(params, k.filter, creating, problems);
    if (auto irreversible = params.get("irreversible"))
        k.filter.action = rails_bool(*irreversible).value_or(false) ? "hide" : "warn";
    read_filter_expiry(params, k.filter, problems);
    if (auto whole_word = params.get("whole_word"))
        if (auto value = rails_bool(*whole_word)) k.keyword.whole_word = *value;
}

bool same_filter(const Filter& a, const Filter& b) {
    return a.title == b.title && a.context == b.context && a.action == b.action &&
           a.expires_at == b.expires_at;
}
} // namespace

void install_filter_v1_routes(Node& node) {
    add(node, "GET", "/api/v1/filters", reading, [](Call& call) {
        auto conn = call.node.database().acquire();
        EntityWriter writer(*conn, call.node.config(), call.viewer_id());
        json out = json::array();
        auto filters = store::list_filters(*conn, call.me().id);
        for (const auto& k : store::list_account_filter_keywords(*conn, call.me().id))
            for (const auto& f : filters)
                if (f.id == k.filter_id) out.push_back(writer.v1_filter(f, k));
        return json_response(out);
    });
    add(node, "GET", "/api/v1/filters/{id}", reading, [](Call& call) {
        auto conn = call.node.database().acquire();
        auto k = my_keyword(call, *conn);
        if (!k) return not_found();
        return json_response(EntityWriter(*conn, call.node.config(), call.viewer_id())
                                 .v1_filter(k->filter, k->keyword));
    });
    add(node, "POST", "/api/v1/filters", writing, [](Call& call) {
        KeywordOfFilter k;
        k.filter.id = next_id();
        k.filter.account_id = call.me().id;
        k.filter.created_at = id_time_ms(k.filter.id);
        k.keyword.id = next_id();
        k.keyword.filter_id = k.filter.id;
        Problems problems;
        read_v1_fields(call.params, k, true, problems);
        if (!problems.empty()) return problems_response(problems);
        auto conn = call.node.database().acquire();
        store::Transaction tx(*conn);
        store::insert_filter(*conn, k.filter);
        store::insert_filter_keyword(*conn, k.keyword);
        tx.commit();
        return json_response(EntityWriter(*conn, call.node.config(), call.viewer_id())
                                 .v1_filter(k.filter, k.keyword));
    });
    add(node, "PUT", "/api/v1/filters/{id}", writing, [](Call& call) {
        auto conn = call.node.database().acquire();
        auto k = my_keyword(call, *conn);
        if (!k) return not_found();
        auto before = k->filter;
        Problems problems;
        read_v1_fields(call.params, *k, false, problems);
        if (!problems.empty()) return problems_response(problems);
        // As Mastodon: a filter shared by several keywords cannot be changed through one of them.
        if (!same_filter(before, k->filter) &&
            store::list_filter_keywords(*conn, k->filter.id).size() > 1)
            return http::error_response(
                422, "This filter has several keywords: change it with an app that knows filters "
                     "v2 (here, only whole_word can change)");
        store::Transaction tx(*conn);
        store::update_filter(*conn, k->filter);
        store::update_filter_keyword(*conn, k->keyword);
        tx.commit();
        return json_response(EntityWriter(*conn, call.node.config(), call.viewer_id())
                                 .v1_filter(k->filter, k->keyword));
    });
    add(node, "DELETE", "/api/v1/filters/{id}", writing, [](Call& call) {
        auto conn = call.node.database().acquire();
        auto k = my_keyword(call, *conn);
        if (!k) return not_found();
        store::delete_filter_keyword(*conn, k->keyword.id);
        return json_response(json::object());
    });
}

} // namespace agora::api
