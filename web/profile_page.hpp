// Public profile pages (/@name and the HTML twin of /users/name) and the instance home page.
#pragma once

namespace agora {
class Node;
}

namespace agora::web {

void install_profile_pages(Node& node);

} // namespace agora::web
