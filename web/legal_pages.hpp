// The instance's public texts as pages: /about, /about/rules, /terms, /privacy and their past
// versions (/terms/{date}, /privacy/{date}). Server-rendered, no JavaScript, French and English.
#pragma once

#include "web/i18n.hpp"

#include <string>

namespace agora {
class Node;
namespace store {
class Connection;
}
} // namespace agora

namespace agora::web {

void install_legal_pages(Node& node);

// A notice for the top of a page when the terms of service change soon or changed in the last
// 30 days (with a link to what changed); empty otherwise.
std::string terms_change_banner(store::Connection& conn, Lang lang);

} // namespace agora::web
