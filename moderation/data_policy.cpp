// The data policy, built from the configuration so that it says what this instance does.
#include "moderation/data_policy.hpp"

#include "config/config.hpp"

namespace agora::moderation {

namespace {
using nlohmann::json;

json words(const char* en, const char* fr) {
    return {{"en", en}, {"fr", fr}};
}

// retention.kind: none, in_memory, until_deleted, until_account_deleted, with_report, forever.
json retention(const char* kind, const char* en, const char* fr) {
    return {{"kind", kind}, {"text", words(en, fr)}};
}

json item(const char* id, json what, json why, json kept_for, json visible_to) {
    return {{"id", id},
            {"kept", kept_for["kind"] != "none"},
            {"what", std::move(what)},
            {"why", std::move(why)},
            {"retention", std::move(kept_for)},
            {"visible_to", std::move(visible_to)}};
}
} // namespace

json data_policy(const Config& config) {
    const auto mode = config.registrations.mode;
    json data = json::array();

    data.push_back(
        item("ip_addresses", words("IP addresses", "Adresses IP"),
             words("Limiting how often one address may sign in or report, in memory only.",
                   "Limiter la fréquence des connexions ou signalements d'une adresse, en mémoire "
                   "seulement."),
             retention("in_memory", "Never written to disk; forgotten within the hour.",
                       "Jamais écrites sur disque ; oubliées dans l'heure."),
             json::array()));
    data.push_back(item(
        "account",
        words("Username, display name, profile text, avatar and header, language",
              "Nom d'utilisateur, nom affiché, présentation, avatar et bannière, langue"),
        words("Showing your profile and your posts.", "Afficher votre profil et vos messages."),
        retention("until_account_deleted",
                  "Until the account is deleted (by you at /settings/delete, or by an admin): "
                  "everything is then erased at once and the other servers are asked to erase "
                  "it too; only the username is kept, so that nobody else can take it.",
                  "Jusqu'à la suppression du compte (par vous sur /settings/delete, ou par un·e "
                  "admin) : tout est alors effacé aussitôt et les autres serveurs sont priés de "
                  "l'effacer aussi ; seul le nom d'utilisateur·ice est gardé, pour que personne "
                  "ne le reprenne."),
        {"public", "remote_instances"}));
    data.push_back(item(
        "password", words("Password, stored as an Argon2id hash", "Mot de passe, haché (Argon2id)"),
        words("Signing you in.", "Vous connecter."),
        retention("until_account_deleted", "Until the account is deleted.",
                  "Jusqu'à la suppression du compte."),
        json::array()));
    data.push_back(item("email", words("E-mail address", "Adresse e-mail"),
                        words("Not asked for.", "Pas demandée."),
                        retention("none", "Not collected.", "Non collectée."), json::array()));
    data.push_back(item("last_activity",
                        words("The day of your last activity (never the time)",
                              "Le jour de votre dernière activité (jamais l'heure)"),
                        words("Counting active members (instance statistics).",
                              "Compter les membres actifs (statistiques du serveur)."),
                        retention("until_account_deleted", "Replaced at each activity.",
                                  "Remplacé à chaque activité."),
                        {"admins"}));
    if (mode == RegistrationsMode::approval)
        data.push_back(item(
            "sign_up_reason",
            words("Why you want to join (sign-up form)",
                  "Pourquoi vous souhaitez rejoindre (formulaire d'inscription)"),
            words("Approving sign-ups (registrations need a moderator's approval).",
                  "Approuver les inscriptions (elles attendent l'accord d'un·e modérateur·rice)."),
            retention("until_account_deleted", "Until the account is deleted.",
                      "Jusqu'à la suppression du compte."),
            {"moderators", "admins"}));
    if (mode == RegistrationsMode::invite)
        data.push_back(item(
            "invite",
            words("The invite code used to sign up",
                  "Le code d'invitation utilisé à l'inscription"),
            words("Registrations are by invitation.", "Les inscriptions se font sur invitation."),
            retention("until_account_deleted", "Until the account is deleted.",
                      "Jusqu'à la suppression du compte."),
            {"admins"}));
    data.push_back(item(
        "terms_acceptances",
        words("Which version of the terms you accepted, and when",
              "Quelle version des conditions vous avez acceptée, et quand"),
        words("Proving which rules applied to you.",
              "Établir quelles règles s'appliquaient à vous."),
        retention("until_account_deleted", "Kept with the account.", "Conservé avec le compte."),
        {"self", "admins"}));
    data.push_back(item(
        "posts",
        words("Posts, their earlier versions, polls and votes",
              "Messages, leurs versions antérieures, sondages et votes"),
        words("Publishing what you write to the audience you choose.",
              "Publier ce que vous écrivez auprès du public que vous choisissez."),
        retention("until_deleted",
                  "Until you delete them: deletion removes them at once, nothing is kept.",
                  "Jusqu'à ce que vous les supprimiez : supprimés aussitôt, rien n'est gardé."),
        {"chosen_audience", "remote_instances"}));
    json media = item("media",
                      words("Images you upload (location and camera metadata removed)",
                            "Images envoyées (métadonnées de lieu et d'appareil retirées)"),
                      words("Attaching them to your posts and profile.",
                            "Les joindre à vos messages et à votre profil."),
                      retention("until_deleted", "Until the post or the image is deleted.",
                                "Jusqu'à la suppression du message ou de l'image."),
                      {"chosen_audience", "remote_instances"});
    media["max_image_bytes"] = config.media.max_image_bytes;
    media["metadata_stripped"] = true;
    data.push_back(std::move(media));
    data.push_back(item("social_graph",
                        words("Follows, blocks, mutes, lists, bookmarks, favourites",
                              "Abonnements, blocages, masquages, listes, signets, favoris"),
                        words("Building your timelines and protecting you.",
                              "Construire vos fils et vous protéger."),
                        retention("until_deleted", "Until you undo them or delete the account.",
                                  "Jusqu'à ce que vous les annuliez ou supprimiez le compte."),
                        {"self", "public_counts"}));
    data.push_back(item(
        "app_tokens",
        words("The apps you authorised and their access tokens (hashed)",
              "Les applications autorisées et leurs jetons d'accès (hachés)"),
        words("Letting your apps act for you.", "Permettre à vos applications d'agir pour vous."),
        retention("until_deleted", "Until you revoke them.", "Jusqu'à leur révocation."),
        {"self"}));
    data.push_back(
        item("member_reports",
             words("Reports you file: the account and posts reported, your comment",
                   "Vos signalements : compte et messages signalés, commentaire"),
             words("Moderating the instance.", "Modérer le serveur."),
             retention("with_report", "Kept with the report.", "Conservés avec le signalement."),
             {"moderators", "admins"}));
    json visitor_reports = item(
        "visitor_reports",
        words("Reports from visitors: category, explanation and the contact they chose to give",
              "Signalements de visiteurs : catégorie, explication et le contact qu'ils ont "
              "choisi de laisser"),
        words("Handling notices about illegal content from anyone (Digital Services Act).",
              "Traiter les signalements de contenus illicites de quiconque (règlement sur les "
              "services numériques)."),
        config.moderation.visitor_reports
            ? retention("with_report", "Kept with the report; no account and no IP address.",
                        "Conservés avec le signalement ; ni compte ni adresse IP.")
            : retention("none", "Visitors cannot report on this instance.",
                        "Les visiteurs ne peuvent pas signaler sur ce serveur."),
        config.moderation.visitor_reports ? json{"moderators", "admins"} : json::array());
    data.push_back(std::move(visitor_reports));
    json logs = item(
        "server_logs",
        words("Server log lines: method, path, status, size and duration of each request",
              "Journal du serveur : méthode, chemin, statut, taille et durée de chaque requête"),
        words("Running and repairing the server.", "Faire fonctionner et réparer le serveur."),
        config.http.access_log
            ? retention("admin_managed",
                        "Written to the server's log, without IP addresses; "
                        "kept as long as the administrator's log system keeps "
                        "them.",
                        "Écrites dans le journal du serveur, sans adresse IP ; conservées "
                        "autant que le système de journaux de l'administrateur·rice.")
            : retention("none", "Requests are not logged.",
                        "Les requêtes ne sont pas journalisées."),
        config.http.access_log ? json{"admins"} : json::array());
    data.push_back(std::move(logs));

    json federation{{"mode", config.moderation.allowlist_federation ? "allowlist" : "open"},
                    {"authorized_fetch", config.federation.authorized_fetch},
                    {"text", config.moderation.allowlist_federation
                                 ? words("Public posts and profiles reach only the servers this "
                                         "instance chose to federate with.",
                                         "Les messages publics et les profils ne vont qu'aux "
                                         "serveurs choisis par ce serveur.")
                                 : words("Public posts and profiles reach the servers of your "
                                         "followers and of the people you mention.",
                                         "Les messages publics et les profils vont aux serveurs "
                                         "de vos abonné·es et des personnes mentionnées.")}};

    return {
        {"instance",
         {{"domain", config.instance.domain},
          {"title", config.instance.title},
          {"url", config.base_url()}}},
        {"registrations",
         {{"mode", to_string(mode)},
          {"approval_required", mode == RegistrationsMode::approval},
          {"email_required", false}}},
        {"not_collected", {"ip_addresses", "email_addresses", "tracking", "third_party_requests"}},
        {"federation", federation},
        {"data", data},
        {"documents",
         {{"terms_of_service", config.base_url() + "/terms"},
          {"privacy_policy", config.base_url() + "/privacy"}}}};
}

} // namespace agora::moderation
