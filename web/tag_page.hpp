// The public page of a hashtag (/tags/{name}): this server's public statuses carrying it, newest
// first, paged by "older" links.
#pragma once

namespace agora {
class Node;
}

namespace agora::web {

void install_tag_page(Node& node);

} // namespace agora::web
