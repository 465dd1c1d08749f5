// The options of a follow call read from a request, as Mastodon reads them.
#include "api/follow_options_params.hpp"

#include "statuses/status_service.hpp"

#include <unordered_set>

namespace agora::api {

namespace {
constexpr const char* languages_invalid = "Languages is invalid";
// More than every language Mastodon knows (ISO 639-1 and the ISO 639-3 codes it adds).
constexpr std::size_t max_languages = 300;

// The codes of `languages`: nullopt when it is not sent (or null), an error when it is not a list
// of codes.
std::expected<std::optional<std::vector<std::string>>, std::string>
read_languages(const Params& params) {
    auto children = params.children("languages");
    if (!children) {
        // Not a list: a single value (`languages=en`, a JSON string or number) is refused; a JSON
        // null, or nothing, leaves the languages as they are.
        if (params.get("languages")) return std::unexpected(languages_invalid);
        return std::nullopt;
    }
    auto values = params.list("languages");
    // Each entry must be a plain value: a JSON object, or a list holding lists or objects, is not
    // a list of codes (`languages[]=` form entries have no names under the key).
    if (!children->empty() && values.size() != children->size())
        return std::unexpected(languages_invalid);
    std::vector<std::string> codes;
    std::unordered_set<std::string> seen;
    for (auto& code : values) {
        if (code.empty()) continue;
        if (!valid_language(code)) return std::unexpected(languages_invalid);
        if (seen.insert(code).second) codes.push_back(std::move(code));
    }
    // More distinct codes than the languages there are names no real choice.
    if (codes.size() > max_languages) return std::unexpected(languages_invalid);
    return codes;
}
} // namespace

std::expected<FollowOptionsChange, std::string> read_follow_options(const Params& params) {
    auto languages = read_languages(params);
    if (!languages) return std::unexpected(languages.error());
    FollowOptionsChange change;
    change.reblogs = params.flag("reblogs");
    change.notify = params.flag("notify");
    change.languages = std::move(*languages);
    return change;
}

} // namespace agora::api
