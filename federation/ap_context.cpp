// The JSON-LD @context of the documents Agora sends: ActivityStreams plus the extension terms
// (Mastodon's toot:, ostatus: and as: additions) that a document actually uses.
#include "federation/ap_context.hpp"

#include <string_view>

namespace agora::federation {

namespace {
using nlohmann::json;

constexpr const char* activitystreams = "https://www.w3.org/ns/activitystreams";
constexpr const char* toot = "http://joinmastodon.org/ns#";

// Extension terms by the member name that uses them, with the JSON-LD definitions they need.
void add_definitions(std::string_view key, json& terms) {
    if (key == "sensitive") {
        terms["sensitive"] = "as:sensitive";
    } else if (key == "conversation") {
        terms["ostatus"] = "http://ostatus.org#";
        terms["conversation"] = "ostatus:conversation";
    } else if (key == "votersCount") {
        terms["toot"] = toot;
        terms["votersCount"] = "toot:votersCount";
    } else if (key == "blurhash") {
        terms["toot"] = toot;
        terms["blurhash"] = "toot:blurhash";
    } else if (key == "focalPoint") {
        terms["toot"] = toot;
        terms["focalPoint"] = {{"@container", "@list"}, {"@id", "toot:focalPoint"}};
    }
}

void collect_terms(const json& value, json& terms) {
    if (value.is_array()) {
        for (const auto& item : value)
            collect_terms(item, terms);
        return;
    }
    if (!value.is_object()) return;
    for (const auto& [key, member] : value.items()) {
        add_definitions(key, terms);
        if (key == "type" && member == "Hashtag") terms["Hashtag"] = "as:Hashtag";
        collect_terms(member, terms);
    }
}
} // namespace

json with_context(json document) {
    json terms = json::object();
    collect_terms(document, terms);
    json context = terms.empty() ? json(activitystreams) : json::array({activitystreams, terms});
    return with_context(std::move(document), context);
}

json with_context(json document, const json& context) {
    document.erase("@context");
    document["@context"] = context;
    return document;
}

} // namespace agora::federation
