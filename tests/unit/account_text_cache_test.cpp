// The account text kept between requests: any change of what an Account entity is written from
// changes its fingerprint, and a kept text is only found under its own fingerprint.
#include "api/account_text_cache.hpp"

#include <catch2/catch.hpp>

#include <functional>
#include <set>
#include <vector>

using namespace agora;
using agora::api::AccountInputs;

namespace {
struct Sample {
    Account account{.id = 7, .username = "ann", .display_name = "Ann", .note = "<p>hi</p>"};
    AccountProfile profile{.account_id = 7, .fields = {{"Site", "x", "<a>x</a>"}}};
    store::AccountModeration moderation{.account_id = 7};
    store::AccountStats stats{.followers = 3, .following = 4, .statuses = 5};
    std::string base_url = "https://agora.test";

    std::uint64_t fingerprint() const {
        return api::account_fingerprint({account, profile, moderation, stats, base_url});
    }
};
} // namespace

TEST_CASE("account text cache: every input changes the fingerprint", "[unit][entities]") {
    std::vector<std::function<void(Sample&)>> changes{
        [](Sample& s) { s.base_url = "https://other.test"; },
        [](Sample& s) { s.account.id = 8; },
        [](Sample& s) { s.account.username = "anne"; },
        [](Sample& s) { s.account.domain = "remote.example"; },
        [](Sample& s) { s.account.display_name = "Anne"; },
        [](Sample& s) { s.account.note = "<p>hello</p>"; },
        [](Sample& s) { s.account.kind = AccountKind::organization; },
        [](Sample& s) { s.account.locked = true; },
        [](Sample& s) { s.account.discoverable = false; },
        [](Sample& s) { s.account.created_at = 1; },
        [](Sample& s) { s.account.updated_at = 1; },
        [](Sample& s) { s.account.uri = "https://remote.example/users/ann"; },
        [](Sample& s) { s.account.url = "https://remote.example/@ann"; },
        [](Sample& s) { s.profile.fields[0].name = "Web"; },
        [](Sample& s) { s.profile.fields[0].value_html = "<a>y</a>"; },
        [](Sample& s) { s.profile.fields.push_back({}); },
        [](Sample& s) { s.profile.avatar_path = "a.png"; },
        [](Sample& s) { s.profile.avatar_static_path = "a.png"; },
        [](Sample& s) { s.profile.header_path = "h.png"; },
        [](Sample& s) { s.profile.header_static_path = "h.png"; },
        [](Sample& s) { s.profile.avatar_remote_url = "https://x/a.png"; },
        [](Sample& s) { s.profile.header_remote_url = "https://x/h.png"; },
        [](Sample& s) { s.profile.hide_collections = true; },
        [](Sample& s) { s.profile.indexable = true; },
        [](Sample& s) { s.moderation.silenced_at = 1; },
        [](Sample& s) { s.moderation.suspended_at = 1; },
        [](Sample& s) { s.moderation.sensitized_at = 1; },
        [](Sample& s) { s.moderation.disabled_at = 1; },
        [](Sample& s) { s.stats.followers = 4; },
        [](Sample& s) { s.stats.following = 5; },
        [](Sample& s) { s.stats.statuses = 6; },
        [](Sample& s) { s.stats.last_status_at = 1; },
    };
    Sample original;
    std::set<std::uint64_t> seen{original.fingerprint()};
    for (std::size_t i = 0; i < changes.size(); ++i) {
        Sample changed;
        changes[i](changed);
        INFO("change " << i);
        CHECK(seen.insert(changed.fingerprint()).second);
    }
    // The same inputs, the same fingerprint.
    CHECK(Sample{}.fingerprint() == original.fingerprint());
}

TEST_CASE("account text cache: a text is found under its own fingerprint only",
          "[unit][entities]") {
    api::keep_account_text(41, 100, "{\"id\":\"41\"}");
    REQUIRE(api::find_account_text(41, 100) != nullptr);
    CHECK(*api::find_account_text(41, 100) == "{\"id\":\"41\"}");
    CHECK(api::find_account_text(41, 101) == nullptr);
    CHECK(api::find_account_text(42, 100) == nullptr);
    api::keep_account_text(41, 101, "{\"id\":\"41\",\"v\":2}");
    CHECK(api::find_account_text(41, 100) == nullptr);
    CHECK(*api::find_account_text(41, 101) == "{\"id\":\"41\",\"v\":2}");
    // Past its bound the cache starts again rather than growing.
    for (std::int64_t id = 1000; id < 1000 + 5000; ++id)
        api::keep_account_text(id, 1, "{}");
    CHECK(api::find_account_text(41, 101) == nullptr);
    CHECK(api::find_account_text(5999, 1) != nullptr);
}
