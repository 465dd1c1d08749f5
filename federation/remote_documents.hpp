// Fetching JSON documents from other servers (ActivityStreams objects, WebFinger answers) with a
// signed GET: the content type checked, the nesting bounded before parsing, the final URL kept
// for origin checks.
#pragma once

#include "federation/signed_client.hpp"

#include <nlohmann/json.hpp>

#include <expected>
#include <optional>
#include <string>

namespace agora::federation {

// What we ask for: ActivityStreams in either of its two media types.
inline constexpr const char* activity_accept = "application/activity+json, application/ld+json; "
                                               "profile=\"https://www.w3.org/ns/activitystreams\"";

struct FetchedDocument {
    nlohmann::json body;
    std::string url; // where it was served from, after redirects
};

enum class DocumentFailure {
    unreachable,  // the request failed (see `transport`), or a 5xx / 429
    gone,         // 404 or 410
    refused,      // another 4xx (401, 403: the server will not give it to us)
    wrong_type,   // not the media type asked for
    invalid_json, // not JSON, or nested too deeply
};

struct DocumentError {
    DocumentFailure failure;
    std::string message;
    int status = 0;                        // the HTTP status, when there was an answer
    std::optional<FetchFailure> transport; // why the request failed, for unreachable
};

// application/activity+json, or application/ld+json (any profile).
bool is_activity_json(std::string_view content_type);

std::expected<FetchedDocument, DocumentError>
fetch_activity_document(SignedClient& client, const SigningKey& key, const std::string& url);
// A WebFinger answer: application/jrd+json or application/json.
std::expected<FetchedDocument, DocumentError> fetch_jrd(SignedClient& client, const SigningKey& key,
                                                        const std::string& url);

} // namespace agora::federation
