// Direct conversations kept in step with the direct statuses posted and deleted.
#include "statuses/conversations.hpp"

#include "store/accounts_repo.hpp"
#include "store/conversations_repo.hpp"
#include "store/database.hpp"
#include "store/events_repo.hpp"
#include "store/relationships_repo.hpp"
#include "util/time.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace agora {

namespace {
void conversation_updated(store::Connection& conn, std::int64_t conversation_id,
                          std::int64_t account_id) {
    store::insert_event(
        conn, "conversation.updated",
        nlohmann::json{{"conversation_id", conversation_id}, {"account_id", account_id}}.dump());
}
} // namespace

void record_direct_status(store::Connection& conn, const Status& status,
                          const std::vector<std::int64_t>& mentioned_ids) {
    if (status.visibility != Visibility::direct) return;
    // Everyone in it: the author and whoever is mentioned; each sees the others.
    std::vector<std::int64_t> everyone = mentioned_ids;
    everyone.push_back(status.account_id);
    std::sort(everyone.begin(), everyone.end());
    everyone.erase(std::unique(everyone.begin(), everyone.end()), everyone.end());
    auto now = now_unix_ms();
    for (auto member : everyone) {
        bool author = member == status.account_id;
        if (author && !status.local) continue; // a remote author keeps no conversations here
        if (!author && store::blocked_either_way(conn, member, status.account_id)) continue;
        if (auto account = store::find_account(conn, member); !account || !account->local())
            continue; // conversations are kept for local accounts only
        std::vector<std::int64_t> others;
        std::copy_if(everyone.begin(), everyone.end(), std::back_inserter(others),
                     [&](std::int64_t id) { return id != member; });
        auto id = store::add_status_to_conversation(conn, member, others, status.id, !author, now);
        conversation_updated(conn, id, member);
    }
}

void update_conversations_after_delete(store::Connection& conn) {
    for (const auto& c : store::repair_conversations(conn))
        conversation_updated(conn, c.id, c.account_id);
}

void mark_conversation_read(store::Connection& conn, std::int64_t conversation_id,
                            std::int64_t account_id) {
    store::mark_conversation_read(conn, conversation_id);
    conversation_updated(conn, conversation_id, account_id);
}

} // namespace agora
