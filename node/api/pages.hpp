// Pages of entities as list endpoints answer them: the JSON array and its Link header.
#pragma once

#include "api/api.hpp"
#include "model/status.hpp"
#include "store/relationships_repo.hpp"

#include <vector>

namespace agora::api {

// Statuses, newest first; the Link header's cursors are their ids.
http::Response status_page(Call& call, const std::vector<Status>& statuses);
// Accounts; the Link header's cursors are the page's own (follow, favourite...) row ids.
http::Response account_page(Call& call, const store::AccountPage& page);

} // namespace agora::api
