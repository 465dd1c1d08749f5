// ActivityPub constants and small helpers shared by every federation handler.
#pragma once

#include "http/message.hpp"

#include <nlohmann/json_fwd.hpp>

namespace agora::federation {

inline constexpr const char* activity_json = "application/activity+json; charset=utf-8";
inline constexpr const char* public_collection = "https://www.w3.org/ns/activitystreams#Public";

// A JSON document with the given content type (CORS, where wanted, comes from the route).
// ASCII lower case: usernames and domains compare without regard to case.
std::string lowercase(std::string_view text);

http::Response json_document(const nlohmann::json& body, const char* content_type,
                             int status = 200);

} // namespace agora::federation
