// Where activities go: the remote inboxes an activity must be POSTed to, each once, worked out
// from the follows and accounts rows as Mastodon works out a status's reach.
#include "federation/ap_recipients.hpp"

#include "store/accounts_repo.hpp"
#include "store/audience_repo.hpp"
#include "store/statuses_repo.hpp"

namespace agora::federation {

Reach status_reach(store::Connection& conn, const Status& status) {
    Reach reach;
    if (status.reblog_of_id) {
        reach.followers_of.push_back(status.account_id);
        if (auto original = store::find_status(conn, *status.reblog_of_id))
            reach.accounts.push_back(original->account_id);
        return reach;
    }
    if (status.visibility != Visibility::direct) reach.followers_of.push_back(status.account_id);
    reach.accounts = store::mentioned_account_ids(conn, status.id);
    bool distributable =
        status.visibility == Visibility::public_ || status.visibility == Visibility::unlisted;
    if (!distributable) return reach;
    if (status.in_reply_to_account_id) {
        reach.accounts.push_back(*status.in_reply_to_account_id);
        auto replied_to = store::find_account(conn, *status.in_reply_to_account_id);
        if (replied_to && replied_to->local())
            reach.followers_of.push_back(*status.in_reply_to_account_id);
    }
    for (auto id : store::status_interactor_ids(conn, status.id))
        reach.accounts.push_back(id);
    return reach;
}

Reach profile_reach(std::int64_t account_id) {
    return {{account_id}, {}};
}

Reach account_deletion_reach(store::Connection& conn, std::int64_t account_id) {
    return {{}, store::follow_partner_ids(conn, account_id)};
}

std::vector<std::string> inbox_urls(store::Connection& conn, const Reach& reach) {
    return store::remote_inbox_urls(conn, reach.followers_of, reach.accounts);
}

std::optional<std::string> inbox_of(store::Connection& conn, std::int64_t account_id) {
    return store::personal_inbox_url(conn, account_id);
}

} // namespace agora::federation
