// The `agora` command line: serve, admin account create/list, invites, domain policies, config
// check.
#include "cli/cli.hpp"

#include "accounts/account_deletion.hpp"
#include "accounts/account_service.hpp"
#include "accounts/registration.hpp"
#include "cli/legal_commands.hpp"
#include "config/config.hpp"
#include "node.hpp"
#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "store/domain_policies_repo.hpp"
#include "util/ids.hpp"
#include "util/log.hpp"
#include "util/time.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

#ifndef AGORA_VERSION
#define AGORA_VERSION "0.0.0"
#endif

namespace agora {

namespace {

constexpr int exit_failure = 1;
constexpr int exit_usage = 2;

// Loads the configuration or prints the one-line reason; exit code 2 on failure.
std::optional<Config> load_or_explain(const std::string& flag_value) {
    auto env = process_environment();
    auto path = resolve_config_path(flag_value, env);
    auto config = load_config(path, env);
    if (!config) {
        std::cerr << "agora: " << config.error().line() << "\n";
        return std::nullopt;
    }
    log::Level level;
    if (log::parse_level(config->log.level, level)) log::set_level(level);
    return std::move(*config);
}

std::string handle_of(const Account& account, const Config& config) {
    return "@" + account.username + "@" + config.instance.domain;
}

int serve(const std::string& config_flag, const RoomInstaller& install_rooms) {
    auto config = load_or_explain(config_flag);
    if (!config) return exit_usage;
    try {
        Node node(*config);
        install_rooms(node);
        if (auto admin = ensure_admin_account(node.database(), node.config())) {
            std::cout << "\nFirst start: created the admin account "
                      << handle_of(admin->account, *config)
                      << "\n  username: " << admin->account.username
                      << "\n  one-time password: " << *admin->generated_password
                      << "\n  (you will be asked to choose a new password at first sign-in)\n\n"
                      << std::flush;
        }
        std::uint16_t port = node.listen();
        std::cout << "Agora " << AGORA_VERSION << " serving " << config->instance.domain << " on "
                  << config->http.listen_host << ":" << port << " (public URL "
                  << config->base_url() << ")" << std::endl;
        node.serve(true);
    } catch (const std::exception& e) {
        std::cerr << "agora: " << e.what() << "\n";
        return exit_failure;
    }
    return 0;
}

int create_account(const std::string& config_flag, NewAccount request, bool password_stdin) {
    auto config = load_or_explain(config_flag);
    if (!config) return exit_usage;
    if (password_stdin) {
        std::string line;
        if (!std::getline(std::cin, line)) {
            std::cerr << "agora: --password-stdin: no password on standard input\n";
            return exit_usage;
        }
        if (!line.empty() && line.back() == '\r') line.pop_back();
        request.password = line;
    }
    try {
        Node node(*config);
        auto created = create_local_account(node.database(), request);
        if (!created) {
            std::cerr << "agora: " << created.error().message << "\n";
            return exit_failure;
        }
        std::cout << "created " << handle_of(created->account, *config) << " (role "
                  << to_string(created->user.role) << ", kind " << to_string(created->account.kind)
                  << ")\n";
        if (created->generated_password)
            std::cout << "password: " << *created->generated_password << "\n";
    } catch (const std::exception& e) {
        std::cerr << "agora: " << e.what() << "\n";
        return exit_failure;
    }
    return 0;
}

int moderate(const std::string& config_flag, const AccountModerator& moderate_account,
             const AccountModerationCommand& command) {
    if (!moderate_account) {
        std::cerr << "agora: account moderation is not available in this build\n";
        return exit_failure;
    }
    auto config = load_or_explain(config_flag);
    if (!config) return exit_usage;
    try {
        Node node(*config);
        return moderate_account(node, command);
    } catch (const std::exception& e) {
        std::cerr << "agora: " << e.what() << "\n";
        return exit_failure;
    }
}

int transparency_report(const std::string& config_flag, const TransparencyReporter& report,
                        const TransparencyReportCommand& command) {
    if (!report) {
        std::cerr << "agora: the transparency report is not available in this build\n";
        return exit_failure;
    }
    auto config = load_or_explain(config_flag);
    if (!config) return exit_usage;
    try {
        Node node(*config);
        return report(node, command);
    } catch (const std::exception& e) {
        std::cerr << "agora: " << e.what() << "\n";
        return exit_failure;
    }
}

int list_accounts(const std::string& config_flag) {
    auto config = load_or_explain(config_flag);
    if (!config) return exit_usage;
    try {
        Node node(*config);
        auto conn = node.database().acquire();
        std::printf("%-20s %-30s %-10s %-12s %-9s %s\n", "ID", "USERNAME", "ROLE", "KIND",
                    "APPROVED", "CREATED");
        for (const auto& [account, user] : store::list_local_accounts(*conn)) {
            std::printf("%-20lld %-30s %-10s %-12s %-9s %s\n", static_cast<long long>(account.id),
                        account.username.c_str(), std::string(to_string(user.role)).c_str(),
                        std::string(to_string(account.kind)).c_str(), user.approved ? "yes" : "no",
                        iso8601(account.created_at).c_str());
        }
    } catch (const std::exception& e) {
        std::cerr << "agora: " << e.what() << "\n";
        return exit_failure;
    }
    return 0;
}

// `agora admin account delete NAME`: the member's account deleted as from the admin API, without
// asking for a suspension first (as Mastodon's `tootctl accounts delete`). Its Delete is sent by
// the server from the event written here, when it runs.
int delete_account(const std::string& config_flag, const std::string& username) {
    auto config = load_or_explain(config_flag);
    if (!config) return exit_usage;
    try {
        Node node(*config);
        std::optional<Account> account;
        {
            auto conn = node.database().acquire();
            account = store::find_local_account(*conn, username);
        }
        if (!account) {
            std::cerr << "agora: no local account named \"" << username << "\"\n";
            return exit_failure;
        }
        auto deleted = delete_local_account(node.database(), account->id, std::nullopt);
        if (!deleted) {
            std::cerr << "agora: " << deleted.error().message << "\n";
            return exit_failure;
        }
        std::cout << "deleted " << account->username
                  << "; its Delete is sent to the instances this one knows when the server runs\n";
    } catch (const std::exception& e) {
        std::cerr << "agora: " << e.what() << "\n";
        return exit_failure;
    }
    return 0;
}

int create_invite_code(const std::string& config_flag, std::optional<int> uses,
                       std::optional<int> days) {
    auto config = load_or_explain(config_flag);
    if (!config) return exit_usage;
    try {
        Node node(*config);
        auto code = create_invite(node.database(), std::nullopt, uses, days);
        std::cout << "invite code: " << code << "\n";
        if (config->registrations.mode != RegistrationsMode::invite)
            std::cerr << "agora: note: registrations.mode is "
                      << to_string(config->registrations.mode)
                      << ", so sign-up does not ask for this code\n";
    } catch (const std::exception& e) {
        std::cerr << "agora: " << e.what() << "\n";
        return exit_failure;
    }
    return 0;
}

// `agora admin domain ...`: what the instance does with a remote domain (moderation reads these
// rows; a running server sees a change within 30 seconds).
struct DomainCommand {
    std::string action; // block, unblock, allow, disallow, list
    std::string domain;
    std::string severity = "suspend";
    bool reject_media = false, reject_reports = false, obfuscate = false, private_ = false;
    std::optional<std::string> reason, comment;
};

int run_domain_command(const std::string& config_flag, const DomainCommand& cmd,
                       const DomainPolicyApplier& apply_policy) {
    auto config = load_or_explain(config_flag);
    if (!config) return exit_usage;
    std::optional<std::string> domain;
    if (cmd.action != "list") {
        domain = store::normalize_domain(cmd.domain);
        if (!domain) {
            std::cerr << "agora: \"" << cmd.domain << "\" is not a domain name\n";
            return exit_usage;
        }
    }
    try {
        Node node(*config);
        auto conn = node.database().acquire();
        store::Transaction tx(*conn);
        if (cmd.action == "block") {
            auto row = store::find_domain_policy_for(*conn, *domain);
            bool exists = row.has_value();
            if (!row) {
                row.emplace();
                row->id = next_id();
                row->domain = *domain;
                row->created_at = id_time_ms(row->id);
            }
            row->severity = cmd.severity;
            row->reject_media = cmd.reject_media;
            row->reject_reports = cmd.reject_reports;
            row->obfuscate = cmd.obfuscate;
            row->private_ = cmd.private_;
            if (cmd.reason) row->public_comment = *cmd.reason;
            if (cmd.comment) row->private_comment = *cmd.comment;
            row->updated_at = now_unix_ms();
            if (exists)
                store::update_domain_policy(*conn, *row);
            else
                store::insert_domain_policy(*conn, *row);
            if (apply_policy)
                apply_policy(*conn, *config, *domain,
                             exists ? std::optional(row->created_at) : std::nullopt);
            std::cout << (exists ? "updated " : "created ") << *domain << ": " << row->severity
                      << (row->reject_media ? ", reject media" : "")
                      << (row->reject_reports ? ", reject reports" : "")
                      << (row->private_ ? ", private" : "") << "\n";
        } else if (cmd.action == "unblock") {
            auto row = store::find_domain_policy_for(*conn, *domain);
            if (!row) {
                std::cerr << "agora: " << *domain << " has no domain policy\n";
                return exit_failure;
            }
            store::delete_domain_policy(*conn, row->id);
            if (apply_policy) apply_policy(*conn, *config, *domain, row->created_at);
            std::cout << "removed the policy of " << *domain << "\n";
        } else if (cmd.action == "allow") {
            if (!store::find_domain_allow_for(*conn, *domain)) {
                auto id = next_id();
                store::insert_domain_allow(*conn, {id, *domain, id_time_ms(id)});
            }
            std::cout << "allowed " << *domain << "\n";
            if (!config->moderation.allowlist_federation)
                std::cerr << "agora: note: moderation.federation_mode is open, so the allow list "
                             "is not used\n";
        } else if (cmd.action == "disallow") {
            auto row = store::find_domain_allow_for(*conn, *domain);
            if (!row) {
                std::cerr << "agora: " << *domain << " is not allowed\n";
                return exit_failure;
            }
            store::delete_domain_allow(*conn, row->id);
            std::cout << "no longer allowed: " << *domain << "\n";
        } else {
            std::printf("%-40s %-8s %-6s %-7s %s\n", "DOMAIN", "SEVERITY", "MEDIA", "PRIVATE",
                        "REASON");
            for (const auto& r : store::list_domain_policies(*conn))
                std::printf("%-40s %-8s %-6s %-7s %s\n", r.domain.c_str(), r.severity.c_str(),
                            r.reject_media ? "reject" : "-", r.private_ ? "yes" : "no",
                            r.public_comment.c_str());
            for (const auto& a : store::list_domain_allows(*conn))
                std::printf("%-40s %s\n", a.domain.c_str(), "allowed");
        }
        tx.commit();
    } catch (const std::exception& e) {
        std::cerr << "agora: " << e.what() << "\n";
        return exit_failure;
    }
    return 0;
}

int check_config(const std::string& config_flag) {
    auto config = load_or_explain(config_flag);
    if (!config) return exit_usage;
    std::cout << config->source_path << ": ok (domain " << config->instance.domain
              << ", public URL " << config->base_url()
              << ", database sqlite:" << config->storage.database_path << ", registrations "
              << to_string(config->registrations.mode) << ")\n";
    return 0;
}

} // namespace

int run_cli(int argc, char** argv, const RoomInstaller& install_rooms,
            const AccountModerator& moderate_account,
            const TransparencyReporter& report_transparency,
            const DomainPolicyApplier& apply_domain_policy) {
    CLI::App app{"Agora: a self-hostable ActivityPub server for associations and public bodies",
                 "agora"};
    app.set_version_flag("--version", std::string("agora ") + AGORA_VERSION);
    app.require_subcommand(1);
    const std::string config_help =
        "configuration file (default: $AGORA_CONFIG, else ./agora.toml)";

    std::string config_flag;
    auto* serve_cmd = app.add_subcommand("serve", "serve the instance over HTTP");
    serve_cmd->add_option("--config,-c", config_flag, config_help);

    auto* admin = app.add_subcommand("admin", "administration tasks");
    admin->require_subcommand(1);
    auto* account = admin->add_subcommand("account", "local accounts");
    account->require_subcommand(1);

    NewAccount request;
    std::string role = "member", kind = "person";
    bool password_stdin = false;
    auto* create = account->add_subcommand("create", "create a local account");
    create->add_option("USERNAME", request.username, "letters, digits and underscores, at most 30")
        ->required();
    create->add_option("--role", role, "admin, moderator or member")
        ->check(CLI::IsMember({"admin", "moderator", "member"}));
    create->add_option("--kind", kind, "person, organization, public_body, business, group or bot")
        ->check(
            CLI::IsMember({"person", "organization", "public_body", "business", "group", "bot"}));
    create->add_flag("--password-stdin", password_stdin, "read the password from standard input");
    create->add_option("--config,-c", config_flag, config_help);

    auto* list = account->add_subcommand("list", "list local accounts");
    list->add_option("--config,-c", config_flag, config_help);

    std::string delete_name;
    auto* delete_cmd = account->add_subcommand(
        "delete", "delete a local account for good (its Delete goes to every known instance)");
    delete_cmd->add_option("USERNAME", delete_name, "the local account")->required();
    delete_cmd->add_option("--config,-c", config_flag, config_help);

    AccountModerationCommand moderation_cmd;
    std::vector<std::pair<CLI::App*, const char*>> moderation_subs;
    for (auto [name, help] :
         {std::pair{"suspend", "suspend an account, with a statement of reasons"},
          std::pair{"silence", "limit an account, with a statement of reasons"},
          std::pair{"unsuspend", "lift a suspension"}, std::pair{"unsilence", "lift a limit"}}) {
        auto* sub = account->add_subcommand(name, help);
        sub->add_option("ACCOUNT", moderation_cmd.account, "a username, or user@domain")
            ->required();
        sub->add_option("--reason", moderation_cmd.reason, "the explanation the person receives");
        sub->add_option("--config,-c", config_flag, config_help);
        moderation_subs.emplace_back(sub, name);
    }

    TransparencyReportCommand transparency_cmd;
    auto* transparency = admin->add_subcommand(
        "transparency-report", "print the moderation transparency report for a period");
    transparency->add_option("--from", transparency_cmd.from, "first day, YYYY-MM-DD");
    transparency->add_option("--to", transparency_cmd.to, "day after the last, YYYY-MM-DD");
    transparency->add_option("--format", transparency_cmd.format, "json (default) or html")
        ->check(CLI::IsMember({"json", "html"}));
    transparency->add_option("--config,-c", config_flag, config_help);

    std::optional<int> invite_uses, invite_days;
    auto* invite = admin->add_subcommand("invite", "invite codes (registrations.mode = invite)");
    invite->require_subcommand(1);
    auto* invite_create = invite->add_subcommand("create", "create an invite code and print it");
    invite_create
        ->add_option("--uses", invite_uses, "how many sign-ups it allows (default: unlimited)")
        ->check(CLI::Range(1, 1000000));
    invite_create
        ->add_option("--expires-days", invite_days, "days before it expires (default: never)")
        ->check(CLI::Range(1, 3650));
    invite_create->add_option("--config,-c", config_flag, config_help);

    DomainCommand domain_cmd;
    auto* domain = admin->add_subcommand("domain", "domain policies (suspend, silence, allow)");
    domain->require_subcommand(1);
    auto* domain_block =
        domain->add_subcommand("block", "set a domain's policy (and its subdomains')");
    domain_block->add_option("DOMAIN", domain_cmd.domain, "e.g. spam.example")->required();
    domain_block
        ->add_option("--severity", domain_cmd.severity, "suspend (default), silence or noop")
        ->check(CLI::IsMember({"suspend", "silence", "noop"}));
    domain_block->add_flag("--reject-media", domain_cmd.reject_media, "do not keep its media");
    domain_block->add_flag("--reject-reports", domain_cmd.reject_reports, "ignore its reports");
    domain_block->add_option("--reason", domain_cmd.reason, "the public reason");
    domain_block->add_option("--comment", domain_cmd.comment, "a note for moderators only");
    domain_block->add_flag("--obfuscate", domain_cmd.obfuscate, "star part of its name publicly");
    domain_block->add_flag("--private", domain_cmd.private_, "leave it out of the public list");
    auto* domain_unblock = domain->add_subcommand("unblock", "remove a domain's policy");
    domain_unblock->add_option("DOMAIN", domain_cmd.domain, "e.g. spam.example")->required();
    auto* domain_allow =
        domain->add_subcommand("allow", "federate with a domain (moderation.federation_mode = "
                                        "allowlist)");
    domain_allow->add_option("DOMAIN", domain_cmd.domain, "e.g. mairie.example")->required();
    auto* domain_disallow =
        domain->add_subcommand("disallow", "remove a domain from the allow list");
    domain_disallow->add_option("DOMAIN", domain_cmd.domain, "e.g. mairie.example")->required();
    auto* domain_list = domain->add_subcommand("list", "list domain policies and allowed domains");
    for (auto* sub : {domain_block, domain_unblock, domain_allow, domain_disallow, domain_list})
        sub->add_option("--config,-c", config_flag, config_help);

    LegalCommands legal_commands;
    legal_commands.attach(*admin, config_flag, config_help);

    auto* config_cmd = app.add_subcommand("config", "configuration");
    config_cmd->require_subcommand(1);
    auto* check = config_cmd->add_subcommand("check", "validate the configuration and exit");
    check->add_option("--config,-c", config_flag, config_help);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? 0 : exit_usage;
    }

