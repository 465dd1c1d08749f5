// Polls and their votes: one place for their SQL.
#include "store/polls_repo.hpp"

#include "store/database.hpp"
#include "store/json_columns.hpp"
#include "util/ids.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace agora::store {

namespace {
constexpr const char* poll_columns =
    "id, status_id, options, multiple, hide_totals, expires_at, votes_count, voters_count, "
    "notified_at, created_at, remote_counts";

std::optional<std::int64_t> optional_int(const Statement& st, int column) {
    if (st.is_null(column)) return std::nullopt;
    return st.int64(column);
}

// remote_counts: a JSON array of non-negative integers.
std::vector<std::int64_t> read_count_list(const std::string& text) {
    std::vector<std::int64_t> out;
    auto parsed = nlohmann::json::parse(text, nullptr, false);
    if (!parsed.is_array()) return out;
    for (const auto& item : parsed)
        out.push_back(item.is_number_integer() ? std::max<std::int64_t>(0, item.get<std::int64_t>())
                                               : 0);
    return out;
}

std::string write_count_list(const std::vector<std::int64_t>& counts) {
    return nlohmann::json(counts).dump();
}

std::optional<std::vector<std::int64_t>> remote_counts(Connection& conn, std::int64_t poll_id) {
    auto st = conn.query(
        "SELECT remote_counts FROM polls WHERE id = ? AND remote_counts IS NOT NULL", poll_id);
    if (!st.step()) return std::nullopt;
    return read_count_list(st.text(0));
}

Poll read_poll(const Statement& st) {
    Poll p;
    p.id = st.int64(0);
    p.status_id = st.int64(1);
    p.options = read_string_list(st.text(2));
    p.multiple = st.boolean(3);
    p.hide_totals = st.boolean(4);
    p.expires_at = optional_int(st, 5);
    p.votes_count = st.int64(6);
    p.voters_count = st.int64(7);
    p.notified_at = optional_int(st, 8);
    p.created_at = st.int64(9);
    if (!st.is_null(10)) p.remote_counts = read_count_list(st.text(10));
    return p;
}
} // namespace

void insert_poll(Connection& conn, const Poll& p) {
    conn.query("INSERT INTO polls (id, status_id, options, multiple, hide_totals, expires_at, "
               "votes_count, voters_count, notified_at, created_at) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               p.id, p.status_id, write_string_list(p.options), p.multiple, p.hide_totals,
               p.expires_at, p.votes_count, p.voters_count, p.notified_at, p.created_at)
        .run();
}

std::optional<Poll> find_poll(Connection& conn, std::int64_t id) {
    auto st = conn.query(std::string("SELECT ") + poll_columns + " FROM polls WHERE id = ?", id);
    if (!st.step()) return std::nullopt;
    return read_poll(st);
}

std::optional<Poll> find_poll_of_status(Connection& conn, std::int64_t status_id) {
    auto found = find_polls_of_statuses(conn, std::vector<std::int64_t>{status_id});
    if (found.empty()) return std::nullopt;
    return std::move(found.begin()->second);
}

std::unordered_map<std::int64_t, Poll>
find_polls_of_statuses(Connection& conn, const std::vector<std::int64_t>& status_ids) {
    std::unordered_map<std::int64_t, Poll> out;
    if (status_ids.empty()) return out;
    auto st = query_in(conn,
                       std::string("SELECT ") + poll_columns +
                           " FROM {id_rows} JOIN polls ON status_id = ids.listed_id",
                       status_ids);
    while (st.step()) {
        auto poll = read_poll(st);
        out.emplace(poll.status_id, std::move(poll));
    }
    return out;
}

void update_poll(Connection& conn, const Poll& p, bool reset_votes) {
    conn.query("UPDATE polls SET options = ?, multiple = ?, hide_totals = ?, expires_at = ?, "
               "notified_at = NULL WHERE id = ?",
               write_string_list(p.options), p.multiple, p.hide_totals, p.expires_at, p.id)
        .run();
    if (!reset_votes) return;
    conn.query("DELETE FROM poll_votes WHERE poll_id = ?", p.id).run();
    conn.query("UPDATE polls SET votes_count = 0, voters_count = 0 WHERE id = ?", p.id).run();
}

void delete_poll(Connection& conn, const Poll& p) {
    conn.query("DELETE FROM notifications WHERE status_id = ? AND type = 'poll'", p.status_id)
        .run();
    conn.query("DELETE FROM polls WHERE id = ?", p.id).run(); // votes go with it
}

std::unordered_map<std::int64_t, PollTally> poll_tallies(Connection& conn,
                                                         const std::vector<const Poll*>& polls,
                                                         std::optional<std::int64_t> viewer) {
    std::unordered_map<std::int64_t, PollTally> out;
    std::vector<std::int64_t> ids;
    for (const Poll* p : polls) {
        out[p->id].option_counts.assign(p->options.size(), 0);
        ids.push_back(p->id);
    }
    if (ids.empty()) return out;
    auto st =
        query_in(conn,
                 "SELECT poll_id, choice, COUNT(*) FROM {id_rows} JOIN poll_votes ON poll_id = "
                 "ids.listed_id "
                 "GROUP BY poll_id, choice",
                 ids);
    while (st.step()) {
        auto& counts = out[st.int64(0)].option_counts;
        auto choice = st.int64(1);
        if (choice >= 0 && choice < std::int64_t(counts.size())) counts[choice] = st.int64(2);
    }
    // Remote polls: their server's counts (local votes included as they are cast).
    for (const Poll* p : polls) {
        if (!p->remote_counts) continue;
        auto& counts = out[p->id].option_counts;
        for (std::size_t i = 0; i < counts.size(); ++i)
            counts[i] = i < p->remote_counts->size() ? (*p->remote_counts)[i] : 0;
    }
    if (!viewer) return out;
    auto own = query_in(conn,
                        "SELECT poll_id, choice FROM {id_rows} JOIN poll_votes ON poll_id = "
                        "ids.listed_id WHERE account_id = ?1 ORDER BY id",
                        ids, {*viewer});
    while (own.step())
        out[own.int64(0)].own_votes.push_back(int(own.int64(1)));
    return out;
}

