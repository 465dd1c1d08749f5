// The command line's account moderation: finds the account, acts, says what was done.
#include "moderation/account_command.hpp"

#include "moderation/account_actions.hpp"
#include "node.hpp"
#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "store/remote_accounts_repo.hpp"

#include <iostream>

namespace agora::moderation {

namespace {
std::optional<Account> find_named(store::Connection& conn, std::string name) {
    if (name.starts_with("@")) name.erase(0, 1);
    auto at = name.find('@');
    if (at == std::string::npos) return store::find_local_account(conn, name);
    auto remote =
        store::find_remote_account_by_handle(conn, name.substr(0, at), name.substr(at + 1));
    if (!remote) return std::nullopt;
    return remote->account;
}
} // namespace

int run_account_command(Node& node, const AccountModerationCommand& command) {
    std::optional<Account> account;
    {
        auto conn = node.database().acquire();
        account = find_named(*conn, command.account);
    }
    if (!account) {
        std::cerr << "agora: no account " << command.account << " here\n";
        return 1;
    }
    if (command.action == "unsuspend" || command.action == "unsilence") {
        bool changed = lift(node.database(), std::nullopt, account->id,
                            command.action == "unsuspend" ? Lift::unsuspend : Lift::unsilence);
        std::cout << (changed ? "done: " : "nothing to do: ") << command.action << " "
                  << command.account << "\n";
        return 0;
    }
    ActionRequest request;
    request.target_account_id = account->id;
    request.type = command.action;
    request.text = command.reason;
    auto taken = take_action(node.database(), request);
    if (!taken) {
        std::cerr << "agora: " << taken.error().message << "\n";
        return 1;
    }
    std::cout << "done: " << command.action << " " << command.account;
    if (*taken) std::cout << " (statement of reasons " << (*taken)->id << ")";
    std::cout << "\n";
    return 0;
}

} // namespace agora::moderation