    if (serve_cmd->parsed()) return serve(config_flag, install_rooms);
    if (create->parsed()) {
        request.role = *parse_role(role);
        request.kind = *parse_account_kind(kind);
        return create_account(config_flag, request, password_stdin);
    }
    if (list->parsed()) return list_accounts(config_flag);
    if (delete_cmd->parsed()) return delete_account(config_flag, delete_name);
    for (auto [sub, action] : moderation_subs)
        if (sub->parsed()) {
            moderation_cmd.action = action;
            return moderate(config_flag, moderate_account, moderation_cmd);
        }
    if (transparency->parsed())
        return transparency_report(config_flag, report_transparency, transparency_cmd);
    if (invite_create->parsed()) return create_invite_code(config_flag, invite_uses, invite_days);

    for (auto [sub, action] :
         {std::pair{domain_block, "block"}, std::pair{domain_unblock, "unblock"},
          std::pair{domain_allow, "allow"}, std::pair{domain_disallow, "disallow"},
          std::pair{domain_list, "list"}})
        if (sub->parsed()) {
            domain_cmd.action = action;
            return run_domain_command(config_flag, domain_cmd, apply_domain_policy);
        }
    if (auto code = legal_commands.run(config_flag)) return *code;
    if (check->parsed()) return check_config(config_flag);
    return exit_usage;
}

} // namespace agora
