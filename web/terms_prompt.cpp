// The terms acceptance part of the sign-in form.
#include "web/terms_prompt.hpp"

#include "web/html.hpp"

namespace agora::web {

std::string terms_prompt(Lang lang, const store::LegalDocument& terms) {
    bool fr = lang == Lang::fr;
    std::string date = escape(terms.effective_date);
    std::string out =
        "<fieldset class=\"terms\">\n<legend>" +
        std::string(fr ? "Nouvelles conditions d'utilisation" : "New terms of service") +
        "</legend>\n<p>" +
        (fr ? "Les conditions d'utilisation ont changé le " : "The terms of service changed on ") +
        "<time datetime=\"" + date + "\">" + date + "</time>. " +
        (fr ? "Acceptez-les pour continuer." : "Accept them to continue.") + "</p>\n";
    if (!terms.summary.empty())
        out += "<p>" + std::string(fr ? "Ce qui a changé : " : "What changed: ") +
               escape(terms.summary) + "</p>\n";
    out += "<p><a href=\"/terms/" + date + "?lang=" + std::string(code(lang)) +
           "\" target=\"_blank\" rel=\"noopener\">" +
           (fr ? "Lire les conditions d'utilisation" : "Read the terms of service") +
           "</a></p>\n<p><input type=\"checkbox\" id=\"" + accept_terms_field + "\" name=\"" +
           accept_terms_field + "\" value=\"" + date + "\" required>\n<label for=\"" +
           accept_terms_field + "\">" +
           (fr ? "J'accepte les conditions d'utilisation en vigueur depuis le "
               : "I accept the terms of service in effect since ") +
           date + "</label></p>\n</fieldset>\n";
    return out;
}

} // namespace agora::web
