// The OAuth sign-in and consent page (GET/POST /oauth/authorize).
#pragma once

namespace agora {
class Node;
}

namespace agora::web {

void install_oauth_page(Node& node);

} // namespace agora::web
