// The public page of a status (/@name/{id}, a Status entity's `url`): the post, what it answers
// and its public replies.
#pragma once

namespace agora {
class Node;
}

namespace agora::web {

void install_status_page(Node& node);

} // namespace agora::web
