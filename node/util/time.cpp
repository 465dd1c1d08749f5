// Wall-clock helpers: unix milliseconds and the ISO 8601 / HTTP date forms the protocols use.
#include "util/time.hpp"

#include <algorithm>
#include <chrono>

namespace agora {

std::int64_t now_unix_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

namespace {

// The proleptic Gregorian date of a day counted from 1970-01-01 (Howard Hinnant's civil_from_days).
struct Date {
    std::int64_t year;
    int month, day;
};
Date civil_from_days(std::int64_t days) {
    days += 719468;
    std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    auto day_of_era = days - era * 146097;
    auto year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    auto day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    auto mp = (5 * day_of_year + 2) / 153;
    int day = int(day_of_year - (153 * mp + 2) / 5 + 1);
    int month = int(mp < 10 ? mp + 3 : mp - 9);
    return {year_of_era + era * 400 + (month <= 2), month, day};
}

// Floor division: instants before 1970 belong to the day before.
std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

void put_digits(char* at, std::int64_t value, int width) {
    for (int i = width - 1; i >= 0; --i, value /= 10)
        at[i] = char('0' + value % 10);
}

// "YYYY-MM-DDT" into `out` (years 0 to 9999, as the formats allow).
void put_date(char* out, std::int64_t unix_ms) {
    auto date = civil_from_days(floor_div(unix_ms, 86'400'000));
    put_digits(out, std::clamp<std::int64_t>(date.year, 0, 9999), 4);
    out[4] = '-';
    put_digits(out + 5, date.month, 2);
    out[7] = '-';
    put_digits(out + 8, date.day, 2);
    out[10] = 'T';
}

} // namespace

std::string iso8601(std::int64_t unix_ms) {
    char out[24];
    put_date(out, unix_ms);
    auto ms_of_day = unix_ms - floor_div(unix_ms, 86'400'000) * 86'400'000;
    put_digits(out + 11, ms_of_day / 3'600'000, 2);
    out[13] = ':';
    put_digits(out + 14, ms_of_day / 60'000 % 60, 2);
    out[16] = ':';
    put_digits(out + 17, ms_of_day / 1000 % 60, 2);
    out[19] = '.';
    put_digits(out + 20, ms_of_day % 1000, 3);
    return std::string(out, 23) + 'Z';
}

std::string iso8601_day(std::int64_t unix_ms) {
    char out[11];
    put_date(out, unix_ms);
    return std::string(out, 11) + "00:00:00Z";
}

} // namespace agora
