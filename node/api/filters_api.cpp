// Filters v2 (Mastodon 4): a member's filters with their keywords (keywords_attributes[] or one
// by one) and statuses. Someone else's filter, keyword or status entry is 404.
#include "api/api.hpp"
#include "api/entities.hpp"
#include "api/filter_params.hpp"
#include "api/routes.hpp"
#include "node.hpp"
#include "statuses/status_service.hpp"
#include "store/database.hpp"
#include "store/filters_repo.hpp"
#include "store/statuses_repo.hpp"
#include "util/ids.hpp"

#include <algorithm>

namespace agora::api {

namespace {
using nlohmann::json;
const Endpoint reading{.access = Access::user, .scope = "read:filters"};
const Endpoint writing{.access = Access::user, .scope = "write:filters"};

// One item of keywords_attributes[]: a new keyword, a change to one, or a removal.
struct KeywordChange {
    std::optional<std::int64_t> id; // an existing keyword of the filter
    std::optional<std::string> keyword;
    std::optional<bool> whole_word;
    bool destroy = false;
};

// keywords_attributes[] checked against the filter's `existing` keywords; nullopt (404) when an
// item names a keyword the filter does not have, as Rails answers.
std::optional<std::vector<KeywordChange>>
read_keyword_changes(const Params& params, const std::vector<FilterKeyword>& existing,
                     Problems& problems) {
    std::vector<KeywordChange> changes;
    for (const auto& record : params.records("keywords_attributes")) {
        // Rails' reject_if: :all_blank (_destroy aside).
        bool all_blank = std::all_of(record.begin(), record.end(), [](const auto& field) {
            return field.first == "_destroy" || trim(field.second).empty();
        });
        if (all_blank) continue;
        KeywordChange change;
        if (auto it = record.find("_destroy"); it != record.end())
            change.destroy = rails_bool(it->second).value_or(false);
        if (auto it = record.find("id"); it != record.end() && !it->second.empty()) {
            auto id = parse_id(it->second);
            if (!id || std::none_of(existing.begin(), existing.end(),
                                    [&](const FilterKeyword& k) { return k.id == *id; }))
                return std::nullopt;
            change.id = id;
        }
        if (auto it = record.find("keyword"); it != record.end()) change.keyword = it->second;
        if (auto it = record.find("whole_word"); it != record.end())
            change.whole_word = rails_bool(it->second);
        if (change.destroy && !change.id) continue; // a new keyword marked for removal
        if (!change.destroy && (change.keyword || !change.id))
            check_filter_text(problems, "Keywords keyword", change.keyword.value_or(""),
                              max_filter_keyword_characters);
        changes.push_back(std::move(change));
    }
    return changes;
}

void apply_keyword_changes(store::Connection& conn, std::int64_t filter_id,
                           const std::vector<FilterKeyword>& existing,
                           const std::vector<KeywordChange>& changes) {
    for (const auto& change : changes) {
        if (!change.id) {
            store::insert_filter_keyword(
                conn, {next_id(), filter_id, *change.keyword, change.whole_word.value_or(true)});
            continue;
        }
        if (change.destroy) {
            store::delete_filter_keyword(conn, *change.id);
            continue;
        }
        auto keyword = *std::find_if(existing.begin(), existing.end(),
                                     [&](const FilterKeyword& k) { return k.id == *change.id; });
        if (change.keyword) keyword.keyword = *change.keyword;
        if (change.whole_word) keyword.whole_word = *change.whole_word;
        store::update_filter_keyword(conn, keyword);
    }
}

// The caller's filter named by the path parameter `name`.
std::optional<Filter> my_filter(Call& call, store::Connection& conn, const char* name = "id") {
    auto id = parse_id(call.request.param(name));
    if (!id) return std::nullopt;
    return store::find_filter(conn, call.me().id, *id);
}

json filter_json(Call& call, store::Connection& conn, const Filter& f) {
    return EntityWriter(conn, call.node.config(), call.viewer_id()).filter(f, true);
}

http::Response create_filter(Call& call) {
    Filter f;
    f.id = next_id();
    f.account_id = call.me().id;
    f.created_at = id_time_ms(f.id);
    Problems problems;
    read_filter_fields(call.params, f, true, problems);
    auto changes = read_keyword_changes(call.params, {}, problems);
    if (!changes) return not_found();
    if (!problems.empty()) return problems_response(problems);
    auto conn = call.node.database().acquire();
    store::Transaction tx(*conn);
    store::insert_filter(*conn, f);
    apply_keyword_changes(*conn, f.id, {}, *changes);
    tx.commit();
    return json_response(filter_json(call, *conn, f));
}

http::Response update_filter(Call& call) {
    auto conn = call.node.database().acquire();
    auto f = my_filter(call, *conn);
    if (!f) return not_found();
    Problems problems;
    read_filter_fields(call.params, *f, false, problems);
    auto existing = store::list_filter_keywords(*conn, f->id);
    auto changes = read_keyword_changes(call.params, existing, problems);
    if (!changes) return not_found();
    if (!problems.empty()) return problems_response(problems);
    store::Transaction tx(*conn);
    store::update_filter(*conn, *f);
    apply_keyword_changes(*conn, f->id, existing, *changes);
    tx.commit();
    return json_response(filter_json(call, *conn, *f));
}

void install_keyword_routes(Node& node) {
    add(node, "GET", "/api/v2/filters/keywords/{id}", reading, [](Call& call) {
        auto conn = call.node.database().acquire();
        auto id = parse_id(call.request.param("id"));
        auto k = id ? store::find_filter_keyword(*conn, call.me().id, *id) : std::nullopt;
        if (!k) return not_found();
        return json_response(
            EntityWriter(*conn, call.node.config(), call.viewer_id()).filter_keyword(*k));
    });
    add(node, "PUT", "/api/v2/filters/keywords/{id}", writing, [](Call& call) {
        auto conn = call.node.database().acquire();
        auto id = parse_id(call.request.param("id"));
        auto k = id ? store::find_filter_keyword(*conn, call.me().id, *id) : std::nullopt;
        if (!k) return not_found();
        Problems problems;
        if (auto keyword = call.params.get("keyword")) {
            check_filter_text(problems, "Keyword", *keyword, max_filter_keyword_characters);
            k->keyword = *keyword;
        }
        if (auto whole_word = call.params.get("whole_word"))
            if (auto value = rails_bool(*whole_word)) k->whole_word = *value;
        if (!problems.empty()) return problems_response(problems);
        store::update_filter_keyword(*conn, *k);
        return json_response(
            EntityWriter(*conn, call.node.config(), call.viewer_id()).filter_keyword(*k));
    });
    add(node, "DELETE", "/api/v2/filters/keywords/{id}", writing, [](Call& call) {
        auto conn = call.node.database().acquire();
        auto id = parse_id(call.request.param("id"));
        auto k = id ? store::find_filter_keyword(*conn, call.me().id, *id) : std::nullopt;
        if (!k) return not_found();
        store::delete_filter_keyword(*conn, k->id);
        return json_response(json::object());
    });
    add(node, "GET", "/api/v2/filters/{filter_id}/keywords", reading, [](Call& call) {
        auto conn = call.node.database().acquire();
        auto f = my_filter(call, *conn, "filter_id");
        if (!f) return not_found();
        EntityWriter writer(*conn, call.node.config(), call.viewer_id());
        json out = json::array();
        for (const auto& k : store::list_filter_keywords(*conn, f->id))
            out.push_back(writer.filter_keyword(k));
        return json_response(out);
    });
    add(node, "POST", "/api/v2/filters/{filter_id}/keywords", writing, [](Call& call) {
        auto conn = call.node.database().acquire();
        auto f = my_filter(call, *conn, "filter_id");
        if (!f) return not_found();
        FilterKeyword k{next_id(), f->id, call.params.get("keyword").value_or(""), true};
        Problems problems;
        check_filter_text(problems, "Keyword", k.keyword, max_filter_keyword_characters);
        if (!problems.empty()) return problems_response(problems);
        if (auto whole_word = call.params.get("whole_word"))
            k.whole_word = rails_bool(*whole_word).value_or(true);
        store::insert_filter_keyword(*conn, k);
        return json_response(
            EntityWriter(*conn, call.node.config(), call.viewer_id()).filter_keyword(k));
    });
}

void install_status_entry_routes(Node& node) {
    add(node, "GET", "/api/v2/filters/statuses/{id}", reading, [](Call& call) {
        auto conn = call.node.database().acquire();
        auto id = parse_id(call.request.param("id"));
        auto s = id ? store::find_filter_status(*conn, call.me().id, *id) : std::nullopt;
        if (!s) return not_found();
        return json_response(
            EntityWriter(*conn, call.node.config(), call.viewer_id()).filter_status(*s));
    });
    add(node, "DELETE", "/api/v2/filters/statuses/{id}", writing, [](Call& call) {
        auto conn = call.node.database().acquire();
        auto id = parse_id(call.request.param("id"));
        auto s = id ? store::find_filter_status(*conn, call.me().id, *id) : std::nullopt;
        if (!s) return not_found();
        store::delete_filter_status(*conn, s->id);
        return json_response(json::object());
    });
    add(node, "GET", "/api/v2/filters/{filter_id}/statuses", reading, [](Call& call) {
        auto conn = call.node.database().acquire();
        auto f = my_filter(call, *conn, "filter_id");
        if (!f) return not_found();
        EntityWriter writer(*conn, call.node.config(), call.viewer_id());
        json out = json::array();
        for (const auto& s : store::list_filter_statuses(*conn, f->id))
            out.push_back(writer.filter_status(s));
        return json_response(out);
    });
    add(node, "POST", "/api/v2/filters/{filter_id}/statuses", writing, [](Call& call) {
        auto conn = call.node.database().acquire();
        auto f = my_filter(call, *conn, "filter_id");
        if (!f) return not_found();
        // A status the member cannot see is refused as one that does not exist.
        auto status_id = parse_id(call.params.get("status_id").value_or(""));
        auto status = status_id ? store::find_status(*conn, *status_id) : std::nullopt;
        if (!status || !can_see(*conn, *status, call.me().id))
            return validation_error("Status must exist");
        FilterStatus entry{next_id(), f->id, status->id};
        if (!store::insert_filter_status(*conn, entry))
            return validation_error("Status has already been taken");
        return json_response(
            EntityWriter(*conn, call.node.config(), call.viewer_id()).filter_status(entry));
    });
}
} // namespace

void install_filter_routes(Node& node) {
    // Fixed paths (/filters/keywords/{id}) before the patterns (/filters/{filter_id}/keywords).
    install_keyword_routes(node);
    install_status_entry_routes(node);
    add(node, "GET", "/api/v2/filters", reading, [](Call& call) {
        auto conn = call.node.database().acquire();
        EntityWriter writer(*conn, call.node.config(), call.viewer_id());
        json out = json::array();
        for (const auto& f : store::list_filters(*conn, call.me().id))
            out.push_back(writer.filter(f, true));
        return json_response(out);
    });
    add(node, "POST", "/api/v2/filters", writing, create_filter);
    add(node, "GET", "/api/v2/filters/{id}", reading, [](Call& call) {
        auto conn = call.node.database().acquire();
        auto f = my_filter(call, *conn);
        if (!f) return not_found();
        return json_response(filter_json(call, *conn, *f));
    });
    add(node, "PUT", "/api/v2/filters/{id}", writing, update_filter);
    add(node, "DELETE", "/api/v2/filters/{id}", writing, [](Call& call) {
        auto conn = call.node.database().acquire();
        auto f = my_filter(call, *conn);
        if (!f) return not_found();
        store::delete_filter(*conn, f->id);
        return json_response(json::object());
    });
}

} // namespace agora::api
