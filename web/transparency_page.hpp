// /about/transparency: the moderation transparency report of a calendar year (default: the
// current year so far), with links to earlier years that have data. French and English, no script.
#pragma once

namespace agora {
class Node;
}

namespace agora::web {

void install_transparency_page(Node& node);

} // namespace agora::web
