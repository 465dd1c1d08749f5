// Hashtags: a tag with its recent use, following and unfollowing it, the tags a member follows.
#include "api/api.hpp"
#include "api/entities.hpp"
#include "api/pagination.hpp"
#include "api/routes.hpp"
#include "node.hpp"
#include "statuses/hashtag_names.hpp"
#include "store/database.hpp"
#include "store/statuses_repo.hpp"
#include "store/tags_repo.hpp"

namespace agora::api {

namespace {
using nlohmann::json;

http::Response tag_response(Call& call, store::Connection& conn, const Tag& tag) {
    return json_response(EntityWriter(conn, call.node.config(), call.viewer_id()).tag(tag));
}

http::Response not_found() {
    return http::error_response(404, "Record not found");
}
} // namespace

void install_tag_routes(Node& node) {
    add(node, "GET", "/api/v1/tags/{name}", {}, [](Call& call) {
        auto conn = call.node.database().acquire();
        auto tag = tag_named(*conn, call.request.param("name"));
        if (!tag) return not_found();
        return tag_response(call, *conn, *tag);
    });
    add(node, "POST", "/api/v1/tags/{name}/follow",
        {.access = Access::user, .scope = "write:follows"}, [](Call& call) {
            auto conn = call.node.database().acquire();
            auto tag = tag_named(*conn, call.request.param("name"));
            if (!tag) return not_found();
            store::Transaction tx(*conn);
            if (tag->id == 0) tag->id = store::upsert_tag(*conn, tag->name, tag->display_name);
            store::insert_tag_follow(*conn, call.me().id, tag->id);
            tx.commit();
            return tag_response(call, *conn, *tag);
        });
    add(node, "POST", "/api/v1/tags/{name}/unfollow",
        {.access = Access::user, .scope = "write:follows"}, [](Call& call) {
            auto conn = call.node.database().acquire();
            auto tag = tag_named(*conn, call.request.param("name"));
            if (!tag) return not_found();
            if (tag->id != 0) {
                // As Mastodon, what the tag brought leaves the home feed with the follow.
                store::Transaction tx(*conn);
                store::delete_tag_follow(*conn, call.me().id, tag->id);
                store::remove_tag_from_feed(*conn, call.me().id, tag->name);
                tx.commit();
            }
            return tag_response(call, *conn, *tag);
        });
    add(node, "GET", "/api/v1/followed_tags", {.access = Access::user, .scope = "read:follows"},
        [](Call& call) {
            auto conn = call.node.database().acquire();
            auto page =
                store::list_followed_tags(*conn, call.me().id, page_query(call.params, 100, 200));
            EntityWriter writer(*conn, call.node.config(), call.viewer_id());
            json out = json::array();
            for (const auto& tag : page.tags)
                out.push_back(writer.tag(tag));
            auto r = json_response(out);
            if (!page.cursors.empty())
                add_link_header(r, call.node.config().base_url(), call.request,
                                page.cursors.front(), page.cursors.back(), page.cursors.size());
            return r;
        });
}

} // namespace agora::api
