// Filter entities (Filter, FilterKeyword, FilterStatus, FilterResult, v1 Filter) and a status's
// `filtered` field: the viewer's filters it matches.
#include "api/entities.hpp"
#include "api/status_filtering.hpp"

#include "statuses/status_filters.hpp"
#include "store/filters_repo.hpp"
#include "util/time.hpp"

namespace agora::api {

namespace {
using nlohmann::json;

json expires_at(const Filter& f) {
    return f.expires_at ? json(iso8601(*f.expires_at)) : json(nullptr);
}
} // namespace

json EntityWriter::filter(const Filter& f, bool with_rules) {
    json out = {{"id", std::to_string(f.id)},
                {"title", f.title},
                {"context", f.context},
                {"expires_at", expires_at(f)},
                {"filter_action", f.action}};
    if (with_rules) {
        json keywords = json::array(), statuses = json::array();
        for (const auto& k : store::list_filter_keywords(conn_, f.id))
            keywords.push_back(filter_keyword(k));
        for (const auto& s : store::list_filter_statuses(conn_, f.id))
            statuses.push_back(filter_status(s));
        out["keywords"] = keywords;
        out["statuses"] = statuses;
    }
    return out;
}

json EntityWriter::filter_keyword(const FilterKeyword& k) {
    return {{"id", std::to_string(k.id)}, {"keyword", k.keyword}, {"whole_word", k.whole_word}};
}

json EntityWriter::filter_status(const FilterStatus& s) {
    return {{"id", std::to_string(s.id)}, {"status_id", std::to_string(s.status_id)}};
}

json EntityWriter::v1_filter(const Filter& f, const FilterKeyword& k) {
    return {{"id", std::to_string(k.id)},  {"phrase", k.keyword},
            {"context", f.context},        {"whole_word", k.whole_word},
            {"expires_at", expires_at(f)}, {"irreversible", f.action == "hide"}};
}

json EntityWriter::filter_results(const Status& s, const json& rendered) {
    json out = json::array();
    if (!viewer_) return out;
    if (!filters_)
        filters_ = std::make_shared<const StatusFilters>(
            StatusFilters::load(conn_, *viewer_, now_unix_ms()));
    if (filters_->empty()) return out;
    // Poll options and alt texts as the entity shows them: nothing more to read from the store.
    std::vector<std::string> options, descriptions;
    if (auto poll = rendered.find("poll"); poll != rendered.end() && poll->is_object())
        if (auto list = poll->find("options"); list != poll->end() && list->is_array())
            for (const auto& option : *list)
                if (option.is_object()) options.push_back(option.value("title", ""));
    if (auto media = rendered.find("media_attachments");
        media != rendered.end() && media->is_array())
        for (const auto& m : *media)
            if (m.is_object() && m.contains("description") && m["description"].is_string())
                descriptions.push_back(m["description"].get<std::string>());
    std::vector<std::int64_t> ids{s.id};
    for (const auto& match : filters_->match(ids, filterable_text(s, options, descriptions))) {
        json statuses = json(nullptr);
        if (!match.status_matches.empty()) {
            statuses = json::array();
            for (auto id : match.status_matches)
                statuses.push_back(std::to_string(id));
        }
        out.push_back({{"filter", filter(*match.filter, false)},
                       {"keyword_matches",
                        match.keyword_match ? json::array({*match.keyword_match}) : json(nullptr)},
                       {"status_matches", statuses}});
    }
    return out;
}

bool hidden_by_filters(const json& status, std::string_view context,
                       std::optional<std::int64_t> viewer) {
    if (!status.is_object()) return false;
    auto results = status.find("filtered");
    if (results == status.end() || !results->is_array() || results->empty()) return false;
    if (viewer && status.contains("account") && status["account"].is_object() &&
        status["account"].value("id", "") == std::to_string(*viewer))
        return false;
    for (const auto& result : *results) {
        const auto& f = result.value("filter", json::object());
        if (f.value("filter_action", "") != "hide") continue;
        for (const auto& c : f.value("context", json::array()))
            if (c.is_string() && c.get<std::string>() == context) return true;
    }
    return false;
}

} // namespace agora::api
