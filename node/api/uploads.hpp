// Uploads in and stored files out: the multipart body of an upload request, and the answer that
// serves a stored media file or profile image.
#pragma once

#include "http/message.hpp"
#include "media/media_service.hpp"
#include "media/multipart.hpp"

#include <expected>
#include <optional>
#include <vector>

namespace agora::api {

// The parts of a multipart/form-data request body; none when the body is not multipart (its
// fields are then ordinary parameters); the 400 answer when the multipart body is malformed.
std::expected<std::vector<media::MultipartPart>, http::Response>
read_multipart_parts(const http::Request& request, const media::MultipartLimits& limits = {});

// The bytes of a stored file with its type and the headers of every served upload (a Content
// Security Policy that runs nothing, nosniff; shared caching only when `shared_cache_ok`); 404
// when there is no such file, or when it is gone from the disk (logged).
http::Response serve_stored_file(const std::optional<ServableMedia>& file);

} // namespace agora::api
