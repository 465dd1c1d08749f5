// The report categories and DSA subcategories, with their labels in French and English.
#include "moderation/report_categories.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>

namespace agora::moderation {

namespace {
struct Labelled {
    std::string_view id, fr, en;
};

constexpr std::array<Labelled, 4> categories{{
    {"spam", "Spam ou publicité non sollicitée", "Spam or unsolicited advertising"},
    {"legal", "Contenu illégal", "Illegal content"},
    {"violation", "Infraction aux règles de l'instance", "Breaks the instance's rules"},
    {"other", "Autre", "Something else"},
}};

// The statement-of-reasons categories of the DSA Transparency Database (their identifiers, in
// lower case without the STATEMENT_CATEGORY_ prefix).
constexpr std::array<Labelled, 14> subcategories{{
    {"illegal_or_harmful_speech", "Discours illégal ou préjudiciable", "Illegal or harmful speech"},
    {"scams_and_fraud", "Escroqueries et fraude", "Scams and fraud"},
    {"protection_of_minors", "Protection des mineurs", "Protection of minors"},
    {"data_protection_and_privacy_violations", "Protection des données et vie privée",
     "Data protection and privacy violations"},
    {"intellectual_property_infringements", "Propriété intellectuelle",
     "Intellectual property infringements"},
    {"violence", "Violence", "Violence"},
    {"self_harm", "Automutilation", "Self-harm"},
    {"pornography_or_sexualized_content", "Pornographie ou contenu sexualisé",
     "Pornography or sexualised content"},
    {"negative_effects_on_civic_discourse_or_elections",
     "Effets négatifs sur le débat public ou les élections",
     "Negative effects on civic discourse or elections"},
    {"risk_for_public_security", "Risque pour la sécurité publique", "Risk for public security"},
    {"non_consensual_behaviour", "Comportement non consenti", "Non-consensual behaviour"},
    {"unsafe_and_illegal_products", "Produits dangereux ou illégaux",
     "Unsafe and illegal products"},
    {"animal_welfare", "Bien-être animal", "Animal welfare"},
    {"scope_of_platform_service", "Hors du champ du service", "Scope of platform service"},
}};

template <typename List>
bool listed(const List& list, std::string_view id) {
    return std::any_of(list.begin(), list.end(), [&](const Labelled& l) { return l.id == id; });
}

template <typename List>
nlohmann::json labelled(const List& list) {
    auto out = nlohmann::json::array();
    for (const auto& l : list)
        out.push_back({{"id", l.id}, {"label", {{"fr", l.fr}, {"en", l.en}}}});
    return out;
}
} // namespace

bool is_report_category(std::string_view id) {
    return listed(categories, id);
}

bool is_report_subcategory(std::string_view id) {
    return listed(subcategories, id);
}

nlohmann::json report_categories_document() {
    return {{"categories", labelled(categories)}, {"subcategories", labelled(subcategories)}};
}

} // namespace agora::moderation
