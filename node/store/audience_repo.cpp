// Who federation reaches and how: actor ids and inboxes of accounts, the inboxes of followers, the
// accounts that interacted with a status, and so a status's reach. One place for that SQL.
#include "store/audience_repo.hpp"

#include "store/accounts_repo.hpp"
#include "store/database.hpp"
#include "store/statuses_repo.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>

namespace agora::store {

namespace {
// An account's inbox for shared delivery: the shared inbox, else its own (empty counts as none).
constexpr const char* shared_first =
    "COALESCE(NULLIF(a.shared_inbox_url, ''), NULLIF(a.inbox_url, ''))";

std::vector<std::int64_t> read_ids(Statement st) {
    std::vector<std::int64_t> out;
    while (st.step())
        out.push_back(st.int64(0));
    return out;
}

void add_urls(Statement st, std::set<std::string>& urls) {
    while (st.step())
        if (!st.is_null(0)) urls.insert(st.text(0));
}
} // namespace

std::vector<ActorAddress> find_actor_addresses(Connection& conn,
                                               const std::vector<std::int64_t>& ids) {
    std::vector<ActorAddress> out;
    if (ids.empty()) return out;
    std::unordered_map<std::int64_t, ActorAddress> found;
    auto st = query_in(conn,
                       "SELECT a.id, a.username, a.domain, a.uri, a.inbox_url, a.shared_inbox_url "
                       "FROM accounts a WHERE a.id IN {ids}",
                       ids);
    while (st.step())
        found[st.int64(0)] = {st.int64(0),         st.text(1),          st.optional_text(2),
                              st.optional_text(3), st.optional_text(4), st.optional_text(5)};
    for (auto id : ids) {
        auto it = found.find(id);
        if (it == found.end()) continue;
        out.push_back(std::move(it->second));
        found.erase(it);
    }
    return out;
}

Reach status_reach(Connection& conn, const Status& status) {
    Reach reach;
    if (status.reblog_of_id) {
        reach.followers_of.push_back(status.account_id);
        if (auto original = find_status(conn, *status.reblog_of_id))
            reach.accounts.push_back(original->account_id);
        return reach;
    }
    if (status.visibility != Visibility::direct) reach.followers_of.push_back(status.account_id);
    reach.accounts = mentioned_account_ids(conn, status.id);
    bool distributable =
        status.visibility == Visibility::public_ || status.visibility == Visibility::unlisted;
    if (!distributable) return reach;
    if (status.in_reply_to_account_id) {
        reach.accounts.push_back(*status.in_reply_to_account_id);
        auto replied_to = find_account(conn, *status.in_reply_to_account_id);
        if (replied_to && replied_to->local())
            reach.followers_of.push_back(*status.in_reply_to_account_id);
    }
    for (auto id : status_interactor_ids(conn, status.id))
        reach.accounts.push_back(id);
    return reach;
}

std::vector<std::int64_t> status_interactor_ids(Connection& conn, std::int64_t status_id) {
    return read_ids(conn.query("SELECT account_id FROM favourites WHERE status_id = ?1 "
                               "UNION SELECT account_id FROM statuses WHERE reblog_of_id = ?1 "
                               "UNION SELECT account_id FROM statuses WHERE in_reply_to_id = ?1 "
                               "ORDER BY 1",
                               status_id));
}

std::vector<std::int64_t> follow_partner_ids(Connection& conn, std::int64_t account_id) {
    return read_ids(conn.query("SELECT account_id FROM follows WHERE target_account_id = ?1 "
                               "UNION SELECT target_account_id FROM follows WHERE account_id = ?1 "
                               "ORDER BY 1",
                               account_id));
}

std::vector<std::string> remote_inbox_urls(Connection& conn,
                                           const std::vector<std::int64_t>& followers_of,
                                           const std::vector<std::int64_t>& accounts) {
    std::set<std::string> urls;
    if (!followers_of.empty())
        add_urls(query_in(conn,
                          std::string("SELECT DISTINCT ") + shared_first +
                              " FROM follows f JOIN accounts a ON a.id = f.account_id "
                              "WHERE f.target_account_id IN {ids} AND a.domain IS NOT NULL",
                          followers_of),
                 urls);
    if (!accounts.empty())
        add_urls(query_in(conn,
                          std::string("SELECT DISTINCT ") + shared_first +
                              " FROM accounts a WHERE a.id IN {ids} AND a.domain IS NOT NULL",
                          accounts),
                 urls);
    return {urls.begin(), urls.end()};
}

std::optional<std::string> personal_inbox_url(Connection& conn, std::int64_t account_id) {
    auto st = conn.query("SELECT COALESCE(NULLIF(inbox_url, ''), NULLIF(shared_inbox_url, '')) "
                         "FROM accounts WHERE id = ? AND domain IS NOT NULL",
                         account_id);
    if (!st.step() || st.is_null(0)) return std::nullopt;
    return st.text(0);
}

} // namespace agora::store
