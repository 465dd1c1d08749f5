// The page where a member deletes their account (GET/POST /settings/delete), French and English,
// without JavaScript: username and password on the form (there is no web session), a signed
// form token, the browser's origin headers, the sign-in rate limit.
#pragma once

namespace agora {
class Node;
}

namespace agora::web {

void install_delete_account_page(Node& node);

} // namespace agora::web
