// Instance rules as admins write them (the CLI and the admin API): checked in one place.
#pragma once

#include "store/rules_repo.hpp"

#include <expected>
#include <optional>
#include <string>

namespace agora::legal {

// Mastodon's limit on a rule's text; the hint (an explanation) may be longer.
constexpr std::size_t max_rule_text_chars = 300;
constexpr std::size_t max_rule_hint_chars = 2000;

// A message for a 422 (or the CLI) when the text or hint is not acceptable.
std::optional<std::string> check_rule(const std::string& text, const std::string& hint);

// Checks and appends a rule after the others (the caller commits).
std::expected<store::RuleRow, std::string>
add_rule(store::Connection& conn, const std::string& text, const std::string& hint);

} // namespace agora::legal
