// The transparency report as an HTML fragment (tables, no script), in French or English: the
// public page /about/transparency and `agora admin transparency-report --format html`.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace agora::moderation {

std::string transparency_html(const nlohmann::json& report, bool french);

} // namespace agora::moderation
