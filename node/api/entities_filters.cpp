// Filter entities (Filter, FilterKeyword, FilterStatus, FilterResult, v1 Filter) and a status's
// `filtered` field: the viewer's filters it matches.
#include "api/entities.hpp"

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

std::vector<FilterMatch> EntityWriter::filter_matches(const Status& s, const Details& details) {
    if (!viewer_) return {};
    if (!filters_)
        filters_ = std::make_shared<const StatusFilters>(
            StatusFilters::load(conn_, *viewer_, now_unix_ms()));
    if (filters_->empty()) return {};
    // Poll options and alt texts as the entity shows them: nothing more to read from the store.
    std::vector<std::string> options, descriptions;
    if (details.poll) options = details.poll->options;
    for (const auto& m : details.media)
        if (m.description) descriptions.push_back(*m.description);
    return filters_->match({s.id}, filterable_text(s, options, descriptions));
}

} // namespace agora::api
