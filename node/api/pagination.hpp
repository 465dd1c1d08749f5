// Mastodon pagination: max_id / since_id / min_id / limit in, a Link header out.
#pragma once

#include "api/params.hpp"
#include "http/message.hpp"
#include "store/statuses_repo.hpp"

#include <cstdint>
#include <string>

namespace agora::api {

// Reads the page parameters; limit defaults to `default_limit` and is capped at `max_limit`.
store::PageQuery page_query(const Params& params, int default_limit = 20, int max_limit = 40);

// Adds `Link: <...max_id=OLDEST>; rel="next", <...min_id=NEWEST>; rel="prev"` when the page has
// items. `base` is the public URL of the endpoint; `keep` lists other query parameters to carry
// over.
void add_link_header(http::Response& response, const std::string& base,
                     const http::Request& request, std::int64_t newest_id, std::int64_t oldest_id,
                     std::size_t count);

} // namespace agora::api
