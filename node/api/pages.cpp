// Pages of entities as list endpoints answer them: the JSON array and its Link header.
#include "api/pages.hpp"

#include "api/entities.hpp"
#include "api/pagination.hpp"
#include "api/status_filtering.hpp"
#include "node.hpp"
#include "store/database.hpp"

namespace agora::api {

http::Response status_page(Call& call, const std::vector<Status>& statuses,
                           std::string_view filter_context) {
    auto conn = call.node.database().acquire();
    store::Snapshot snapshot(*conn);
    EntityWriter writer(*conn, call.node.config(), call.viewer_id());
    writer.prefetch(statuses);
    nlohmann::json out = nlohmann::json::array();
    for (const auto& s : statuses) {
        auto entity = writer.status(s);
        if (filter_context.empty() || !hidden_by_filters(entity, filter_context, call.viewer_id()))
            out.push_back(std::move(entity));
    }
    auto r = json_response(out);
    if (!statuses.empty())
        add_link_header(r, call.node.config().base_url(), call.request, statuses.front().id,
                        statuses.back().id, statuses.size());
    return r;
}

http::Response feed_page(Call& call, store::Connection& conn,
                         const std::vector<FeedEntry>& entries) {
    EntityWriter writer(conn, call.node.config(), call.viewer_id());
    writer.prefetch(entries);
    nlohmann::json out = nlohmann::json::array();
    for (const auto& e : entries)
        if (auto s = writer.feed_status(e);
            !s.is_null() && !hidden_by_filters(s, "home", call.viewer_id()))
            out.push_back(std::move(s));
    auto r = json_response(out);
    if (!entries.empty())
        add_link_header(r, call.node.config().base_url(), call.request, entries.front().status.id,
                        entries.back().status.id, entries.size());
    return r;
}

http::Response account_page(Call& call, const store::AccountPage& page) {
    auto conn = call.node.database().acquire();
    store::Snapshot snapshot(*conn);
    EntityWriter writer(*conn, call.node.config(), call.viewer_id());
    writer.prefetch_accounts(page.account_ids);
    nlohmann::json out = nlohmann::json::array();
    for (auto id : page.account_ids)
        if (auto a = writer.account_by_id(id)) out.push_back(writer.account(*a));
    auto r = json_response(out);
    if (!page.cursors.empty())
        add_link_header(r, call.node.config().base_url(), call.request, page.cursors.front(),
                        page.cursors.back(), page.cursors.size());
    return r;
}

} // namespace agora::api
