// The finder node code asks for accounts on other servers: WebFinger and actor fetches through the
// actor resolver, which stores what it finds; failures are logged and found nothing.
#include "federation/remote_account_lookup.hpp"

#include "federation/actor_resolver.hpp"
#include "util/log.hpp"

namespace agora::federation {

namespace {
std::optional<std::int64_t> found(const std::expected<RemoteAccount, ResolveError>& result,
                                  std::string_view asked) {
    if (result) return result->account.id;
    log::info("remote account " + std::string(asked) +
              " not found: " + std::string(failure_name(result.error().failure)) + " (" +
              result.error().message + ")");
    return std::nullopt;
}
} // namespace

std::optional<std::int64_t> ResolverAccountFinder::by_handle(std::string_view username,
                                                             std::string_view domain) {
    std::string handle = std::string(username) + "@" + std::string(domain);
    return found(actors_.resolve_handle(handle), handle);
}

std::optional<std::int64_t> ResolverAccountFinder::by_url(std::string_view url) {
    return found(actors_.resolve_actor_url(url), url);
}

} // namespace agora::federation
