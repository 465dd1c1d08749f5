// Page strings in French and English, and the choice of language for a request.
#include "web/i18n.hpp"

#include <array>
#include <optional>

namespace agora::web {

namespace {
struct Entry {
    std::string_view key, fr, en;
};
constexpr Entry messages[] = {
    {"profile_of", "Profil de", "Profile of"},
    {"joined", "Inscrit·e le", "Joined"},
    {"kind.person", "Personne", "Person"},
    {"kind.organization", "Organisation", "Organisation"},
    {"kind.public_body", "Organisme public", "Public body"},
    {"kind.business", "Entreprise", "Business"},
    {"kind.group", "Groupe", "Group"},
    {"kind.bot", "Compte automatisé", "Automated account"},
    {"tag.intro",
     "Les messages publics de ce serveur qui portent ce hashtag, du plus récent au plus ancien.",
     "Public posts from this server carrying this hashtag, newest first."},
    {"tag.posts", "Messages", "Posts"},
    {"tag.empty", "Aucun message public ne porte encore ce hashtag ici.",
     "No public post carries this hashtag here yet."},
    {"tag.no_older", "Il n'y a pas de message plus ancien.", "There are no older posts."},
    {"tag.pages", "Pages suivantes", "More pages"},
    {"tag.older", "Messages plus anciens", "Older posts"},
    {"status.by", "Publié par", "Posted by"},
    {"status.in_reply_to", "En réponse à", "In reply to"},
    {"status.edited", "Modifié le", "Edited"},
    {"status.sensitive", "Contenu sensible", "Sensitive content"},
    {"status.media", "Pièces jointes", "Attachments"},
    {"status.reply_one", "réponse", "reply"},
    {"status.reply_many", "réponses", "replies"},
    {"status.boost_one", "partage", "boost"},
    {"status.boost_many", "partages", "boosts"},
    {"status.favourite_one", "favori", "favourite"},
    {"status.favourite_many", "favoris", "favourites"},
    {"status.vote_one", "vote", "vote"},
    {"status.vote_many", "votes", "votes"},
    {"status.voter_one", "personne", "person"},
    {"status.voter_many", "personnes", "people"},
    {"status.poll_closed", "Sondage terminé", "Closed"},
    {"status.poll_ends", "Se termine le", "Ends"},
    {"status.poll_hidden", "Les résultats seront visibles à la fin du sondage.",
     "Results will be shown when the poll ends."},
    {"status.replies", "Réponses", "Replies"},
    {"status.no_replies", "Aucune réponse publique.", "No public replies."},
    {"status.more_replies", "Seules les premières réponses sont affichées ici.",
     "Only the first replies are shown here."},
    {"media.image", "Image", "Image"},
    {"media.gifv", "Animation", "Animation"},
    {"media.video", "Vidéo", "Video"},
    {"media.audio", "Audio", "Audio"},
    {"media.unknown", "Fichier", "File"},
    {"auth.title", "Autoriser une application", "Authorise an application"},
    {"auth.asks", "L'application suivante demande l'accès à votre compte :",
     "This application asks for access to your account:"},
    {"auth.scopes", "Elle pourra :", "It will be able to:"},
    {"auth.username", "Nom d'utilisateur", "Username"},
    {"auth.password", "Mot de passe", "Password"},
    {"auth.new_password", "Nouveau mot de passe (8 caractères au moins)",
     "New password (at least 8 characters)"},
    {"auth.confirm_password", "Confirmez le nouveau mot de passe", "Confirm the new password"},
    {"auth.must_change",
     "Votre mot de passe était provisoire : choisissez-en un nouveau pour continuer.",
     "Your password was a one-time password: choose a new one to continue."},
    {"auth.mismatch",
     "Les deux nouveaux mots de passe ne sont pas identiques, ou sont trop courts.",
     "The two new passwords differ, or are too short."},
    {"auth.approve", "Se connecter et autoriser", "Sign in and authorise"},
    {"auth.deny", "Refuser", "Deny"},
    {"auth.failed", "Nom d'utilisateur ou mot de passe incorrect.",
     "Incorrect username or password."},
    {"auth.pending", "Votre inscription attend l'approbation d'un·e modérateur·rice.",
     "Your sign-up is waiting for a moderator's approval."},
    {"auth.code_title", "Code d'autorisation", "Authorisation code"},
    {"auth.code_copy", "Copiez ce code et collez-le dans l'application :",
     "Copy this code and paste it into the application:"},
    {"auth.error", "Cette demande d'autorisation n'est pas valable.",
     "This authorisation request is not valid."},
    {"scope.read", "lire vos données : fils, messages, notifications, abonnements",
     "read your data: timelines, posts, notifications, follows"},
    {"scope.write", "publier et modifier en votre nom", "post and change things on your behalf"},
    {"scope.follow", "gérer vos abonnements, blocages et masquages",
     "manage your follows, blocks and mutes"},
    {"scope.push", "vous envoyer des notifications push", "send you push notifications"},
    {"scope.profile", "connaître votre identité (profil seulement)",
     "know who you are (profile only)"},
    {"scope.other", "accès limité :", "limited access:"},
};

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
