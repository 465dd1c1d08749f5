// Where activities go: the remote inboxes an activity must be POSTed to, each once, worked out
// from the follows and accounts rows as Mastodon works out a status's reach.
#include "federation/ap_recipients.hpp"

#include "store/audience_repo.hpp"

namespace agora::federation {

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
