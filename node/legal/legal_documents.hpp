// Publishing a version of the terms of service or of the privacy policy (checked, rendered once,
// never changed afterwards), and which version is in effect on a given day.
#pragma once

#include "store/legal_documents_repo.hpp"

#include <expected>
#include <optional>
#include <string>

namespace agora::store {
class Connection;
}

namespace agora::legal {

// The largest Markdown source accepted, and the longest summary of changes.
constexpr std::size_t max_source_bytes = 256 * 1024;
constexpr std::size_t max_summary_bytes = 2000;

struct NewVersion {
    std::string kind; // terms, privacy
    std::string source;
    std::string effective_date; // YYYY-MM-DD
    std::string summary;
};

// Today's date in UTC, YYYY-MM-DD.
std::string today_utc();
// True for a real calendar date written YYYY-MM-DD.
bool is_calendar_date(const std::string& text);

// Checks and stores a new version (the caller commits): the kind is known, the date is a date
// later than every version of that kind already published (history is not rewritten), the text
// is neither empty nor too long. The message says what is wrong otherwise.
std::expected<store::LegalDocument, std::string> publish(store::Connection& conn,
                                                         const NewVersion& version);

// The terms version in effect today, if any.
std::optional<store::LegalDocument> terms_in_effect(store::Connection& conn);

} // namespace agora::legal
