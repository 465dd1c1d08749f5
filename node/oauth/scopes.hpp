// OAuth scopes as Mastodon defines them: read, write, follow, push, profile and their granular
// forms.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agora::oauth {

// A validated, space-separated scope list ("read write:statuses follow").
class Scopes {
public:
    Scopes() = default;
    // nullopt when a scope is unknown. An empty text means "read", as Mastodon's default.
    static std::optional<Scopes> parse(std::string_view text);

    // True when this grant covers `required` ("read" covers "read:statuses"; "follow" covers
    // "read:follows", "write:follows", "read:blocks", "write:blocks", "read:mutes", "write:mutes").
    bool allows(std::string_view required) const;
    // True when every scope of `requested` is within this set (an app's scopes bound a token's).
    bool contains_all(const Scopes& requested) const;

    const std::vector<std::string>& list() const { return scopes_; }
    std::string text() const;

private:
    std::vector<std::string> scopes_;
};

bool is_known_scope(std::string_view scope);

} // namespace agora::oauth
