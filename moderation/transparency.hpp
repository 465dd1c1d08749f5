// The transparency report: aggregate moderation figures for a period, no personal data.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace agora::store {
class Connection;
}

namespace agora::moderation {

// A period [from_ms, to_ms) in Unix milliseconds.
struct Period {
    std::int64_t from_ms = 0;
    std::int64_t to_ms = 0;
};

// Unix milliseconds of 00:00 UTC on a "YYYY-MM-DD" day; nullopt for anything else.
std::optional<std::int64_t> parse_day(std::string_view day);

// The current calendar year so far: [1 January 00:00 UTC, tomorrow 00:00 UTC).
Period current_year_so_far(std::int64_t now_ms);

// The period of the optional "YYYY-MM-DD" bounds `from` and `to` (each defaults to the current
// year so far); an error saying why for a bad date or from >= to.
std::expected<Period, std::string> period_of(const std::optional<std::string>& from,
                                             const std::optional<std::string>& to,
                                             std::int64_t now_ms);

// The report for `period`, computed from the kept rows (reports, statements, appeals,
// domain_policies): counts only, never names of people.
nlohmann::json transparency_report(store::Connection& conn, const Period& period);

// Years (oldest first) in which at least one report or statement was made.
std::vector<int> years_with_data(store::Connection& conn);

} // namespace agora::moderation
