// Publishing terms and privacy policy versions; the version in effect.
#include "legal/legal_documents.hpp"

#include "legal/markdown.hpp"
#include "util/ids.hpp"
#include "util/time.hpp"

#include <chrono>

namespace agora::legal {

std::string today_utc() {
    return iso8601_day(now_unix_ms()).substr(0, 10);
}

bool is_calendar_date(const std::string& text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (text[i] < '0' || text[i] > '9') return false;
    int year = std::stoi(text.substr(0, 4));
    unsigned month = unsigned(std::stoi(text.substr(5, 2)));
    unsigned day = unsigned(std::stoi(text.substr(8, 2)));
    return year >= 1970 &&
           std::chrono::year_month_day{std::chrono::year{year}, std::chrono::month{month},
                                       std::chrono::day{day}}
               .ok();
}

std::expected<store::LegalDocument, std::string> publish(store::Connection& conn,
                                                         const NewVersion& v) {
    if (v.kind != "terms" && v.kind != "privacy") return std::unexpected("unknown document kind");
    if (!is_calendar_date(v.effective_date))
        return std::unexpected("the effective date must be a date written YYYY-MM-DD");
    if (v.source.find_first_not_of(" \t\r\n") == std::string::npos)
        return std::unexpected("the text is empty");
    if (v.source.size() > max_source_bytes)
        return std::unexpected("the text is too long (at most " +
                               std::to_string(max_source_bytes / 1024) + " KiB)");
    if (v.summary.size() > max_summary_bytes)
        return std::unexpected("the summary is too long (at most " +
                               std::to_string(max_summary_bytes) + " bytes)");
    auto versions = store::list_legal_documents(conn, v.kind);
    if (!versions.empty() && versions.front().effective_date >= v.effective_date)
        return std::unexpected("the effective date must be after that of the latest version (" +
                               versions.front().effective_date + ")");
    store::LegalDocument doc;
    doc.id = next_id();
    doc.kind = v.kind;
    doc.effective_date = v.effective_date;
    doc.summary = v.summary;
    doc.source = v.source;
    doc.html = markdown_to_safe_html(v.source);
    doc.published_at = now_unix_ms();
    store::insert_legal_document(conn, doc);
    return doc;
}

std::optional<store::LegalDocument> terms_in_effect(store::Connection& conn) {
    return store::legal_document_in_effect(conn, "terms", today_utc());
}

} // namespace agora::legal
