// Server-rendered pages: the home page, public profiles (minimal for now) and hashtag pages, in
// French and English.
#pragma once

namespace agora {
class Node;
}

namespace agora::web {

void install_routes(Node& node);

} // namespace agora::web
