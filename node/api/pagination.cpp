// Mastodon pagination: max_id / since_id / min_id / limit in, a Link header out.
#include "api/pagination.hpp"

#include "api/api.hpp"

#include <algorithm>

namespace agora::api {

store::PageQuery page_query(const Params& params, int default_limit, int max_limit) {
    store::PageQuery page;
    if (auto v = params.get("max_id")) page.max_id = parse_id(*v);
    if (auto v = params.get("since_id")) page.since_id = parse_id(*v);
    if (auto v = params.get("min_id")) page.min_id = parse_id(*v);
    page.limit = default_limit;
    if (auto v = params.get("limit")) {
        if (auto n = parse_id(*v)) page.limit = int(std::min<std::int64_t>(*n, max_limit));
    }
    return page;
}

void add_link_header(http::Response& response, const std::string& base,
                     const http::Request& request, std::int64_t newest_id, std::int64_t oldest_id,
                     std::size_t count) {
    if (count == 0) return;
    // Keep the caller's filters (limit, local, only_media...) and replace the cursors.
    std::string kept;
    for (auto& [k, v] : parse_form(request.query)) {
        if (k == "max_id" || k == "min_id" || k == "since_id" || k == "access_token") continue;
        kept += "&" + http::percent_encode(k) + "=" + http::percent_encode(v);
    }
    std::string url = base + request.path;
    response.header("Link", "<" + url + "?max_id=" + std::to_string(oldest_id) + kept +
                                ">; rel=\"next\", <" + url +
                                "?min_id=" + std::to_string(newest_id) + kept + ">; rel=\"prev\"");
}

} // namespace agora::api
