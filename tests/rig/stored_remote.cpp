// Remote accounts and posts written straight into a node's database (see stored_remote.hpp).
#include "rig/stored_remote.hpp"

#include "model/media.hpp"
#include "model/remote_account.hpp"
#include "store/database.hpp"
#include "store/media_repo.hpp"
#include "store/remote_accounts_repo.hpp"
#include "store/statuses_repo.hpp"
#include "util/ids.hpp"

#include <catch2/catch.hpp>

namespace agora::testing {

std::int64_t store_remote_account(TestNode& node, const StoredRemote& remote) {
    RemoteAccount r;
    r.account.id = next_id();
    r.account.username = remote.username;
    r.account.domain = remote.domain;
    r.account.display_name = "Remote " + remote.username;
    r.account.created_at = r.account.updated_at = 1'700'000'000'000;
    const std::string origin = "https://" + remote.domain;
    r.uri = origin + "/users/" + remote.username;
    if (remote.with_page) r.url = origin + "/@" + remote.username;
    r.inbox_url = r.uri + "/inbox";
    r.key_id = r.uri + "#main-key";
    r.actor_type = "Person";
    AccountProfile profile;
    if (remote.with_images) {
        profile.avatar_remote_url =
            "https://media." + remote.domain + "/avatars/" + remote.username + ".png";
        profile.header_remote_url =
            "https://media." + remote.domain + "/headers/" + remote.username + ".jpg";
    }
    auto conn = node.node().database().acquire();
    store::Transaction tx(*conn);
    auto id = store::upsert_remote_account(*conn, r, profile, r.account.created_at);
    REQUIRE(id);
    tx.commit();
    return *id;
}

std::int64_t store_remote_status(TestNode& node, std::int64_t author, const std::string& domain,
                                 const std::string& text, bool with_image, Visibility visibility) {
    Status s;
    s.id = next_id();
    s.account_id = author;
    s.uri = "https://" + domain + "/notes/" + std::to_string(s.id);
    s.url = s.uri;
    s.local = false;
    s.visibility = visibility;
    s.content = "<p>" + text + "</p>";
    s.created_at = id_time_ms(s.id);
    auto conn = node.node().database().acquire();
    store::Transaction tx(*conn);
    store::insert_status(*conn, s);
    if (with_image) {
        MediaAttachment m;
        m.id = next_id();
        m.account_id = author;
        m.status_id = s.id;
        m.type = "image";
        m.content_type = "image/png";
        m.width = m.preview_width = 640;
        m.height = m.preview_height = 480;
        m.remote_url = "https://media." + domain + "/files/" + std::to_string(m.id) + ".png";
        m.created_at = s.created_at;
        store::insert_media(*conn, m);
    }
    tx.commit();
    return s.id;
}

} // namespace agora::testing
