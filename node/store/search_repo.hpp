// Search over accounts and statuses as a reader may see them: the SQL behind /api/v2/search and
// /api/v1/accounts/search. Portable LIKE matching, no external index.
#pragma once

#include "model/account.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agora::store {

class Connection;

struct AccountSearch {
    // Matched case-insensitively (ASCII) against the start of the username or of any word of the
    // display name.
    std::string term;
    // When set, only accounts of a domain starting with this, by username only.
    std::optional<std::string> domain;
    // A signed-in reader: accounts blocking them or blocked by them are left out, and accounts
    // they follow or are followed by come first.
    std::optional<std::int64_t> viewer;
    bool following = false; // only the viewer and the accounts they follow
    int limit = 20;
    int offset = 0;
};
// Local accounts awaiting approval are never found. Order: the viewer's relations, then username
// matches before display-name matches, shorter usernames first.
std::vector<Account> search_accounts(Connection& conn, const AccountSearch& search);

// Whether a search may show `account` to `viewer`: approved if local, no block either way.
bool account_searchable(Connection& conn, const Account& account,
                        std::optional<std::int64_t> viewer);

// A known remote account by its handle (case-insensitive).
std::optional<Account> find_remote_account(Connection& conn, std::string_view username,
                                           std::string_view domain);

struct StatusSearch {
    std::int64_t viewer = 0;
    std::vector<std::string> terms; // each must appear in the text (ASCII case-insensitive)
    std::optional<std::int64_t> account_id, max_id, min_id;
    int limit = 20;
    int offset = 0;
};
// Ids of the statuses (boosts aside) the viewer wrote, favourited, bookmarked or is mentioned in
// whose source text (or content, for statuses without one) and content warning hold every term,
// newest first. Only what the viewer may see (can_see's rule, written in SQL so that pages stay
// full); authors blocking or blocked by the viewer, or muted by them, are left out. The caller
// still asks can_see of each.
std::vector<std::int64_t> search_status_ids(Connection& conn, const StatusSearch& search);

// `text` with ASCII letters lowered, as SQLite's lower() does.
std::string ascii_lower(std::string_view text);
// `text` with LIKE's wildcards and the escape character escaped, for `LIKE ? ESCAPE '\'`.
std::string like_escaped(std::string_view text);

} // namespace agora::store
