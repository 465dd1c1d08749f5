// Keyset pages of ids: the one reader behind the lists that show ids paged by their rows' own ids
// (favourites, bookmarks, followers, blocks, endorsements...).
#pragma once

#include "store/statuses_repo.hpp"

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace agora::store {

class Connection;

// The ids a list shows, newest row first, each with the id of its row: the cursor a client
// sends back as max_id, since_id or min_id.
struct IdPage {
    std::vector<std::int64_t> ids;
    std::vector<std::int64_t> cursors;
};

// Which rows a list reads: the rows of `table` whose `owner_column` is the list's owner, showing
// their `shown_column`. The table has an `id` column, the rows' order. The names are the code's
// own constants, never input.
struct IdListing {
    std::string_view table;
    std::string_view shown_column;
    std::string_view owner_column;
};

// The rows of `listing` for `owner` with ids in (since_id or min_id, max_id), at most page.limit,
// newest first. With min_id, the rows just above it (then still given newest first).
IdPage read_id_page(Connection& conn, const IdListing& listing, std::int64_t owner,
                    const PageQuery& page);

// The same page in a two-vector struct of the caller's (AccountPage, StatusPage...).
template <typename Page>
Page read_id_page_as(Connection& conn, const IdListing& listing, std::int64_t owner,
                     const PageQuery& page) {
    auto read = read_id_page(conn, listing, owner, page);
    return Page{std::move(read.ids), std::move(read.cursors)};
}

} // namespace agora::store
