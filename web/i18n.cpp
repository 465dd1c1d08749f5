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
    {"report.link", "Signaler", "Report"},
    {"report.link_status", "Signaler ce message de", "Report this post by"},
    {"report.link_account", "Signaler le compte de", "Report the account of"},
    {"report.title", "Signaler un contenu", "Report content"},
    {"report.about", "Ce que vous signalez", "What you are reporting"},
    {"report.account", "Compte :", "Account:"},
    {"report.post", "Message publié le", "Post of"},
    {"report.privacy",
     "Pas besoin de compte. Nous ne gardons ni compte ni adresse IP : seulement ce que vous "
     "écrivez ci-dessous et, si vous le donnez, un moyen de vous répondre. Seule l'équipe de "
     "modération le lit.",
     "You need no account. No account and no IP address are kept: only what you write below "
     "and, if you give one, a way to answer you. Only the moderation team reads it."},
    {"report.category", "Catégorie (obligatoire)", "Category (required)"},
    {"report.subcategory",
     "Plus précisément (facultatif ; catégories du règlement européen sur les services "
     "numériques)",
     "More precisely (optional; categories of the EU Digital Services Act)"},
    {"report.no_subcategory", "Non précisé", "Not specified"},
    {"report.comment", "Expliquez ce qui pose problème (obligatoire, 1000 caractères au plus)",
     "Explain what is wrong (required, at most 1000 characters)"},
    {"report.contact",
     "Comment vous répondre (facultatif) : une adresse e-mail, un numéro de téléphone…",
     "How to answer you (optional): an e-mail address, a phone number…"},
    {"report.contact_hint",
     "Seule l'équipe de modération le voit. Laissez vide pour rester anonyme.",
     "Only the moderation team sees it. Leave it empty to stay anonymous."},
    {"report.send", "Envoyer le signalement", "Send the report"},
    {"report.errors", "Le signalement n'est pas parti :", "The report was not sent:"},
    {"report.error.comment_blank", "Expliquez ce qui pose problème.", "Explain what is wrong."},
    {"report.error.comment_long", "L'explication dépasse 1000 caractères.",
     "The explanation is longer than 1000 characters."},
    {"report.error.contact_long", "Le moyen de vous répondre dépasse 200 caractères.",
     "The way to answer you is longer than 200 characters."},
    {"report.error.category", "Choisissez une catégorie de la liste.",
     "Choose a category from the list."},
    {"report.error.subcategory", "Choisissez une précision de la liste, ou aucune.",
     "Choose a precise category from the list, or none."},
    {"report.error.expired", "Ce formulaire a expiré : vérifiez-le et envoyez-le à nouveau.",
     "This form has expired: check it and send it again."},
    {"report.error.too_many",
     "Trop de signalements ont été envoyés cette heure-ci depuis votre connexion ou vers ce "
     "serveur. Réessayez plus tard.",
     "Too many reports were sent this hour from your connection or to this server. Try again "
     "later."},
    {"report.error.other", "Le signalement n'a pas pu être enregistré.",
     "The report could not be recorded."},
    {"report.closed",
     "Sur ce serveur, il faut un compte pour signaler un contenu : utilisez le bouton "
     "« Signaler » de votre application.",
     "On this server, reporting needs an account: use the Report button of your app."},
    {"report.cross_site", "Ce formulaire ne peut être envoyé que depuis ce site.",
     "This form can only be sent from this site."},
    {"report.bad_request", "Ce formulaire est illisible.", "This form cannot be read."},
    {"report.sent_title", "Signalement envoyé", "Report sent"},
    {"report.sent", "Merci. L'équipe de modération va l'examiner.",
     "Thank you. The moderation team will look at it."},
    {"report.sent_privacy",
     "Nous n'avons gardé ni compte ni adresse IP : seulement ce que vous avez écrit.",
     "We kept no account and no IP address: only what you wrote."},
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
    {"auth.disabled",
     "Votre connexion est désactivée par la modération. Les motifs de la décision, et la façon de "
     "la contester, sont sur la page dont le lien vous a été donné avec la décision.",
     "Your login is disabled by the moderators. The reasons for the decision, and how to contest "
     "it, are on the page whose link came with the decision."},
    {"statement.title", "Décision de la modération", "Moderation decision"},
    {"statement.decision", "Décision", "Decision"},
    {"statement.date", "Date", "Date"},
    {"statement.text", "Explication", "Explanation"},
    {"statement.facts", "Faits retenus", "Facts relied on"},
    {"statement.content", "Messages concernés", "Posts concerned"},
    {"statement.ground", "Fondement", "Ground"},
    {"statement.category", "Catégorie", "Category"},
    {"statement.automated", "Décision automatisée", "Automated decision"},
    {"statement.not_automated", "Non : prise par une personne de l'équipe de modération.",
     "No: taken by a person of the moderation team."},
    {"statement.reversed", "Annulée en appel le", "Reversed on appeal on"},
    {"statement.contest", "Contester cette décision", "Contest this decision"},
    {"yes", "Oui", "Yes"},
    {"action.none", "Avertissement", "Warning"},
    {"action.sensitive", "Vos médias sont marqués comme sensibles",
     "Your media are marked as sensitive"},
    {"action.disable", "Connexion désactivée", "Login disabled"},
    {"action.silence",
     "Compte limité : vos messages ne sont plus montrés qu'aux personnes qui "
     "vous suivent",
     "Account limited: your posts are only shown to the people who follow you"},
    {"action.suspend", "Compte suspendu", "Account suspended"},
    {"ground.rules", "Les règles du serveur", "The server's rules"},
    {"ground.terms", "Les conditions d'utilisation", "The terms of service"},
    {"ground.legal", "La loi (contenu illicite)", "The law (illegal content)"},
    {"appeal.how",
     "Si vous pensez que cette décision est une erreur, expliquez-le à l'équipe de modération ; "
     "une autre personne que celle qui a décidé examinera votre appel. Vous pouvez faire appel "
     "une fois, jusqu'au",
     "If you think this decision is a mistake, tell the moderation team why; someone other than "
     "the person who decided will look at your appeal. You may appeal once, until"},
    {"appeal.label", "Votre appel", "Your appeal"},
    {"appeal.send", "Envoyer l'appel", "Send the appeal"},
    {"appeal.sent", "Votre appel est envoyé. Vous serez averti·e de la réponse.",
     "Your appeal is sent. You will be told of the answer."},
    {"appeal.closed", "Le délai pour faire appel de cette décision est passé.",
     "The time to appeal this decision has passed."},
    {"appeal.already", "Cette décision a déjà fait l'objet d'un appel.",
     "This decision has already been appealed."},
    {"appeal.blank", "Écrivez pourquoi vous contestez la décision.",
     "Write why you contest the decision."},
    {"appeal.too_long", "Votre appel est trop long (2000 caractères au plus).",
     "Your appeal is too long (2000 characters at most)."},
    {"appeal.state.pending", "Votre appel est en cours d'examen.",
     "Your appeal is being examined."},
    {"appeal.state.approved", "Votre appel a été accepté : la décision est annulée.",
     "Your appeal was accepted: the decision is reversed."},
    {"appeal.state.rejected", "Votre appel a été rejeté : la décision est maintenue.",
     "Your appeal was rejected: the decision stands."},
    {"appeal.reasons", "Motifs de la réponse :", "Reasons for the answer:"},
    {"appeal.other_ways",
     "Vous pouvez aussi recourir à un organisme de règlement extrajudiciaire des litiges "
     "certifié, ou à la justice.",
     "You may also turn to a certified out-of-court dispute settlement body, or to the courts."},
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
    {"delete.title", "Supprimer mon compte", "Delete my account"},
    {"delete.intro",
     "La suppression est définitive. Vos messages, images, favoris, partages, abonnements et "
     "abonné·es, notifications, listes et applications connectées sont effacés de cette instance, "
     "et les autres serveurs du fédivers qui connaissent votre compte sont priés de l'effacer "
     "aussi. Votre nom d'utilisateur·ice reste réservé : personne ne pourra le reprendre.",
     "Deletion is final. Your posts, pictures, favourites, boosts, follows and followers, "
     "notifications, lists and connected apps are erased from this instance, and the other "
     "fediverse servers that know your account are asked to erase it too. Your username stays "
     "reserved: nobody can take it after you."},
    {"delete.username", "Nom d'utilisateur·ice", "Username"},
    {"delete.password", "Mot de passe", "Password"},
    {"delete.confirm", "Je comprends que c'est définitif", "I understand that this is final"},
    {"delete.send", "Supprimer définitivement mon compte", "Delete my account for good"},
    {"delete.error.credentials",
     "Nom d'utilisateur·ice ou mot de passe incorrect : rien n'a été "
     "supprimé.",
     "Wrong username or password: nothing was deleted."},
    {"delete.error.confirm", "Cochez la case pour confirmer.", "Tick the box to confirm."},
    {"delete.error.expired", "Le formulaire a expiré. Vérifiez les champs et envoyez-le à nouveau.",
     "The form expired. Check the fields and send it again."},
    {"delete.error.refused",
     "Ce compte ne peut pas être supprimé ainsi (dernier compte "
     "d'administration).",
     "This account cannot be deleted this way (the last admin account)."},
    {"delete.cross_site", "Ce formulaire doit être envoyé depuis ce site.",
     "This form must be sent from this site."},
    {"delete.bad_request", "Requête illisible.", "Unreadable request."},
    {"delete.done_title", "Compte supprimé", "Account deleted"},
    {"delete.done",
     "Votre compte a été supprimé. Les autres serveurs en sont informés dans les minutes qui "
     "viennent.",
     "Your account was deleted. The other servers are being told in the next minutes."},
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
