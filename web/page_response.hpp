// What the public pages share around their markup: the reader's language and the HTML answer.
#pragma once

#include "http/message.hpp"
#include "web/i18n.hpp"

#include <string>

namespace agora {
class Node;
}

namespace agora::web {

// `?lang=` first, then Accept-Language, then the instance's languages (see choose_language).
Lang language_of(const http::Request& request, const Node& node);

// An HTML answer with `status` and an already rendered page.
http::Response html_response(int status, std::string body);

// The 404 page in the reader's language.
http::Response not_found_page(Lang lang);

} // namespace agora::web
