// ActivityPub constants and small helpers shared by every federation handler.
#include "federation/activitypub.hpp"

#include "util/time.hpp"

#include <nlohmann/json.hpp>

namespace agora::federation {

std::string lowercase(std::string_view text) {
    std::string out(text);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    return out;
}

std::string ap_timestamp(std::int64_t unix_ms) {
    auto text = iso8601(unix_ms); // "...T18:02:15.000Z"
    return text.substr(0, 19) + 'Z';
}

http::Response json_document(const nlohmann::json& body, const char* content_type, int status) {
    http::Response r;
    r.status = status;
    r.content_type = content_type;
    r.body = body.dump();
    return r;
}

} // namespace agora::federation
