// Home-feed fan-out to the author's local followers, one transaction per slice of followers.
#include "statuses/follower_fanout.hpp"

#include "store/database.hpp"
#include "store/fanout_repo.hpp"
#include "store/statuses_repo.hpp"

#include <algorithm>
#include <optional>
#include <vector>

namespace agora {

void fill_follower_feeds(store::Connection& conn, std::int64_t status_id) {
    auto status = store::find_status(conn, status_id);
    if (!status || status->visibility == Visibility::direct) return;
    std::optional<Status> original;
    if (status->reblog_of_id) original = store::find_status(conn, *status->reblog_of_id);
    auto followers = store::local_follower_ids_in_order(conn, status->account_id);
    for (std::size_t from = 0; from < followers.size(); from += fan_out_slice_size) {
        std::vector<std::int64_t> slice(
            followers.begin() + std::ptrdiff_t(from),
            followers.begin() +
                std::ptrdiff_t(std::min(followers.size(), from + fan_out_slice_size)));
        store::Transaction tx(conn);
        if (!store::find_status(conn, status_id)) return; // deleted meanwhile
        // A boost of the follower's own post, or of one they cannot see, is not brought to them.
        if (original)
            store::insert_boost_feed_entries(conn, *status, *original, slice);
        else
            store::insert_follower_feed_entries(conn, *status, slice);
        tx.commit();
    }
}

} // namespace agora