std::vector<int> own_votes(Connection& conn, std::int64_t poll_id, std::int64_t account_id) {
    std::vector<int> out;
    auto st =
        conn.query("SELECT choice FROM poll_votes WHERE poll_id = ? AND account_id = ? ORDER BY id",
                   poll_id, account_id);
    while (st.step())
        out.push_back(int(st.int64(0)));
    return out;
}

std::vector<VoteRow> list_vote_rows(Connection& conn, std::int64_t poll_id,
                                    std::int64_t account_id) {
    std::vector<VoteRow> out;
    auto st = conn.query(
        "SELECT id, choice FROM poll_votes WHERE poll_id = ? AND account_id = ? ORDER BY id",
        poll_id, account_id);
    while (st.step())
        out.push_back({st.int64(0), int(st.int64(1))});
    return out;
}

void insert_votes(Connection& conn, std::int64_t poll_id, std::int64_t account_id,
                  const std::vector<int>& choices, bool new_voter, std::int64_t now) {
    if (auto remote = remote_counts(conn, poll_id)) { // a remote poll: counted until its update
        for (int choice : choices) {
            if (choice < 0) continue;
            if (std::size_t(choice) >= remote->size()) remote->resize(std::size_t(choice) + 1, 0);
            ++(*remote)[std::size_t(choice)];
        }
        conn.query("UPDATE polls SET remote_counts = ? WHERE id = ?", write_count_list(*remote),
                   poll_id)
            .run();
    }
    for (int choice : choices)
        conn.query("INSERT INTO poll_votes (id, poll_id, account_id, choice, created_at) VALUES "
                   "(?, ?, ?, ?, ?)",
                   next_id(), poll_id, account_id, choice, now)
            .run();
    conn.query("UPDATE polls SET votes_count = votes_count + ?, voters_count = voters_count + ? "
               "WHERE id = ?",
               std::int64_t(choices.size()), new_voter ? 1 : 0, poll_id)
        .run();
}

void set_remote_poll_counts(Connection& conn, std::int64_t poll_id,
                            const std::vector<std::int64_t>& option_counts,
                            std::int64_t voters_count) {
    std::int64_t votes = 0;
    for (auto count : option_counts)
        votes += count;
    conn.query("UPDATE polls SET remote_counts = ?, votes_count = ?, voters_count = ? WHERE id = ?",
               write_count_list(option_counts), votes, voters_count, poll_id)
        .run();
}

std::vector<std::int64_t> local_voter_ids(Connection& conn, std::int64_t poll_id) {
    std::vector<std::int64_t> out;
    auto st = conn.query("SELECT DISTINCT v.account_id FROM poll_votes v JOIN accounts a ON a.id = "
                         "v.account_id WHERE v.poll_id = ? AND a.domain IS NULL ORDER BY "
                         "v.account_id",
                         poll_id);
    while (st.step())
        out.push_back(st.int64(0));
    return out;
}

std::vector<std::int64_t> voter_ids(Connection& conn, std::int64_t poll_id) {
    std::vector<std::int64_t> out;
    auto st = conn.query(
        "SELECT DISTINCT account_id FROM poll_votes WHERE poll_id = ? ORDER BY account_id",
        poll_id);
    while (st.step())
        out.push_back(st.int64(0));
    return out;
}

std::vector<std::int64_t> local_open_polls_voted_since(Connection& conn, std::int64_t since,
                                                       std::int64_t now) {
    std::vector<std::int64_t> out;
    auto st = conn.query("SELECT p.id FROM polls p JOIN statuses s ON s.id = p.status_id "
                         "WHERE s.local = 1 AND (p.expires_at IS NULL OR p.expires_at > ?) AND "
                         "EXISTS (SELECT 1 FROM poll_votes v WHERE v.poll_id = p.id AND "
                         "v.created_at > ?) ORDER BY p.id",
                         now, since);
    while (st.step())
        out.push_back(st.int64(0));
    return out;
}

std::vector<Poll> unannounced_expired_polls(Connection& conn, std::int64_t after,
                                            std::int64_t until, int limit) {
    std::vector<Poll> out;
    auto st = conn.query(std::string("SELECT ") + poll_columns +
                             " FROM polls WHERE expires_at > ? AND expires_at <= ? AND "
                             "notified_at IS NULL ORDER BY expires_at LIMIT ?",
                         after, until, limit);
    while (st.step())
        out.push_back(read_poll(st));
    return out;
}

bool mark_poll_announced(Connection& conn, std::int64_t poll_id, std::int64_t now) {
    conn.query("UPDATE polls SET notified_at = ? WHERE id = ? AND notified_at IS NULL", now,
               poll_id)
        .run();
    return conn.changes() > 0;
}

} // namespace agora::store
