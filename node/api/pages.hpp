// Pages of entities as list endpoints answer them: the JSON array and its Link header.
#pragma once

#include "api/api.hpp"
#include "model/status.hpp"
#include "store/relationships_repo.hpp"

#include <vector>

namespace agora::api {

// Statuses, newest first; the Link header's cursors are their ids. Statuses the viewer's hide
// filters take out in `filter_context` (home, public, account...) leave the page, not its cursors.
http::Response status_page(Call& call, const std::vector<Status>& statuses,
                           std::string_view filter_context = {});
// Home-feed entries (the home and list timelines), each with `agora.reason`; the viewer's `home`
// hide filters apply as in status_page. Rendered from `conn`, which read them (same snapshot).
http::Response feed_page(Call& call, store::Connection& conn,
                         const std::vector<FeedEntry>& entries);
// Accounts; the Link header's cursors are the page's own (follow, favourite...) row ids.
http::Response account_page(Call& call, const store::AccountPage& page);

} // namespace agora::api
