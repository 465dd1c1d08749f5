// The options of follows and follow requests: one place for their SQL.
#include "store/follow_options_repo.hpp"

#include "store/database.hpp"

namespace agora::store {

namespace {
const char* table_of(FollowRow row) {
    return row == FollowRow::follow ? "follows" : "follow_requests";
}
} // namespace

std::optional<std::string> languages_column(const std::optional<std::vector<std::string>>& codes) {
    if (!codes) return std::nullopt;
    std::string out;
    for (const auto& code : *codes)
        out += (out.empty() ? "" : ",") + code;
    return out;
}

std::optional<std::vector<std::string>>
languages_of_column(const std::optional<std::string>& text) {
    if (!text) return std::nullopt;
    std::vector<std::string> out;
    std::size_t from = 0;
    while (from < text->size()) {
        auto comma = text->find(',', from);
        if (comma == std::string::npos) comma = text->size();
        if (comma > from) out.push_back(text->substr(from, comma - from));
        from = comma + 1;
    }
    return out;
}

std::optional<FollowOptions> find_follow_options(Connection& conn, FollowRow row,
                                                 std::int64_t follower, std::int64_t target) {
    auto st = conn.query(std::string("SELECT show_reblogs, notify, languages FROM ") +
                             table_of(row) + " WHERE account_id = ? AND target_account_id = ?",
                         follower, target);
    if (!st.step()) return std::nullopt;
    return FollowOptions{st.boolean(0), st.boolean(1), languages_of_column(st.optional_text(2))};
}

void save_follow_options(Connection& conn, FollowRow row, std::int64_t follower,
                         std::int64_t target, const FollowOptions& options) {
    conn.query(std::string("UPDATE ") + table_of(row) +
                   " SET show_reblogs = ?, notify = ?, languages = ? WHERE account_id = ? AND "
                   "target_account_id = ?",
               options.show_reblogs, options.notify, languages_column(options.languages), follower,
               target)
        .run();
}

} // namespace agora::store
