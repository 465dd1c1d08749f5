// The member's own profile: update_credentials (form, multipart with avatar and header, or JSON),
// removing the avatar or header, posting preferences, and the avatar and header files themselves.
#include "accounts/profile_update.hpp"
#include "api/api.hpp"
#include "api/entities.hpp"
#include "api/routes.hpp"
#include "api/uploads.hpp"
#include "events/event_worker.hpp"
#include "media/profile_images.hpp"
#include "node.hpp"
#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "store/profiles_repo.hpp"

namespace agora::api {

namespace {
using nlohmann::json;

// Room for the multipart framing and the text fields around the two images.
constexpr std::size_t multipart_overhead_bytes = 64 * 1024;

http::Response profile_error(const ProfileError& e) {
    return http::error_response(e.status, e.message);
}

// `fields_attributes[N][name]` / `[value]` in a form, an array or an object of {name, value} in
// JSON; nullopt when the request does not mention the fields.
std::optional<std::vector<ProfileFieldInput>> fields_param(const Params& params) {
    auto keys = params.children("fields_attributes");
    if (!keys) return std::nullopt;
    std::vector<ProfileFieldInput> out;
    for (const auto& key : *keys) {
        std::string at = "fields_attributes[" + key + "]";
        out.push_back(
            {params.get(at + "[name]").value_or(""), params.get(at + "[value]").value_or("")});
    }
    return out;
}

http::Response credential_account(Call& call, const Account& account) {
    auto conn = call.node.database().acquire();
    return json_response(EntityWriter(*conn, call.node.config(), call.viewer_id())
                             .credential_account(account, *call.caller->user));
}

http::Response update_credentials(Call& call) {
    // In a multipart body, the text parts are parameters like any other; avatar and header are
    // the images.
    auto parts = read_multipart_parts(call.request, {.max_parts = 64});
    if (!parts) return parts.error();
    ProfileChange change;
    for (const auto& part : *parts) {
        if (part.name == "avatar" || part.name == "header") {
            auto& image = part.name == "avatar" ? change.avatar : change.header;
            if (!part.body.empty() && !image) image = part.body; // an empty part changes nothing
        } else {
            call.params.set(part.name, std::string(part.body));
        }
    }
    const auto& p = call.params;
    change.display_name = p.get("display_name");
    change.note = p.get("note");
    change.locked = p.flag("locked");
    change.bot = p.flag("bot");
    change.discoverable = p.flag("discoverable");
    change.hide_collections = p.flag("hide_collections");
    change.indexable = p.flag("indexable");
    change.fields = fields_param(p);
    change.privacy = p.get("source[privacy]");
    change.sensitive = p.flag("source[sensitive]");
    change.language = p.get("source[language]");
    auto updated = update_profile(call.node.database(), call.node.config(), call.me(), change);
    if (!updated) return profile_error(updated.error());
    call.node.accounts_changed();
    call.node.events().notify();
    return credential_account(call, *updated);
}

http::Response remove_image(Call& call, ProfileImageKind kind) {
    auto updated = remove_profile_image(call.node.database(), call.node.config(), call.me(), kind);
    if (!updated) return profile_error(updated.error());
    call.node.accounts_changed();
    call.node.events().notify();
    return credential_account(call, *updated);
}

http::Response serve_profile_image(Node& node, http::Request& req) {
    auto id = parse_id(req.param("id"));
    if (!id) return http::error_response(404, "Record not found");
    std::optional<ServableMedia> file;
    {
        auto conn = node.database().acquire();
        file = find_servable_profile_image(*conn, node.config(), req.param("folder"), *id,
                                           req.param("style"), req.param("name"));
    }
    return serve_stored_file(file);
}
} // namespace

void install_profile_routes(Node& node) {
    std::size_t body_limit = 2 * node.config().media.max_image_bytes + multipart_overhead_bytes;
    add(node, "PATCH", "/api/v1/accounts/update_credentials",
        {.access = Access::user, .scope = "write:accounts", .max_body_bytes = body_limit},
        update_credentials);
    add(node, "DELETE", "/api/v1/profile/avatar",
        {.access = Access::user, .scope = "write:accounts"},
        [](Call& call) { return remove_image(call, ProfileImageKind::avatar); });
    add(node, "DELETE", "/api/v1/profile/header",
        {.access = Access::user, .scope = "write:accounts"},
        [](Call& call) { return remove_image(call, ProfileImageKind::header); });
    add(node, "GET", "/api/v1/preferences", {.access = Access::user, .scope = "read:accounts"},
        [](Call& call) {
            auto conn = call.node.database().acquire();
            auto defaults = store::find_posting_defaults(*conn, call.me().id);
            return json_response({{"posting:default:visibility", to_string(defaults.visibility)},
                                  {"posting:default:sensitive", defaults.sensitive},
                                  {"posting:default:language",
                                   defaults.language ? json(*defaults.language) : json(nullptr)},
                                  // Agora keeps no reading preferences: each app chooses.
                                  {"reading:expand:media", "default"},
                                  {"reading:expand:spoilers", false}});
        });
    node.router().add("GET", "/system/accounts/{folder}/{id}/{style}/{name}",
                      [&node](http::Request& req) { return serve_profile_image(node, req); },
                      {.cors = true});
}

} // namespace agora::api
