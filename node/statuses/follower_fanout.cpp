// Home-feed fan-out to the author's local followers, one transaction per slice of followers.
#include "statuses/follower_fanout.hpp"

#include "store/database.hpp"
#include "store/fanout_repo.hpp"
#include "store/notifications_repo.hpp"
#include "store/statuses_repo.hpp"

#include <algorithm>
#include <iterator>
#include <optional>
#include <vector>

namespace agora {

void fill_follower_feeds(store::Connection& conn, std::int64_t status_id) {
    auto status = store::find_status(conn, status_id);
    if (!status || status->visibility == Visibility::direct) return;
    std::optional<Status> original;
    if (status->reblog_of_id) original = store::find_status(conn, *status->reblog_of_id);
    // As Mastodon: followers who asked to be notified hear of new posts, not of boosts nor of
    // replies to someone else.
    bool notifies = !original && (!status->in_reply_to_id ||
                                  status->in_reply_to_account_id == status->account_id);
    std::vector<std::int64_t> to_notify;
    if (notifies) to_notify = store::notified_follower_ids(conn, status->account_id);
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
        // Those of the slice who asked, checked again with the slice's feed rows.
        std::vector<std::int64_t> asked;
        std::set_intersection(slice.begin(), slice.end(), to_notify.begin(), to_notify.end(),
                              std::back_inserter(asked));
        for (auto follower : store::followers_to_notify(conn, *status, asked))
            store::insert_notification(conn, follower, "status", status->account_id, status->id);
        tx.commit();
    }
}

} // namespace agora
