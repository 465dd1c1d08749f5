// Who delivered an activity to an inbox: signature, key, and the key's owner.
#include "federation/inbox_verifier.hpp"

#include "federation/actor_resolver.hpp"
#include "federation/remote_url.hpp"
#include "node.hpp"

namespace agora::federation {

namespace {
std::unexpected<InboxRefusal> refuse(std::string message) {
    return std::unexpected(InboxRefusal{std::move(message)});
}
} // namespace

InboxVerifier::InboxVerifier(Node& node, ActorResolver& actors) : actors_(actors) {
    if (auto base = parse_remote_url(node.config().base_url())) {
        options_.scheme = base->scheme;
        options_.expected_authority = base->authority();
    }
}

std::expected<InboxSender, InboxRefusal> InboxVerifier::verify(const http::Request& request,
                                                               std::string_view actor_uri) const {
    auto sender = verify_signer(request);
    if (sender && sender->actor_uri != actor_uri)
        return refuse("the key belongs to " + sender->actor_uri + ", not to the activity's actor " +
                      std::string(actor_uri));
    return sender;
}

std::expected<InboxSender, InboxRefusal>
InboxVerifier::verify_signer(const http::Request& request) const {
    // Structure, coverage, host, clock window and the body's digest: no key is needed for those.
    auto claim = read_signature(received(request), options_);
    if (!claim) return refuse(claim.error().message);
    auto key = actors_.key_for(claim->key_id);
    if (!key) return refuse("the key " + claim->key_id + " cannot be used: " + key.error().message);
    if (key->local) return refuse("activities of this server's own actors are not received");
    auto checked = check_signature(*claim, key->key);
    if (!checked && key_refetch_may_help(checked.error())) {
        // The actor may have a new key: its document is fetched again (at most once a minute).
        // An actor that is gone (410) has no new key: only the stored one could have been used.
        auto fresh = actors_.refetch_key(claim->key_id);
        if (!fresh)
            return refuse(checked.error().message +
                          ", and the key could not be fetched again: " + fresh.error().message);
        key = std::move(fresh);
        checked = check_signature(*claim, key->key);
    }
    if (!checked) return refuse(checked.error().message);
    return InboxSender{std::move(key->actor_uri), key->account_id};
}

} // namespace agora::federation
