// Hashtag names as clients write them in addresses: whether a name is a hashtag at all (Mastodon's
// rule), and the tag it names.
#pragma once

#include "model/tag.hpp"

#include <optional>
#include <string_view>

namespace agora {

namespace store {
class Connection;
}

// Mastodon's HASHTAG_NAME_RE: word characters with a letter among them, or word characters at
// both ends with separators (· ・ ZWNJ) inside and a letter, `_` or separator between the ends.
bool valid_hashtag_name(std::string_view name);

// The tag a client names (any case, accents or compatibility forms): the stored one, or an
// unsaved one (id 0) for a valid name nobody used yet; nullopt for a name that is no hashtag.
std::optional<Tag> tag_named(store::Connection& conn, std::string_view given);

} // namespace agora
