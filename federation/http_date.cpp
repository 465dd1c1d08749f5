// HTTP dates (RFC 9110 section 5.6.7): the `Date` header that draft-cavage signatures cover.
#include "federation/http_date.hpp"

#include <array>
#include <cstdio>
#include <ctime>

namespace agora::federation {

namespace {

constexpr std::array<std::string_view, 7> day_names = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
constexpr std::array<std::string_view, 7> long_day_names = {
    "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
constexpr std::array<std::string_view, 12> month_names = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// A small cursor over the text: every reader consumes exactly what it matched or fails.
struct Reader {
    std::string_view text;
    bool failed = false;

    bool literal(std::string_view expected) {
        if (failed || !text.starts_with(expected)) return failed = true, false;
        text.remove_prefix(expected.size());
        return true;
    }
    // Exactly `count` digits (leading spaces allowed where `space_padded`, as asctime pads days).
    int digits(int count, bool space_padded = false) {
        if (failed || text.size() < std::size_t(count)) return failed = true, 0;
        int value = 0;
        for (int i = 0; i < count; ++i) {
            char c = text[std::size_t(i)];
            if (c == ' ' && space_padded && i == 0) continue;
            if (c < '0' || c > '9') return failed = true, 0;
            value = value * 10 + (c - '0');
        }
        text.remove_prefix(std::size_t(count));
        return value;
    }
    template <std::size_t N>
    int name(const std::array<std::string_view, N>& names) {
        for (std::size_t i = 0; i < N && !failed; ++i)
            if (text.starts_with(names[i])) {
                text.remove_prefix(names[i].size());
                return int(i);
            }
        failed = true;
        return 0;
    }
};

bool is_leap(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

std::optional<std::int64_t> to_unix(int year, int month, int day, int hour, int minute,
                                    int second) {
    static constexpr int month_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (year < 1970 || month < 0 || month > 11 || day < 1 || hour > 23 || minute > 59 ||
        second > 60)
        return std::nullopt;
    int days_in_month = month_days[month] + (month == 1 && is_leap(year) ? 1 : 0);
    if (day > days_in_month) return std::nullopt;
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = month;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = second;
    return std::int64_t(timegm(&tm));
}

// IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
std::optional<std::int64_t> imf_fixdate(std::string_view text) {
    Reader r{text};
    r.name(day_names);
    r.literal(", ");
    int day = r.digits(2);
    r.literal(" ");
    int month = r.name(month_names);
    r.literal(" ");
    int year = r.digits(4);
    r.literal(" ");
    int hour = r.digits(2);
    r.literal(":");
    int minute = r.digits(2);
    r.literal(":");
    int second = r.digits(2);
    r.literal(" GMT");
    if (r.failed || !r.text.empty()) return std::nullopt;
    return to_unix(year, month, day, hour, minute, second);
}

// RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT" (two-digit years within 50 years of now: RFC 9110).
std::optional<std::int64_t> rfc850_date(std::string_view text) {
    Reader r{text};
    r.name(long_day_names);
    r.literal(", ");
    int day = r.digits(2);
    r.literal("-");
    int month = r.name(month_names);
    r.literal("-");
    int year = r.digits(2);
    r.literal(" ");
    int hour = r.digits(2);
    r.literal(":");
    int minute = r.digits(2);
    r.literal(":");
    int second = r.digits(2);
    r.literal(" GMT");
    if (r.failed || !r.text.empty()) return std::nullopt;
    std::time_t now = std::time(nullptr);
    std::tm today{};
    gmtime_r(&now, &today);
    int this_year = today.tm_year + 1900;
    int full_year = this_year / 100 * 100 + year;
    if (full_year > this_year + 50) full_year -= 100;
    return to_unix(full_year, month, day, hour, minute, second);
}

// asctime: "Sun Nov  6 08:49:37 1994"
std::optional<std::int64_t> asctime_date(std::string_view text) {
    Reader r{text};
    r.name(day_names);
    r.literal(" ");
    int month = r.name(month_names);
    r.literal(" ");
    int day = r.digits(2, true);
    r.literal(" ");
    int hour = r.digits(2);
    r.literal(":");
    int minute = r.digits(2);
    r.literal(":");
    int second = r.digits(2);
    r.literal(" ");
    int year = r.digits(4);
    if (r.failed || !r.text.empty()) return std::nullopt;
    return to_unix(year, month, day, hour, minute, second);
}

} // namespace

std::string format_http_date(std::int64_t unix_seconds) {
    std::time_t seconds = std::time_t(unix_seconds);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char out[40];
    std::snprintf(out, sizeof out, "%s, %02d %s %04d %02d:%02d:%02d GMT",
                  day_names[std::size_t(tm.tm_wday)].data(), tm.tm_mday,
                  month_names[std::size_t(tm.tm_mon)].data(), tm.tm_year + 1900, tm.tm_hour,
                  tm.tm_min, tm.tm_sec);
    return out;
}

std::optional<std::int64_t> parse_http_date(std::string_view text) {
    if (auto t = imf_fixdate(text)) return t;
    if (auto t = rfc850_date(text)) return t;
    return asctime_date(text);
}

} // namespace agora::federation
