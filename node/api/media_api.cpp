// Media endpoints: upload (v1 and v2, processed at once: 200 with `url`), show, alt text and focus,
// delete; and the stored files themselves, under unguessable names.
#include "api/api.hpp"
#include "api/entities.hpp"
#include "api/routes.hpp"
#include "media/media_service.hpp"
#include "media/multipart.hpp"
#include "node.hpp"
#include "store/database.hpp"
#include "util/log.hpp"

#include <fstream>
#include <sstream>

namespace agora::api {

namespace {
using nlohmann::json;

// Room for the multipart framing and the text fields around the file itself.
constexpr std::size_t multipart_overhead_bytes = 64 * 1024;

http::Response media_error(const MediaError& e) {
    return http::error_response(e.status, e.message);
}

json render(Call& call, const MediaAttachment& media) {
    auto conn = call.node.database().acquire();
    return EntityWriter(*conn, call.node.config(), call.viewer_id()).media_attachment(media);
}

// The fields of a multipart body, or of an ordinary (query, form or JSON) one.
struct MediaFields {
    std::vector<media::MultipartPart> parts; // empty unless the body is multipart
    std::optional<std::string> text(const Call& call, std::string_view name) const {
        if (const auto* part = media::find_part(parts, name)) return std::string(part->body);
        return call.params.get(name);
    }
};

std::expected<MediaFields, http::Response> read_fields(const Call& call) {
    MediaFields fields;
    auto type = call.request.header("Content-Type");
    if (!media::is_multipart_form(type)) return fields;
    auto boundary = media::multipart_boundary(type);
    if (!boundary)
        return std::unexpected(http::error_response(
            400, "Malformed multipart body: the Content-Type has no valid boundary"));
    auto parts = media::parse_multipart(call.request.body, *boundary);
    if (!parts)
        return std::unexpected(
            http::error_response(400, "Malformed multipart body: " + parts.error()));
    fields.parts = std::move(*parts);
    return fields;
}

http::Response upload(Call& call) {
    auto fields = read_fields(call);
    if (!fields) return fields.error();
    const auto* file = media::find_part(fields->parts, "file");
    if (!file) return validation_error("File can't be blank");
    // `thumbnail` is for audio and video, which are not accepted here: it is ignored.
    MediaUpload request{file->body, fields->text(call, "description"), fields->text(call, "focus")};
    auto media = upload_media(call.node.database(), call.node.config(), call.me(), request);
    if (!media) return media_error(media.error());
    return json_response(render(call, *media));
}

std::optional<std::int64_t> id_param(Call& call) {
    return parse_id(call.request.param("id"));
}

http::Response serve_file(Call& call) {
    auto id = parse_id(call.request.param("id"));
    if (!id) return http::error_response(404, "Record not found");
    std::optional<ServableMedia> file;
    {
        auto conn = call.node.database().acquire();
        file = find_servable_media(*conn, call.node.config(), *id, call.request.param("style"),
                                   call.request.param("name"), call.caller.has_value(),
                                   call.viewer_id());
    }
    if (!file) return http::error_response(404, "Record not found");
    std::ifstream in(file->path, std::ios::binary);
    if (!in) {
        log::warn("media file missing: " + file->path.string());
        return http::error_response(404, "Record not found");
    }
    std::ostringstream bytes;
    bytes << in.rdbuf();
    http::Response r;
    r.content_type = file->content_type;
    r.body = std::move(bytes).str();
    // Media of private statuses and unattached uploads stay out of shared caches.
    r.header("Cache-Control", file->shared_cache_ok ? "public, max-age=2419200, immutable"
                                                    : "private, max-age=2419200");
    if (!file->shared_cache_ok) r.header("Vary", "Authorization");
    r.header("X-Content-Type-Options", "nosniff");
    r.header("Content-Security-Policy", "default-src 'none'; form-action 'none'");
    return r;
}
} // namespace

void install_media_routes(Node& node) {
    std::size_t body_limit = node.config().media.max_image_bytes + multipart_overhead_bytes;
    Endpoint writer{.access = Access::user, .scope = "write:media", .max_body_bytes = body_limit};
    add(node, "POST", "/api/v2/media", writer, upload);
    add(node, "POST", "/api/v1/media", writer, upload);
    // Mastodon asks for write:media to read an upload back too.
    add(node, "GET", "/api/v1/media/{id}", {.access = Access::user, .scope = "write:media"},
        [](Call& call) {
            auto id = id_param(call);
            if (!id) return http::error_response(404, "Record not found");
            auto conn = call.node.database().acquire();
            auto media = find_own_unattached_media(*conn, call.me(), *id);
            if (!media) return media_error(media.error());
            return json_response(
                EntityWriter(*conn, call.node.config(), call.viewer_id()).media_attachment(*media));
        });
    add(node, "PUT", "/api/v1/media/{id}", writer, [](Call& call) {
        auto id = id_param(call);
        if (!id) return http::error_response(404, "Record not found");
        auto fields = read_fields(call);
        if (!fields) return fields.error();
        auto media = update_media(call.node.database(), call.me(), *id,
                                  fields->text(call, "description"), fields->text(call, "focus"));
        if (!media) return media_error(media.error());
        return json_response(render(call, *media));
    });
    add(node, "DELETE", "/api/v1/media/{id}", {.access = Access::user, .scope = "write:media"},
        [](Call& call) {
            auto id = id_param(call);
            if (!id) return http::error_response(404, "Record not found");
            auto deleted = delete_media(call.node.database(), call.node.config(), call.me(), *id);
            if (!deleted) return media_error(deleted.error());
            return json_response(json::object());
        });
    add(node, "GET", "/system/media_attachments/files/{id}/{style}/{name}", {}, serve_file);
}

} // namespace agora::api
