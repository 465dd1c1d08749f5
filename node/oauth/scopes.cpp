// OAuth scopes as Mastodon defines them: read, write, follow, push, profile and their granular
// forms.
#include "oauth/scopes.hpp"

#include <algorithm>
#include <array>

namespace agora::oauth {

namespace {
constexpr std::array<std::string_view, 4> top_level{"read", "write", "follow", "push"};
constexpr std::array<std::string_view, 15> read_parts{
    "accounts",      "blocks", "bookmarks", "favourites",    "filters", "follows", "lists", "mutes",
    "notifications", "search", "statuses",  "conversations", "reports", "polls",   "media"};
constexpr std::array<std::string_view, 14> write_parts{
    "accounts", "blocks", "bookmarks", "conversations", "favourites", "filters",  "follows",
    "lists",    "media",  "mutes",     "notifications", "reports",    "statuses", "polls"};
constexpr std::array<std::string_view, 6> follow_covers{
    "read:follows", "write:follows", "read:blocks", "write:blocks", "read:mutes", "write:mutes"};

bool in(std::string_view value, auto const& list) {
    return std::find(list.begin(), list.end(), value) != list.end();
}
} // namespace

bool is_known_scope(std::string_view scope) {
    if (in(scope, top_level) || scope == "profile") return true;
    if (scope.starts_with("read:")) return in(scope.substr(5), read_parts);
    if (scope.starts_with("write:")) return in(scope.substr(6), write_parts);
    if (scope.starts_with("admin:")) {
        auto rest = scope.substr(6);
        return rest == "read" || rest == "write" || rest.starts_with("read:") ||
               rest.starts_with("write:");
    }
    return false;
}

std::optional<Scopes> Scopes::parse(std::string_view text) {
    Scopes out;
    while (!text.empty()) {
        auto space = text.find_first_of(" +");
        auto item = text.substr(0, space);
        text = space == std::string_view::npos ? std::string_view{} : text.substr(space + 1);
        if (item.empty()) continue;
        if (!is_known_scope(item)) return std::nullopt;
        if (!in(item, out.scopes_)) out.scopes_.emplace_back(item);
    }
    if (out.scopes_.empty()) out.scopes_.emplace_back("read");
    return out;
}

bool Scopes::allows(std::string_view required) const {
    for (const auto& s : scopes_) {
        if (s == required) return true;
        auto colon = required.find(':');
        if (colon != std::string_view::npos && s == required.substr(0, colon))
            return true; // read -> read:x
        if (s == "follow" && in(required, follow_covers)) return true;
        if (s == "admin:read" && required.starts_with("admin:read:")) return true;
        if (s == "admin:write" && required.starts_with("admin:write:")) return true;
    }
    return false;
}

bool Scopes::contains_all(const Scopes& requested) const {
    return std::all_of(requested.scopes_.begin(), requested.scopes_.end(),
                       [this](const std::string& s) { return allows(s); });
}

std::string Scopes::text() const {
    std::string out;
    for (const auto& s : scopes_)
        out += (out.empty() ? "" : " ") + s;
    return out;
}

} // namespace agora::oauth
