// The finder node code asks for posts on other servers: resolve_status behind node's interface;
// failures are logged and found nothing.
#include "federation/remote_status_lookup.hpp"

#include "federation/status_intake.hpp"
#include "util/log.hpp"

namespace agora::federation {

std::optional<std::int64_t> ResolverStatusFinder::by_url(std::string_view url) {
    InboxContext context{node_, client_};
    auto status = resolve_status(context, std::string(url));
    if (status) return status->id;
    log::info("remote post " + std::string(url) + " not found: " + status.error().message);
    return std::nullopt;
}

} // namespace agora::federation
