// `agora admin rule add|list|remove` and `agora admin terms|privacy publish|list`: the instance
// rules and the versions of its terms of service and privacy policy, from the command line.
#pragma once

#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace agora {

class LegalCommands {
public:
    // Adds the subcommands under `admin`; `config_flag` receives --config.
    void attach(CLI::App& admin, std::string& config_flag, const std::string& config_help);
    // The exit code when one of these subcommands was given, nullopt otherwise.
    std::optional<int> run(const std::string& config_flag);

private:
    CLI::App *rule_add_ = nullptr, *rule_list_ = nullptr, *rule_remove_ = nullptr;
    CLI::App *terms_publish_ = nullptr, *terms_list_ = nullptr;
    CLI::App *privacy_publish_ = nullptr, *privacy_list_ = nullptr;
    std::string text_, hint_, rule_id_, file_, effective_, summary_;
};

} // namespace agora
