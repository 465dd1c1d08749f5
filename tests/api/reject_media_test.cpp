// Domain policy reject_media: posts from such a domain are kept with their media as links (type
// unknown, no preview: Mastodon never downloads them), and its actors' avatars and headers are
// not used; other domains are untouched.
#include "federation/actor_resolver.hpp"
#include "federation/federation.hpp"
#include "federation/federation_client.hpp"
#include "moderation/domain_policy.hpp"
#include "rig/remote_peer_fixtures.hpp"
#include "store/database.hpp"
#include "store/domain_policies_repo.hpp"
#include "util/ids.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using nlohmann::json;
using testing::call;

namespace {
// The policy on the remote server's host, as an admin sets it (noop + reject_media).
void reject_media_of(testing::TestNode& t, const std::string& domain, bool reject = true) {
    auto conn = t.node().database().acquire();
    store::DomainPolicyRow row;
    row.id = next_id();
    row.domain = domain;
    row.severity = "noop";
    row.reject_media = reject;
    store::insert_domain_policy(*conn, row);
    moderation::invalidate_domain_policies(*conn);
}

json with_image(json note, const std::string& url) {
    note["attachment"] = {{{"type", "Document"},
                           {"mediaType", "image/png"},
                           {"url", url},
                           {"name", "a cat on a mat"},
                           {"blurhash", "LEHV6nWB2yk8pyo0adR*.7kCMdnj"},
                           {"width", 640},
                           {"height", 480}}};
    return note;
}

std::string host_of(const testing::RemoteServer& remote) {
    auto origin = remote.origin(); // http://127.0.0.1:port
    auto host = origin.substr(origin.find("//") + 2);
    return host.substr(0, host.find(':'));
}
} // namespace

TEST_CASE("reject media: a post from such a domain keeps its media as links only",
          "[api][federation][reject_media]") {
    testing::FederatedWorld w;
    // Before the policy: an image, as sent.
    auto before = with_image(w.remote.note("bob", "<p>before</p>"), w.remote.origin() + "/a.png");
    REQUIRE(w.deliver(w.remote.create(before)) == "applied");
    auto kept = call(w.client, "GET", "/api/v1/statuses/" + w.local_id(before["id"]), w.carol);
    REQUIRE(kept["media_attachments"].size() == 1);
    CHECK(kept["media_attachments"][0]["type"] == "image");
    CHECK(kept["media_attachments"][0]["preview_url"] == w.remote.origin() + "/a.png");

    reject_media_of(w.t, host_of(w.remote));
    auto note = with_image(w.remote.note("bob", "<p>look</p>"), w.remote.origin() + "/b.png");
    REQUIRE(w.deliver(w.remote.create(note)) == "applied");
    auto id = w.local_id(note["id"]);
    REQUIRE(!id.empty()); // the post is kept
    auto status = call(w.client, "GET", "/api/v1/statuses/" + id, w.carol);
    CHECK(status["content"] == "<p>look</p>");
    REQUIRE(status["media_attachments"].size() == 1);
    const json media = status["media_attachments"][0];
    INFO(media.dump());
    CHECK(media["type"] == "unknown");
    CHECK(media["url"] == w.remote.origin() + "/b.png"); // a link, as Mastodon's remote_url
    CHECK(media["remote_url"] == w.remote.origin() + "/b.png");
    CHECK(media["preview_url"].is_null());
    CHECK(media["description"] == "a cat on a mat");
    CHECK(media["meta"]["original"]["width"] == 0); // nothing read from the file
    CHECK(w.count("SELECT COUNT(*) FROM media_attachments WHERE type <> 'unknown' AND "
                  "status_id = " +
                  id) == 0);

    // An edit of it keeps them as links, and is no media change (one edit, for the text).
    note["content"] = "<p>look again</p>";
    note["updated"] = testing::iso_in(1000);
    REQUIRE(w.deliver(w.remote.update(note)) == "applied");
    status = call(w.client, "GET", "/api/v1/statuses/" + id, w.carol);
    CHECK(status["content"] == "<p>look again</p>");
    REQUIRE(status["media_attachments"].size() == 1);
    CHECK(status["media_attachments"][0]["type"] == "unknown");
    CHECK(status["media_attachments"][0]["id"] == media["id"]);

    // The post delivered before the policy is left as it was.
    kept = call(w.client, "GET", "/api/v1/statuses/" + w.local_id(before["id"]), w.carol);
    CHECK(kept["media_attachments"][0]["type"] == "image");
}

TEST_CASE("reject media: another domain's media are kept, whatever the policy says of others",
          "[api][federation][reject_media]") {
    testing::FederatedWorld w;
    reject_media_of(w.t, "other.example"); // not the remote server's
    reject_media_of(w.t, host_of(w.remote), false);
    auto note = with_image(w.remote.note("bob", "<p>look</p>"), w.remote.origin() + "/c.png");
    REQUIRE(w.deliver(w.remote.create(note)) == "applied");
    auto status = call(w.client, "GET", "/api/v1/statuses/" + w.local_id(note["id"]), w.carol);
    REQUIRE(status["media_attachments"].size() == 1);
    CHECK(status["media_attachments"][0]["type"] == "image");
    CHECK(status["media_attachments"][0]["meta"]["original"]["width"] == 640);
}

TEST_CASE("reject media: the avatars and headers of such a domain's actors are not used",
          "[api][federation][reject_media]") {
    testing::FederatedWorld w;
    auto dora = w.remote.actor_id("dora");
    w.remote.add_actor("dora");
    auto serve_with_images = [&] {
        json actor = {
            {"@context", {"https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"}},
            {"id", dora},
            {"type", "Person"},
            {"preferredUsername", "dora"},
            {"inbox", dora + "/inbox"},
            {"followers", dora + "/followers"},
            {"icon", {{"type", "Image"}, {"mediaType", "image/png"}, {"url", dora + "/icon.png"}}},
            {"image", {{"type", "Image"}, {"mediaType", "image/png"}, {"url", dora + "/head.png"}}},
            {"publicKey",
             {{"id", dora + "#main-key"},
              {"owner", dora},
              {"publicKeyPem", w.remote.keys.public_pem}}}};
        w.remote.serve(actor);
    };
    serve_with_images();
    auto account_id = std::to_string(testing::remote_account_id(w.t, dora));
    auto account = call(w.client, "GET", "/api/v1/accounts/" + account_id, w.carol);
    CHECK(account["avatar"] == dora + "/icon.png");
    CHECK(account["header"] == dora + "/head.png");

    // The policy applies from the next fetch of the actor on.
    reject_media_of(w.t, host_of(w.remote));
    auto& actors = federation::Federation::of(w.t.node()).client().actors();
    REQUIRE(actors.resolve_actor(dora, true));
    account = call(w.client, "GET", "/api/v1/accounts/" + account_id, w.carol);
    INFO(account.dump());
    CHECK(account["avatar"] != dora + "/icon.png");
    CHECK_THAT(account["avatar"].get<std::string>(), Catch::EndsWith("missing.png"));
    CHECK(account["header"] != dora + "/head.png");
    CHECK(account["display_name"].is_string());
    CHECK(w.count("SELECT COUNT(*) FROM account_profiles WHERE avatar_remote_url IS NOT NULL AND "
                  "account_id = " +
                  account_id) == 0);
}
