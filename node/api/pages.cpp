// Pages of entities as list endpoints answer them: the JSON array and its Link header.
#include "api/pages.hpp"

#include "api/entities.hpp"
#include "api/pagination.hpp"
#include "node.hpp"
#include "store/database.hpp"

namespace agora::api {

namespace {
// A JSON array whose items `append` writes straight into it, one after another (no string per
// item); an item it declines (false) leaves nothing behind.
template <typename Item, typename Append>
std::string array_written_in_place(const std::vector<Item>& items, Append append) {
    std::string out = "[";
    out.reserve(items.size() * 3072 + 2); // a status with its account is 2 to 3 KB
    for (const auto& item : items) {
        auto size = out.size();
        if (size > 1) out += ',';
        if (!append(out, item)) out.resize(size);
    }
    out += ']';
    return out;
}
} // namespace

http::Response status_page(Call& call, const std::vector<Status>& statuses,
                           std::string_view filter_context) {
    auto conn = call.node.database().acquire();
    store::Snapshot snapshot(*conn);
    EntityWriter writer(*conn, call.node.config(), call.viewer_id());
    writer.prefetch(statuses);
    auto r =
        json_text_response(array_written_in_place(statuses, [&](std::string& out, const Status& s) {
            return writer.append_status(out, s, filter_context);
        }));
    if (!statuses.empty())
        add_link_header(r, call.node.config().base_url(), call.request, statuses.front().id,
                        statuses.back().id, statuses.size());
    return r;
}

http::Response feed_page(Call& call, store::Connection& conn,
                         const std::vector<FeedEntry>& entries) {
    EntityWriter writer(conn, call.node.config(), call.viewer_id());
    writer.prefetch(entries);
    auto r = json_text_response(
        array_written_in_place(entries, [&](std::string& out, const FeedEntry& e) {
            return writer.append_feed_status(out, e, "home");
        }));
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
