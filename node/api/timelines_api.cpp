// Timelines: home (strictly chronological, each status saying why it is there), public, tag.
#include "api/api.hpp"
#include "api/entities.hpp"
#include "api/pages.hpp"
#include "api/pagination.hpp"
#include "api/routes.hpp"
#include "node.hpp"
#include "statuses/text_format.hpp"
#include "store/database.hpp"
#include "store/statuses_repo.hpp"

namespace agora::api {

namespace {
using nlohmann::json;

} // namespace

void install_timeline_routes(Node& node) {
    add(node, "GET", "/api/v1/timelines/home", {.access = Access::user, .scope = "read:statuses"},
        [](Call& call) {
            auto conn = call.node.database().acquire();
            store::Snapshot snapshot(*conn);
            auto entries = store::list_home_feed(*conn, call.me().id, page_query(call.params));
            return feed_page(call, *conn, entries);
        });
    add(node, "GET", "/api/v1/timelines/public", {.scope = "read:statuses"}, [](Call& call) {
        std::vector<Status> statuses;
        {
            auto conn = call.node.database().acquire();
            statuses = store::list_public_timeline(
                *conn, page_query(call.params), call.params.flag("local").value_or(false),
                call.params.flag("remote").value_or(false), call.viewer_id(),
                call.params.flag("only_media").value_or(false));
        }
        return status_page(call, statuses, "public");
    });
    add(node, "GET", "/api/v1/timelines/tag/{hashtag}", {.scope = "read:statuses"}, [](Call& call) {
        std::vector<Status> statuses;
        {
            auto conn = call.node.database().acquire();
            statuses = store::list_tag_timeline(
                *conn, normalize_hashtag(call.request.param("hashtag")), page_query(call.params),
                call.params.flag("local").value_or(false), call.viewer_id(),
                call.params.flag("only_media").value_or(false));
        }
        return status_page(call, statuses, "public");
    });
}

} // namespace agora::api
