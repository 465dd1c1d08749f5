// The report form for everyone, visitors included (GET/POST /report, GET /report/sent), and the
// "Report" link every public post and profile page carries to it.
#pragma once

#include "web/i18n.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace agora {
class Node;
}

namespace agora::web {

void install_report_page(Node& node);

// A link to the form about `account_id` (and `status_id`), in `lang`, whose accessible name
// names what it reports ("Report this post by <name>", "Report the account of <name>").
std::string report_link(Lang lang, std::int64_t account_id, std::optional<std::int64_t> status_id,
                        std::string_view name);

} // namespace agora::web
