// The transparency report's figures, computed on demand from the kept moderation rows.
#include "moderation/transparency.hpp"

#include "store/database.hpp"
#include "util/time.hpp"

#include <algorithm>
#include <charconv>
#include <vector>

namespace agora::moderation {

namespace {
using nlohmann::json;

constexpr std::int64_t day_ms = 86'400'000;

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(int y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return std::int64_t(era) * 146097 + std::int64_t(doe) - 719468;
}

int year_of(std::int64_t unix_ms) {
    std::int64_t z = unix_ms / day_ms + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
    return int(yoe + era * 400 + (m <= 2));
}

// {key: count} of a "SELECT key, COUNT(*) ... GROUP BY key" query over the period.
json counts_by(store::Connection& conn, const std::string& sql, const Period& p) {
    json out = json::object();
    auto st = conn.query(sql, p.from_ms, p.to_ms);
    while (st.step())
        out[st.is_null(0) ? "none" : st.text(0)] = st.int64(1);
    return out;
}

std::int64_t count_of(store::Connection& conn, const std::string& sql, const Period& p) {
    auto st = conn.query(sql, p.from_ms, p.to_ms);
    return st.step() ? st.int64(0) : 0;
}

json reports_section(store::Connection& conn, const Period& p) {
    const std::string in_period = " FROM reports WHERE created_at >= ?1 AND created_at < ?2";
    json by_subcategory = json::object();
    auto st = conn.query("SELECT category, COALESCE(subcategory, ''), COUNT(*)" + in_period +
                             " GROUP BY category, COALESCE(subcategory, '')",
                         p.from_ms, p.to_ms);
    while (st.step()) {
        if (st.text(1).empty()) continue;
        by_subcategory[st.text(0)][st.text(1)] = st.int64(2);
    }
    return {
        {"total", count_of(conn, "SELECT COUNT(*)" + in_period, p)},
        {"by_category",
         counts_by(conn, "SELECT category, COUNT(*)" + in_period + " GROUP BY category", p)},
        {"by_subcategory", by_subcategory},
        {"by_origin",
         counts_by(conn, "SELECT origin, COUNT(*)" + in_period + " GROUP BY origin", p)},
        {"remote_domains",
         count_of(conn,
                  "SELECT COUNT(DISTINCT origin_domain)" + in_period + " AND origin = 'remote'",
                  p)},
    };
}

// The median, in seconds, from a report's creation to its decision (its first statement, else its
// resolution without action), for the reports decided in the period; null when there are none.
json median_decision_seconds(store::Connection& conn, const Period& p) {
    std::vector<std::int64_t> delays;
    auto st = conn.query(
        "SELECT d.decided_at - d.created_at FROM (SELECT r.created_at, COALESCE((SELECT "
        "MIN(s.created_at) FROM statements s WHERE s.report_id = r.id), r.action_taken_at) AS "
        "decided_at FROM reports r) d WHERE d.decided_at >= ?1 AND d.decided_at < ?2",
        p.from_ms, p.to_ms);
    while (st.step())
        delays.push_back(std::max<std::int64_t>(0, st.int64(0)));
    if (delays.empty()) return nullptr;
    std::sort(delays.begin(), delays.end());
    const auto n = delays.size();
    const std::int64_t median_ms = n % 2 ? delays[n / 2] : (delays[n / 2 - 1] + delays[n / 2]) / 2;
    return median_ms / 1000;
}

json decisions_section(store::Connection& conn, const Period& p) {
    const std::string in_period = " FROM statements WHERE created_at >= ?1 AND created_at < ?2";
    const std::string accounts = "SELECT COUNT(DISTINCT s.account_id) FROM statements s JOIN "
                                 "accounts a ON a.id = s.account_id WHERE s.created_at >= ?1 AND "
                                 "s.created_at < ?2 AND s.action <> 'none' AND a.domain IS ";
    return {
        {"total", count_of(conn, "SELECT COUNT(*)" + in_period, p)},
        {"by_action",
         counts_by(conn, "SELECT action, COUNT(*)" + in_period + " GROUP BY action", p)},
        {"by_ground",
         counts_by(conn, "SELECT ground, COUNT(*)" + in_period + " GROUP BY ground", p)},
        {"automated", count_of(conn, "SELECT COUNT(*)" + in_period + " AND automated <> 0", p)},
        {"not_automated", count_of(conn, "SELECT COUNT(*)" + in_period + " AND automated = 0", p)},
        {"median_seconds_from_report", median_decision_seconds(conn, p)},
        {"accounts_actioned",
         {{"local", count_of(conn, accounts + "NULL", p)},
          {"remote", count_of(conn, accounts + "NOT NULL", p)}}},
    };
}

json appeals_section(store::Connection& conn, const Period& p) {
    const std::string in_period = " FROM appeals WHERE created_at >= ?1 AND created_at < ?2";
    json by_state = counts_by(conn, "SELECT state, COUNT(*)" + in_period + " GROUP BY state", p);
    return {
        {"total", count_of(conn, "SELECT COUNT(*)" + in_period, p)},
        {"approved", by_state.value("approved", 0)},
        {"rejected", by_state.value("rejected", 0)},
        {"pending", by_state.value("pending", 0)},
    };
}

json domain_policies_section(store::Connection& conn, const Period& p) {
    // In force at the end of the period: created before it ends (the table keeps live policies).
    return {
        {"in_force",
         counts_by(conn,
                   "SELECT severity, COUNT(*) FROM domain_policies WHERE ?1 = ?1 AND created_at "
                   "< ?2 GROUP BY severity",
                   p)},
        {"added",
         counts_by(conn,
                   "SELECT severity, COUNT(*) FROM domain_policies WHERE created_at >= ?1 AND "
                   "created_at < ?2 GROUP BY severity",
                   p)},
    };
}
} // namespace

std::optional<std::int64_t> parse_day(std::string_view day) {
    if (day.size() != 10 || day[4] != '-' || day[7] != '-') return std::nullopt;
    auto number = [&](std::size_t at, std::size_t len) -> std::optional<int> {
        int v = 0;
        auto [end, ec] = std::from_chars(day.data() + at, day.data() + at + len, v);
        if (ec != std::errc{} || end != day.data() + at + len) return std::nullopt;
        return v;
    };
    auto y = number(0, 4), m = number(5, 2), d = number(8, 2);
    if (!y || !m || !d || *m < 1 || *m > 12 || *d < 1) return std::nullopt;
    static constexpr int month_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (*y % 4 == 0 && *y % 100 != 0) || *y % 400 == 0;
    if (*d > month_days[*m - 1] || (*m == 2 && *d == 29 && !leap)) return std::nullopt;
    return days_from_civil(*y, unsigned(*m), unsigned(*d)) * day_ms;
}

Period current_year_so_far(std::int64_t now_ms) {
    return {days_from_civil(year_of(now_ms), 1, 1) * day_ms, (now_ms / day_ms + 1) * day_ms};
}

std::expected<Period, std::string> period_of(const std::optional<std::string>& from,
                                             const std::optional<std::string>& to,
                                             std::int64_t now_ms) {
    Period period = current_year_so_far(now_ms);
    if (from) {
        auto day = parse_day(*from);
        if (!day) return std::unexpected("from must be a date YYYY-MM-DD");
        period.from_ms = *day;
    }
    if (to) {
        auto day = parse_day(*to);
        if (!day) return std::unexpected("to must be a date YYYY-MM-DD");
        period.to_ms = *day;
    }
    if (period.from_ms >= period.to_ms) return std::unexpected("from must be before to");
    return period;
}

json transparency_report(store::Connection& conn, const Period& period) {
    return {
        {"period",
         {{"from", iso8601_day(period.from_ms).substr(0, 10)},
          {"to", iso8601_day(period.to_ms).substr(0, 10)}}},
        {"reports", reports_section(conn, period)},
        {"decisions", decisions_section(conn, period)},
        {"appeals", appeals_section(conn, period)},
        {"domain_policies", domain_policies_section(conn, period)},
    };
}

std::vector<int> years_with_data(store::Connection& conn) {
    std::vector<int> years;
    auto st = conn.query("SELECT created_at FROM reports UNION SELECT created_at FROM statements");
    while (st.step())
        years.push_back(year_of(st.int64(0)));
    std::sort(years.begin(), years.end());
    years.erase(std::unique(years.begin(), years.end()), years.end());
    return years;
}

} // namespace agora::moderation
