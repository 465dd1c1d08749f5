// The report categories every report form shows: Mastodon's four (spam, legal, violation, other)
// and the Digital Services Act's statement categories as optional subcategories, with their
// French and English labels (served by GET /api/v1/agora/report_categories).
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string_view>

namespace agora::moderation {

bool is_report_category(std::string_view id);
bool is_report_subcategory(std::string_view id);

// {"categories": [{id, label: {fr, en}}...], "subcategories": [...]}.
nlohmann::json report_categories_document();

} // namespace agora::moderation
