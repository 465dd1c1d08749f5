// Server-rendered pages: the home page, public profiles, posts and hashtag pages, and the report
// form, in French and English.
#pragma once

namespace agora {
class Node;
}

namespace agora::web {

void install_routes(Node& node);

} // namespace agora::web
