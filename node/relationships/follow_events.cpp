// The events relationship changes leave for federation, in the vocabulary its delivery reads.
#include "relationships/follow_events.hpp"

#include "store/events_repo.hpp"

#include <nlohmann/json.hpp>

namespace agora {

namespace {
using nlohmann::json;

json optional_text(const std::optional<std::string>& text) {
    return text ? json(*text) : json(nullptr);
}

void write(store::Connection& conn, const char* kind, const json& payload) {
    store::insert_event(conn, kind, payload.dump());
}
} // namespace

void write_follow_requested(store::Connection& conn, std::int64_t request_id,
                            std::int64_t account_id, std::int64_t target_id,
                            const std::optional<std::string>& follow_uri) {
    write(conn, "follow.requested",
          {{"request_id", request_id},
           {"account_id", account_id},
           {"target_account_id", target_id},
           {"follow_uri", optional_text(follow_uri)}});
}

void write_follow_undone(store::Connection& conn, std::int64_t account_id, std::int64_t target_id,
                         const store::FollowRecord& follow) {
    write(conn, "follow.undone",
          {{"account_id", account_id},
           {"target_account_id", target_id},
           {"follow_uri", optional_text(follow.uri)},
           {"follow_id", follow.id}});
}

void write_follow_accepted(store::Connection& conn, std::int64_t follow_id, std::int64_t account_id,
                           std::int64_t target_id, const std::optional<std::string>& follow_uri) {
    write(conn, "follow.accepted",
          {{"follow_id", follow_id},
           {"account_id", account_id},
           {"target_account_id", target_id},
           {"follow_uri", optional_text(follow_uri)}});
}

void write_follow_rejected(store::Connection& conn, std::int64_t account_id, std::int64_t target_id,
                           const store::FollowRecord& follow) {
    write(conn, "follow.rejected",
          {{"account_id", account_id},
           {"target_account_id", target_id},
           {"follow_uri", optional_text(follow.uri)},
           {"follow_id", follow.id}});
}

void write_block_event(store::Connection& conn, const char* kind, std::int64_t block_id,
                       std::int64_t account_id, std::int64_t target_id) {
    write(conn, kind,
          {{"block_id", block_id}, {"account_id", account_id}, {"target_account_id", target_id}});
}

} // namespace agora
