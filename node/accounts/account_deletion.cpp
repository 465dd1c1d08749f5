// A local account deleted: everything it owns removed in one transaction, its row kept as gone.
#include "accounts/account_deletion.hpp"

#include "config/config.hpp"
#include "statuses/conversations.hpp"
#include "statuses/status_deleted_event.hpp"
#include "store/account_deletion_repo.hpp"
#include "store/accounts_repo.hpp"
#include "store/actor_lifecycle_repo.hpp"
#include "store/database.hpp"
#include "store/events_repo.hpp"
#include "store/statements_repo.hpp"
#include "store/statuses_repo.hpp"
#include "util/log.hpp"
#include "util/time.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>

namespace agora {

std::expected<void, DeletionError>
delete_local_account(store::Database& db, std::int64_t account_id, std::optional<std::int64_t> by) {
    auto conn = db.acquire();
    store::Transaction tx(*conn);
    auto account = store::find_account(*conn, account_id);
    if (!account || !account->local() || store::is_account_gone(*conn, account_id))
        return std::unexpected(DeletionError{404, "Record not found"});
    if (auto user = store::find_user(*conn, account_id);
        user && user->role == Role::admin && store::other_admins(*conn, account_id) == 0)
        return std::unexpected(DeletionError{422, "The last admin account cannot be deleted"});
    auto now = now_unix_ms();
    auto files = store::account_file_paths(*conn, account_id);
    // Its statuses (boosts included) through the status code: counters, the boosts of them,
    // and the status.deleted events timelines and streaming read, none of them delivered.
    for (;;) {
        auto ids = store::status_ids_of_account(*conn, account_id, 500);
        if (ids.empty()) break;
        for (auto id : ids) {
            auto status = store::find_status(*conn, id);
            if (!status) continue;
            write_status_deleted_event(*conn, *status, false);
            store::delete_status(*conn, id);
        }
    }
    update_conversations_after_delete(*conn);
    store::purge_account_rows(*conn, account_id);
    store::mark_local_account_gone(*conn, account_id, now);
    store::audit(*conn, by, "account.delete", "account", account_id, account->username,
                 by ? "" : "by the member or the command line");
    store::insert_event(*conn, "account.deleted",
                        nlohmann::json{{"account_id", account_id},
                                       {"username", account->username},
                                       {"files", files}}
                            .dump());
    tx.commit();
    log::info("account " + account->username + " deleted");
    return {};
}

void remove_deleted_account_files(const Config& config, const store::Event& event) {
    if (event.kind != "account.deleted") return;
    auto payload = nlohmann::json::parse(event.payload, nullptr, false);
    if (!payload.is_object() || !payload.contains("files") || !payload["files"].is_array()) return;
    std::filesystem::path root(config.storage.media_dir);
    for (const auto& file : payload["files"]) {
        if (!file.is_string()) continue;
        std::filesystem::path relative(file.get<std::string>());
        // Only what lives under the media folder.
        if (relative.empty() || relative.is_absolute()) continue;
        bool climbs = false;
        for (const auto& part : relative)
            climbs = climbs || part == "..";
        if (climbs) continue;
        std::error_code ec;
        std::filesystem::remove(root / relative, ec);
    }
}

} // namespace agora
