// The Conversation entity: the other participants, the last status as the viewer may see it, and
// whether it holds something unread.
#include "api/entities.hpp"

#include "statuses/status_service.hpp"
#include "store/statuses_repo.hpp"

namespace agora::api {

nlohmann::json EntityWriter::conversation(const Conversation& c) {
    nlohmann::json accounts = nlohmann::json::array();
    for (auto id : c.participant_ids)
        if (auto a = account_by_id(id)) accounts.push_back(account(*a));
    // A conversation with oneself (or whose others are gone) shows its owner, as Mastodon does.
    if (accounts.empty())
        if (auto self = account_by_id(c.account_id)) accounts.push_back(account(*self));
    nlohmann::json last = nullptr;
    if (c.last_status_id)
        if (auto s = store::find_status(conn_, *c.last_status_id);
            s && can_see(conn_, *s, c.account_id))
            last = status(*s);
    return {{"id", std::to_string(c.id)},
            {"unread", c.unread},
            {"accounts", accounts},
            {"last_status", last}};
}

} // namespace agora::api
