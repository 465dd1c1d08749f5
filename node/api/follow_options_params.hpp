// The options of POST /api/v1/accounts/:id/follow (`reblogs`, `notify`, `languages[]`) read from
// a request, as Mastodon reads them.
#pragma once

#include "api/params.hpp"
#include "model/follow_options.hpp"

#include <expected>
#include <string>

namespace agora::api {

// What the request asks to change; an option it leaves out (or sends as JSON null) is not changed.
// `languages` must be a list (`languages[]=` entries or a JSON array) of at most 300 distinct
// ISO 639 codes; empty entries are dropped, repeated ones kept once. The error is Mastodon's
// validation message.
std::expected<FollowOptionsChange, std::string> read_follow_options(const Params& params);

} // namespace agora::api
