// Keyset pages of ids: the one reader behind the lists that show ids paged by their rows' own ids.
#include "store/id_pages.hpp"

#include "store/database.hpp"

#include <algorithm>
#include <limits>
#include <string>

namespace agora::store {

IdPage read_id_page(Connection& conn, const IdListing& listing, std::int64_t owner,
                    const PageQuery& page) {
    // min_id asks for the rows just above it: read upwards, then turn the page newest first.
    bool ascending = page.min_id.has_value();
    std::int64_t upper = page.max_id.value_or(std::numeric_limits<std::int64_t>::max());
    std::int64_t lower = page.min_id.value_or(page.since_id.value_or(0));
    std::string sql = "SELECT " + std::string(listing.shown_column) + ", id FROM " +
                      std::string(listing.table) + " WHERE " + std::string(listing.owner_column) +
                      " = ? AND id < ? AND id > ? ORDER BY id " + (ascending ? "ASC" : "DESC") +
                      " LIMIT ?";
    auto st = conn.query(sql, owner, upper, lower, page.limit);
    IdPage out;
    while (st.step()) {
        out.ids.push_back(st.int64(0));
        out.cursors.push_back(st.int64(1));
    }
    if (ascending) {
        std::reverse(out.ids.begin(), out.ids.end());
        std::reverse(out.cursors.begin(), out.cursors.end());
    }
    return out;
}

} // namespace agora::store
