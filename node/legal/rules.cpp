// Instance rules: checks and creation.
#include "legal/rules.hpp"

#include "util/ids.hpp"
#include "util/time.hpp"

namespace agora::legal {

namespace {
std::size_t utf8_chars(const std::string& text) {
    std::size_t n = 0;
    for (unsigned char c : text)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}
} // namespace

std::optional<std::string> check_rule(const std::string& text, const std::string& hint) {
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) return "Text can't be blank";
    if (utf8_chars(text) > max_rule_text_chars)
        return "Text is too long (maximum is " + std::to_string(max_rule_text_chars) +
               " characters)";
    if (utf8_chars(hint) > max_rule_hint_chars)
        return "Hint is too long (maximum is " + std::to_string(max_rule_hint_chars) +
               " characters)";
    return std::nullopt;
}

std::expected<store::RuleRow, std::string>
add_rule(store::Connection& conn, const std::string& text, const std::string& hint) {
    if (auto error = check_rule(text, hint)) return std::unexpected(*error);
    store::RuleRow row;
    row.id = next_id();
    row.text = text;
    row.hint = hint;
    row.created_at = row.updated_at = id_time_ms(row.id);
    row.position = store::append_rule(conn, row);
    return row;
}

} // namespace agora::legal
