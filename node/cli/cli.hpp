// The `agora` command line: serve, admin account create/list, config check.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace agora {

class Node;
struct Config;
namespace store {
class Connection;
}

// Adds the routes of the rooms above node/ (federation, web) to a node before it serves.
using RoomInstaller = std::function<void(Node&)>;

// `agora admin account suspend|silence|unsuspend|unsilence NAME --reason TEXT`: moderation (a
// room above node/) carries them out with their statement of reasons; the executable hands its
// function over. Returns the exit code.
struct AccountModerationCommand {
    std::string action;  // suspend, silence, unsuspend, unsilence
    std::string account; // a local username, or user@domain
    std::string reason;
};
using AccountModerator = std::function<int(Node&, const AccountModerationCommand&)>;

// `agora admin transparency-report`: moderation computes and prints the report (dates
// "YYYY-MM-DD", unset: the current year so far; format json or html).
struct TransparencyReportCommand {
    std::optional<std::string> from, to;
    std::string format = "json";
};
using TransparencyReporter = std::function<int(Node&, const TransparencyReportCommand&)>;

// After `agora admin domain block|unblock` changed the policy of a domain, inside the same
// transaction: moderation carries it over to the domain's stored accounts (`previous_since`: the
// creation time of the domain's policy before the change, if it had one).
using DomainPolicyApplier =
    std::function<void(store::Connection&, const Config&, const std::string& domain,
                       std::optional<std::int64_t> previous_since)>;

// Parses argv and runs the subcommand; returns the process exit code
// (0 success, 1 runtime failure, 2 bad usage or bad configuration).
int run_cli(int argc, char** argv, const RoomInstaller& install_rooms,
            const AccountModerator& moderate_account = {},
            const TransparencyReporter& report_transparency = {},
            const DomainPolicyApplier& apply_domain_policy = {});

} // namespace agora
