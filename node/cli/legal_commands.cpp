// The rules, terms and privacy policy commands of `agora admin`.
#include "cli/legal_commands.hpp"

#include "config/config.hpp"
#include "legal/legal_documents.hpp"
#include "legal/rules.hpp"
#include "node.hpp"
#include "store/database.hpp"
#include "store/legal_documents_repo.hpp"
#include "store/rules_repo.hpp"
#include "util/time.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

namespace agora {

namespace {
constexpr int exit_failure = 1;
constexpr int exit_usage = 2;

std::optional<Config> load(const std::string& flag_value) {
    auto env = process_environment();
    auto config = load_config(resolve_config_path(flag_value, env), env);
    if (!config) {
        std::cerr << "agora: " << config.error().line() << "\n";
        return std::nullopt;
    }
    return std::move(*config);
}

// Runs `work` on a connection of the configured node, in one transaction committed when it
// returns 0; exceptions become a one-line message and exit code 1.
template <typename Work>
int with_database(const std::string& config_flag, Work work) {
    auto config = load(config_flag);
    if (!config) return exit_usage;
    try {
        Node node(*config);
        auto conn = node.database().acquire();
        store::Transaction tx(*conn);
        int code = work(*conn);
        if (code == 0) tx.commit();
        return code;
    } catch (const std::exception& e) {
        std::cerr << "agora: " << e.what() << "\n";
        return exit_failure;
    }
}

int list_rules(store::Connection& conn) {
    std::printf("%-20s %-4s %s\n", "ID", "POS", "TEXT (HINT)");
    for (const auto& r : store::list_rules(conn))
        std::printf("%-20lld %-4lld %s%s\n", static_cast<long long>(r.id),
                    static_cast<long long>(r.position), r.text.c_str(),
                    r.hint.empty() ? "" : (" (" + r.hint + ")").c_str());
    return 0;
}

int list_documents(store::Connection& conn, const std::string& kind) {
    auto today = legal::today_utc();
    auto current = store::legal_document_in_effect(conn, kind, today);
    std::printf("%-10s %-10s %-24s %s\n", "EFFECTIVE", "STATE", "PUBLISHED", "SUMMARY");
    for (const auto& d : store::list_legal_documents(conn, kind)) {
        const char* state = d.effective_date > today         ? "upcoming"
                            : current && current->id == d.id ? "in effect"
                                                             : "past";
        std::printf("%-10s %-10s %-24s %s\n", d.effective_date.c_str(), state,
                    iso8601(d.published_at).c_str(), d.summary.c_str());
    }
    return 0;
}

std::optional<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}
} // namespace

void LegalCommands::attach(CLI::App& admin, std::string& config_flag,
                           const std::string& config_help) {
    auto* rule = admin.add_subcommand("rule", "instance rules (GET /api/v1/instance/rules)");
    rule->require_subcommand(1);
    rule_add_ = rule->add_subcommand("add", "add a rule after the others");
    rule_add_->add_option("TEXT", text_, "the rule, at most 300 characters")->required();
    rule_add_->add_option("--hint", hint_, "a longer explanation");
    rule_list_ = rule->add_subcommand("list", "list the rules in force, in order");
    rule_remove_ = rule->add_subcommand("remove", "remove a rule (reports naming it keep it)");
    rule_remove_->add_option("ID", rule_id_, "the rule's id (see rule list)")->required();

    auto add_document = [&](const char* name, const char* what, CLI::App*& publish,
                            CLI::App*& list) {
        auto* doc = admin.add_subcommand(name, what);
        doc->require_subcommand(1);
        publish = doc->add_subcommand("publish", "publish a new version from a Markdown file");
        publish->add_option("FILE", file_, "the Markdown text")->required();
        publish->add_option("--effective", effective_, "the day it takes effect, YYYY-MM-DD")
            ->required();
        publish->add_option("--summary", summary_, "what changed, in plain words")->required();
        list = doc->add_subcommand("list", "list the versions, newest first");
    };
    add_document("terms", "terms of service versions", terms_publish_, terms_list_);
    add_document("privacy", "privacy policy versions", privacy_publish_, privacy_list_);

    for (auto* sub : {rule_add_, rule_list_, rule_remove_, terms_publish_, terms_list_,
                      privacy_publish_, privacy_list_})
        sub->add_option("--config,-c", config_flag, config_help);
}

std::optional<int> LegalCommands::run(const std::string& config_flag) {
    if (rule_add_->parsed())
        return with_database(config_flag, [&](store::Connection& conn) {
            auto rule = legal::add_rule(conn, text_, hint_);
            if (!rule) {
                std::cerr << "agora: " << rule.error() << "\n";
                return exit_failure;
            }
            std::cout << "added rule " << rule->id << " (position " << rule->position << ")\n";
            return 0;
        });
    if (rule_list_->parsed()) return with_database(config_flag, list_rules);
    if (rule_remove_->parsed())
        return with_database(config_flag, [&](store::Connection& conn) {
            std::int64_t id = 0;
            try {
                id = std::stoll(rule_id_);
            } catch (const std::exception&) {
                id = 0;
            }
            if (id <= 0 || !store::remove_rule(conn, id, now_unix_ms())) {
                std::cerr << "agora: no rule in force has the id " << rule_id_ << "\n";
                return exit_failure;
            }
            std::cout << "removed rule " << id << "\n";
            return 0;
        });
    for (auto [publish, list, kind] : {std::tuple{terms_publish_, terms_list_, "terms"},
                                       std::tuple{privacy_publish_, privacy_list_, "privacy"}}) {
        std::string kind_name = kind;
        if (list->parsed())
            return with_database(config_flag, [&](store::Connection& conn) {
                return list_documents(conn, kind_name);
            });
        if (!publish->parsed()) continue;
        auto source = read_file(file_);
        if (!source) {
            std::cerr << "agora: cannot read " << file_ << "\n";
            return exit_usage;
        }
        if (!legal::is_calendar_date(effective_)) {
            std::cerr << "agora: --effective: \"" << effective_
                      << "\" is not a date written YYYY-MM-DD\n";
            return exit_usage;
        }
        return with_database(config_flag, [&](store::Connection& conn) {
            auto doc = legal::publish(conn, {kind_name, *source, effective_, summary_});
            if (!doc) {
                std::cerr << "agora: " << doc.error() << "\n";
                return exit_failure;
            }
            std::cout << "published the "
                      << (kind_name == "terms" ? "terms of service" : "privacy policy")
                      << " effective " << doc->effective_date
                      << (doc->effective_date > legal::today_utc() ? " (upcoming)" : " (in effect)")
                      << "\n";
            return 0;
        });
    }
    return std::nullopt;
}

} // namespace agora
