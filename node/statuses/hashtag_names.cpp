// Hashtag names as clients write them in addresses: whether a name is a hashtag at all (Mastodon's
// rule), and the tag it names.
#include "statuses/hashtag_names.hpp"

#include "statuses/text_format.hpp"
#include "store/tags_repo.hpp"

#include <utf8proc.h>

#include <vector>

namespace agora {

namespace {
// The longest name a status could carry: anything longer is no hashtag of ours.
constexpr std::size_t max_tag_code_points = 500;

bool is_word(utf8proc_int32_t c) {
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_PC:
        return true;
    default:
        return false;
    }
}
bool is_alpha(utf8proc_int32_t c) {
    auto category = utf8proc_category(c);
    return (category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_LO) ||
           category == UTF8PROC_CATEGORY_NL;
}
bool is_separator(utf8proc_int32_t c) {
    return c == 0x00B7 || c == 0x30FB || c == 0x200C; // · ・ and the zero-width non-joiner
}
} // namespace

// Mastodon's HASHTAG_NAME_RE: word characters with a letter among them, or word characters at
// both ends with separators (· ・ ZWNJ) inside and a letter, `_` or separator between the ends.
bool valid_hashtag_name(std::string_view name) {
    std::vector<utf8proc_int32_t> cps;
    auto* p = reinterpret_cast<const utf8proc_uint8_t*>(name.data());
    utf8proc_ssize_t left = utf8proc_ssize_t(name.size());
    while (left > 0) {
        utf8proc_int32_t c = 0;
        auto n = utf8proc_iterate(p, left, &c);
        if (n <= 0 || cps.size() >= max_tag_code_points) return false;
        cps.push_back(c);
        p += n;
        left -= n;
    }
    if (cps.empty() || !is_word(cps.front()) || !is_word(cps.back())) return false;
    bool separators = false, alpha = false, middle = false;
    for (std::size_t i = 0; i < cps.size(); ++i) {
        auto c = cps[i];
        if (!is_word(c) && !is_separator(c)) return false;
        separators = separators || is_separator(c);
        alpha = alpha || is_alpha(c);
        if (i > 0 && i + 1 < cps.size())
            middle = middle || is_alpha(c) || c == '_' || is_separator(c);
    }
    return (!separators && alpha) || (cps.size() >= 3 && middle);
}

// The tag named by a client: the stored one, or an unsaved one (id 0) for a valid name nobody
// used yet; nullopt for a name that is no hashtag.
std::optional<Tag> tag_named(store::Connection& conn, std::string_view given) {
    if (!valid_hashtag_name(given)) return std::nullopt;
    auto name = normalize_hashtag(given);
    if (name.empty()) return std::nullopt;
    if (auto tag = store::find_tag(conn, name)) return tag;
    return Tag{0, name, std::string(given)};
}

} // namespace agora
