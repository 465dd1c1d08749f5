// Fetching JSON documents from other servers with a signed GET.
#include "federation/remote_documents.hpp"

#include "federation/activitypub.hpp"
#include "util/json_depth.hpp"

namespace agora::federation {

namespace {
constexpr int max_json_depth = 64;

// "application/ld+json; profile=..." → "application/ld+json", lower case.
std::string media_type(std::string_view content_type) {
    auto type = content_type.substr(0, content_type.find(';'));
    while (!type.empty() && (type.back() == ' ' || type.back() == '\t'))
        type.remove_suffix(1);
    while (!type.empty() && (type.front() == ' ' || type.front() == '\t'))
        type.remove_prefix(1);
    return lowercase(type);
}

std::expected<FetchedDocument, DocumentError> fetch_json(SignedClient& client,
                                                         const SigningKey& key,
                                                         const std::string& url, const char* accept,
                                                         bool (*acceptable)(std::string_view)) {
    auto response = client.get(url, accept, key);
    if (!response)
        return std::unexpected(DocumentError{DocumentFailure::unreachable, response.error().message,
                                             0, response.error().failure});
    int status = response->status;
    std::string where = response->url;
    if (status == 404 || status == 410)
        return std::unexpected(DocumentError{DocumentFailure::gone,
                                             where + " answered " + std::to_string(status), status,
                                             std::nullopt});
    if (status == 429 || status >= 500)
        return std::unexpected(DocumentError{DocumentFailure::unreachable,
                                             where + " answered " + std::to_string(status), status,
                                             std::nullopt});
    if (status < 200 || status > 299)
        return std::unexpected(DocumentError{DocumentFailure::refused,
                                             where + " answered " + std::to_string(status), status,
                                             std::nullopt});
    auto type = response->header("content-type");
    if (!acceptable(type))
        return std::unexpected(
            DocumentError{DocumentFailure::wrong_type,
                          where + " answered " +
                              std::string(type.empty() ? "no content type" : type.substr(0, 100)),
                          status, std::nullopt});
    if (!json_depth_within(response->body, max_json_depth))
        return std::unexpected(DocumentError{DocumentFailure::invalid_json,
                                             where + " answered JSON nested too deeply", status,
                                             std::nullopt});
    auto body = nlohmann::json::parse(response->body, nullptr, false);
    if (body.is_discarded())
        return std::unexpected(DocumentError{DocumentFailure::invalid_json,
                                             where + " answered something that is not JSON", status,
                                             std::nullopt});
    return FetchedDocument{std::move(body), std::move(response->url)};
}

bool is_jrd(std::string_view content_type) {
    auto type = media_type(content_type);
    return type == "application/jrd+json" || type == "application/json";
}
} // namespace

bool is_activity_json(std::string_view content_type) {
    auto type = media_type(content_type);
    return type == "application/activity+json" || type == "application/ld+json";
}

std::expected<FetchedDocument, DocumentError>
fetch_activity_document(SignedClient& client, const SigningKey& key, const std::string& url) {
    return fetch_json(client, key, url, activity_accept, is_activity_json);
}

std::expected<FetchedDocument, DocumentError> fetch_jrd(SignedClient& client, const SigningKey& key,
                                                        const std::string& url) {
    return fetch_json(client, key, url, "application/jrd+json, application/json", is_jrd);
}

} // namespace agora::federation
