// Who a document is addressed to: the actor ids of accounts (local or remote) and the to/cc of
// statuses and boosts by visibility, exactly as Mastodon addresses them.
#include "federation/ap_addressing.hpp"

#include "federation/activitypub.hpp"
#include "model/local_urls.hpp"
#include "store/audience_repo.hpp"

namespace agora::federation {

std::vector<ActorRef> load_actor_refs(store::Connection& conn, const Config& config,
                                      const std::vector<std::int64_t>& ids) {
    LocalUrls urls(config);
    std::vector<ActorRef> out;
    for (const auto& a : store::find_actor_addresses(conn, ids)) {
        if (!a.domain) {
            out.push_back({a.account_id, urls.actor(a.username),
                           a.username + "@" + config.instance.domain, true});
        } else if (a.uri) {
            out.push_back({a.account_id, *a.uri, a.username + "@" + *a.domain, false});
        }
    }
    return out;
}

Audience status_audience(Visibility visibility, const std::string& author_followers,
                         const std::vector<std::string>& mentioned) {
    Audience a;
    switch (visibility) {
    case Visibility::public_:
        a.to = {public_collection};
        a.cc = {author_followers};
        break;
    case Visibility::unlisted:
        a.to = {author_followers};
        a.cc = {public_collection};
        break;
    case Visibility::private_:
        a.to = {author_followers};
        break;
    case Visibility::direct:
        a.to = mentioned;
        return a;
    }
    a.cc.insert(a.cc.end(), mentioned.begin(), mentioned.end());
    return a;
}

Audience boost_audience(Visibility visibility, const std::string& booster_followers,
                        const std::string& original_author) {
    // A direct boost does not exist (the client API makes it public); read it as public.
    if (visibility == Visibility::direct) visibility = Visibility::public_;
    Audience a = status_audience(visibility, booster_followers, {});
    a.cc.insert(a.cc.begin(), original_author);
    return a;
}

} // namespace agora::federation
