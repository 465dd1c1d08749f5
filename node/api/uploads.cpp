// Uploads in and stored files out: the multipart body of an upload request, and the answer that
// serves a stored media file or profile image.
#include "api/uploads.hpp"

#include "util/log.hpp"

#include <fstream>
#include <sstream>

namespace agora::api {

std::expected<std::vector<media::MultipartPart>, http::Response>
read_multipart_parts(const http::Request& request, const media::MultipartLimits& limits) {
    auto type = request.header("Content-Type");
    if (!media::is_multipart_form(type)) return std::vector<media::MultipartPart>{};
    auto boundary = media::multipart_boundary(type);
    if (!boundary)
        return std::unexpected(http::error_response(
            400, "Malformed multipart body: the Content-Type has no valid boundary"));
    auto parts = media::parse_multipart(request.body, *boundary, limits);
    if (!parts)
        return std::unexpected(
            http::error_response(400, "Malformed multipart body: " + parts.error()));
    return std::move(*parts);
}

http::Response serve_stored_file(const std::optional<ServableMedia>& file) {
    if (!file) return http::error_response(404, "Record not found");
    std::ifstream in(file->path, std::ios::binary);
    if (!in) {
        log::warn("stored file missing: " + file->path.string());
        return http::error_response(404, "Record not found");
    }
    std::ostringstream bytes;
    bytes << in.rdbuf();
    http::Response r;
    r.content_type = file->content_type;
    r.body = std::move(bytes).str();
    // A new file gets a new name, so a stored one never changes. Media of private statuses and
    // unattached uploads stay out of shared caches.
    r.header("Cache-Control", file->shared_cache_ok ? "public, max-age=2419200, immutable"
                                                    : "private, max-age=2419200");
    if (!file->shared_cache_ok) r.header("Vary", "Authorization");
    r.header("X-Content-Type-Options", "nosniff");
    r.header("Content-Security-Policy", "default-src 'none'; form-action 'none'");
    return r;
}

} // namespace agora::api
