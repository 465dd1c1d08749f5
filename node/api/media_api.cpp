// Media endpoints: upload (v1 and v2, processed at once: 200 with `url`), show, alt text and focus,
// delete; and the stored files themselves, under unguessable names.
#include "api/api.hpp"
#include "api/entities.hpp"
#include "api/routes.hpp"
#include "api/uploads.hpp"
#include "media/media_service.hpp"
#include "media/multipart.hpp"
#include "node.hpp"
#include "store/database.hpp"

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
    auto parts = read_multipart_parts(call.request);
    if (!parts) return std::unexpected(std::move(parts.error()));
    return MediaFields{std::move(*parts)};
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
    return serve_stored_file(file);
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
