// ActivityPub constants and small helpers shared by every federation handler.
#pragma once

#include "http/message.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace agora::federation {

inline constexpr const char* activity_json = "application/activity+json; charset=utf-8";
inline constexpr const char* public_collection = "https://www.w3.org/ns/activitystreams#Public";

// ASCII lower case: usernames and domains compare without regard to case.
std::string lowercase(std::string_view text);

// An instant as ActivityPub documents write it, to the second: "2026-11-22T18:02:15Z".
std::string ap_timestamp(std::int64_t unix_ms);

// A JSON document with the given content type (CORS, where wanted, comes from the route).
http::Response json_document(const nlohmann::json& body, const char* content_type,
                             int status = 200);

} // namespace agora::federation
