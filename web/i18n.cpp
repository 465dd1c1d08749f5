// Page strings in French and English, and the choice of language for a request.
#include "web/i18n.hpp"

#include <array>
#include <optional>

namespace agora::web {

namespace {
struct Entry {
    std::string_view key, fr, en;
};
constexpr std::array<Entry, 8> messages{{
    {"profile_of", "Profil de", "Profile of"},
    {"joined", "Inscrit·e le", "Joined"},
    {"kind.person", "Personne", "Person"},
    {"kind.organization", "Organisation", "Organisation"},
    {"kind.public_body", "Organisme public", "Public body"},
    {"kind.business", "Entreprise", "Business"},
    {"kind.group", "Groupe", "Group"},
    {"kind.bot", "Compte automatisé", "Automated account"},
}};

std::optional<Lang> parse(std::string_view text) {
    if (text.size() >= 2) {
        auto prefix = text.substr(0, 2);
        if ((prefix == "fr" || prefix == "FR") &&
            (text.size() == 2 || text[2] == '-' || text[2] == '_'))
            return Lang::fr;
        if ((prefix == "en" || prefix == "EN") &&
            (text.size() == 2 || text[2] == '-' || text[2] == '_'))
            return Lang::en;
    }
    return std::nullopt;
}
} // namespace

Lang choose_language(std::string_view lang_param, std::string_view accept_language,
                     const std::vector<std::string>& instance_languages) {
    if (auto l = parse(lang_param)) return *l;
    // Accept-Language lists preferences in order; weights are rarely out of order in practice.
    while (!accept_language.empty()) {
        auto comma = accept_language.find(',');
        auto item = accept_language.substr(0, comma);
        while (!item.empty() && item.front() == ' ')
            item.remove_prefix(1);
        if (auto l = parse(item.substr(0, item.find(';')))) return *l;
        if (comma == std::string_view::npos) break;
        accept_language.remove_prefix(comma + 1);
    }
    for (const auto& l : instance_languages)
        if (auto parsed = parse(l)) return *parsed;
    return Lang::en;
}

std::string_view code(Lang lang) {
    return lang == Lang::fr ? "fr" : "en";
}

std::string_view tr(Lang lang, std::string_view key) {
    for (const auto& e : messages)
        if (e.key == key) return lang == Lang::fr ? e.fr : e.en;
    return key;
}

} // namespace agora::web
