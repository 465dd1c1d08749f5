// The statement of reasons page (/statements/:id?token=...): a moderation decision explained to
// the person concerned, in French or English, with the appeal form; no session, no JavaScript.
#pragma once

namespace agora {
class Node;
}

namespace agora::web {

void install_statement_page(Node& node);

} // namespace agora::web
