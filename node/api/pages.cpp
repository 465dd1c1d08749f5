// Pages of entities as list endpoints answer them: the JSON array and its Link header.
#include "api/pages.hpp"

#include "api/entities.hpp"
#include "api/pagination.hpp"
#include "node.hpp"
#include "store/database.hpp"

namespace agora::api {

http::Response status_page(Call& call, const std::vector<Status>& statuses,
                           std::string_view filter_context) {
    auto conn = call.node.database().acquire();
    store::Snapshot snapshot(*conn);
    EntityWriter writer(*conn, call.node.config(), call.viewer_id());
    writer.prefetch(statuses);
    std::vector<std::string> out;
    for (const auto& s : statuses)
        if (auto entity = writer.status_text(s, filter_context)) out.push_back(std::move(*entity));
    auto r = json_text_response(json_array_text(out));
    if (!statuses.empty())
        add_link_header(r, call.node.config().base_url(), call.request, statuses.front().id,
                        statuses.back().id, statuses.size());
    return r;
}

http::Response feed_page(Call& call, store::Connection& conn,
                         const std::vector<FeedEntry>& entries) {
    EntityWriter writer(conn, call.node.config(), call.viewer_id());
    writer.prefetch(entries);
    std::vector<std::string> out;
    for (const auto& e : entries)
        if (auto entity = writer.feed_status_text(e, "home")) out.push_back(std::move(*entity));
    auto r = json_text_response(json_array_text(out));
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
    std::vector<std::string> out;
    for (auto id : page.account_ids)
        if (auto a = writer.account_by_id(id)) out.push_back(writer.account_text(*a));
    auto r = json_text_response(json_array_text(out));
    if (!page.cursors.empty())
        add_link_header(r, call.node.config().base_url(), call.request, page.cursors.front(),
                        page.cursors.back(), page.cursors.size());
    return r;
}

} // namespace agora::api
