// The activities Agora sends, checked whole against the shapes Mastodon sends: ids, actors,
// objects, addressing and @context of each, and the to/cc of statuses and boosts by visibility.
#include "federation/ap_activities.hpp"
#include "federation/ap_addressing.hpp"
#include "federation/ap_context.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace agora;
using namespace agora::federation;
using nlohmann::json;

namespace {
const std::string as = "https://www.w3.org/ns/activitystreams";
const std::string pub = "https://www.w3.org/ns/activitystreams#Public";
const std::string alice = "https://agora.test/users/alice";
const std::string followers = "https://agora.test/users/alice/followers";
const std::string bob = "https://remote.example/users/bob";
const std::string carol = "https://agora.test/users/carol";
} // namespace

TEST_CASE("addressing: statuses by visibility, as Mastodon", "[unit][federation][outbox]") {
    std::vector<std::string> mentioned{bob, carol};
    auto a = status_audience(Visibility::public_, followers, mentioned);
    CHECK(a.to == std::vector<std::string>{pub});
    CHECK(a.cc == std::vector<std::string>{followers, bob, carol});
    a = status_audience(Visibility::unlisted, followers, mentioned);
    CHECK(a.to == std::vector<std::string>{followers});
    CHECK(a.cc == std::vector<std::string>{pub, bob, carol});
    a = status_audience(Visibility::private_, followers, mentioned);
    CHECK(a.to == std::vector<std::string>{followers});
    CHECK(a.cc == std::vector<std::string>{bob, carol});
    a = status_audience(Visibility::direct, followers, mentioned);
    CHECK(a.to == std::vector<std::string>{bob, carol});
    CHECK(a.cc.empty());
    a = status_audience(Visibility::public_, followers, {});
    CHECK(a.cc == std::vector<std::string>{followers});
}

TEST_CASE("addressing: boosts put the original's author first in cc",
          "[unit][federation][outbox]") {
    auto a = boost_audience(Visibility::public_, followers, bob);
    CHECK(a.to == std::vector<std::string>{pub});
    CHECK(a.cc == std::vector<std::string>{bob, followers});
    a = boost_audience(Visibility::unlisted, followers, bob);
    CHECK(a.to == std::vector<std::string>{followers});
    CHECK(a.cc == std::vector<std::string>{bob, pub});
    a = boost_audience(Visibility::private_, followers, alice); // a self-boost of a private post
    CHECK(a.to == std::vector<std::string>{followers});
    CHECK(a.cc == std::vector<std::string>{alice});
}

TEST_CASE("context: only the extensions a document uses", "[unit][federation][outbox]") {
    CHECK(with_context({{"type", "Like"}})["@context"] == as);
    auto doc = with_context({{"type", "Create"},
                             {"object",
                              {{"sensitive", false},
                               {"conversation", "tag:x"},
                               {"tag", {{{"type", "Hashtag"}}}},
                               {"attachment", {{{"blurhash", "x"}, {"focalPoint", {0, 0}}}}},
                               {"votersCount", 1}}}});
    CHECK(doc["@context"] ==
          json::array({as,
                       {{"sensitive", "as:sensitive"},
                        {"Hashtag", "as:Hashtag"},
                        {"ostatus", "http://ostatus.org#"},
                        {"conversation", "ostatus:conversation"},
                        {"toot", "http://joinmastodon.org/ns#"},
                        {"votersCount", "toot:votersCount"},
                        {"blurhash", "toot:blurhash"},
                        {"focalPoint", {{"@container", "@list"}, {"@id", "toot:focalPoint"}}}}}));
    // A Hashtag named elsewhere than in `type` is not a use of the term.
    CHECK(with_context({{"name", "Hashtag"}})["@context"] == as);
}

TEST_CASE("activities: Create and Update wrap a Note with its addressing",
          "[unit][federation][outbox]") {
    const std::string id = alice + "/statuses/42";
    json note = {{"id", id},
                 {"type", "Note"},
                 {"attributedTo", alice},
                 {"published", "2026-05-04T10:00:00Z"},
                 {"to", {pub}},
                 {"cc", {followers, bob}},
                 {"sensitive", false},
                 {"content", "<p>hi</p>"}};
    auto create = create_activity(note);
    CHECK(create == json({{"@context", json::array({as, {{"sensitive", "as:sensitive"}}})},
                          {"id", id + "/activity"},
                          {"type", "Create"},
                          {"actor", alice},
                          {"published", "2026-05-04T10:00:00Z"},
                          {"to", {pub}},
                          {"cc", {followers, bob}},
                          {"object", note}}));
    json edited = note;
    edited["updated"] = "2026-05-04T11:00:05Z";
    auto update = update_activity(edited, 1777892405000); // 2026-05-04T11:00:05Z
    CHECK(update["id"] == id + "#updates/1777892405");
    CHECK(update["type"] == "Update");
    CHECK(update["actor"] == alice);
    CHECK(update["published"] == "2026-05-04T11:00:05Z");
    CHECK(update["to"] == json({pub}));
    CHECK(update["cc"] == json({followers, bob}));
    CHECK(update["object"] == edited);
}

TEST_CASE("activities: Delete of a status is a Tombstone to Public", "[unit][federation][outbox]") {
    CHECK(delete_status_activity(alice, alice + "/statuses/42") ==
          json({{"@context", as},
                {"id", alice + "/statuses/42#delete"},
                {"type", "Delete"},
                {"actor", alice},
                {"to", {pub}},
                {"object", {{"id", alice + "/statuses/42"}, {"type", "Tombstone"}}}}));
}

TEST_CASE("activities: Announce and its Undo", "[unit][federation][outbox]") {
    const std::string boost = alice + "/statuses/77/activity";
    auto announce = announce_activity(alice, boost, 1777888800000, bob + "/statuses/1",
                                      boost_audience(Visibility::public_, followers, bob));
    json expected = {{"@context", as},
                     {"id", boost},
                     {"type", "Announce"},
                     {"actor", alice},
                     {"published", "2026-05-04T10:00:00Z"},
                     {"to", {pub}},
                     {"cc", {bob, followers}},
                     {"object", bob + "/statuses/1"}};
    CHECK(announce == expected);
    expected.erase("@context");
    CHECK(undo_announce_activity(announce, 77) == json({{"@context", as},
                                                        {"id", alice + "#announces/77/undo"},
                                                        {"type", "Undo"},
                                                        {"actor", alice},
                                                        {"to", {pub}},
                                                        {"object", expected}}));
}

TEST_CASE("activities: Like and Undo Like", "[unit][federation][outbox]") {
    json like = {{"id", alice + "#likes/9"},
                 {"type", "Like"},
                 {"actor", alice},
                 {"object", bob + "/statuses/1"}};
    json with = like;
    with["@context"] = as;
    CHECK(like_activity(alice, 9, bob + "/statuses/1") == with);
    CHECK(undo_like_activity(alice, 9, bob + "/statuses/1") ==
          json({{"@context", as},
                {"id", alice + "#likes/9/undo"},
                {"type", "Undo"},
                {"actor", alice},
                {"object", like}}));
}

TEST_CASE("activities: Follow, its Undo, Accept and Reject keep the Follow's id",
          "[unit][federation][outbox]") {
    CHECK(local_follow_id(alice, 12) == alice + "#follows/12");
    FollowRef ours{local_follow_id(alice, 12), alice, bob};
    json follow = {
        {"id", alice + "#follows/12"}, {"type", "Follow"}, {"actor", alice}, {"object", bob}};
    json with = follow;
    with["@context"] = as;
    CHECK(follow_activity(ours) == with);
    CHECK(undo_follow_activity(ours, 13) == json({{"@context", as},
                                                  {"id", alice + "#follows/13/undo"},
                                                  {"type", "Undo"},
                                                  {"actor", alice},
                                                  {"object", follow}}));
    // A Follow received from bob, with the id bob's server gave it.
    FollowRef theirs{"https://remote.example/0c6f-follow", bob, alice};
    json received = {{"id", "https://remote.example/0c6f-follow"},
                     {"type", "Follow"},
                     {"actor", bob},
                     {"object", alice}};
    CHECK(accept_follow_activity(theirs, 14) == json({{"@context", as},
                                                      {"id", alice + "#accepts/follows/14"},
                                                      {"type", "Accept"},
                                                      {"actor", alice},
                                                      {"object", received}}));
    CHECK(reject_follow_activity(theirs, 14) == json({{"@context", as},
                                                      {"id", alice + "#rejects/follows/14"},
                                                      {"type", "Reject"},
                                                      {"actor", alice},
                                                      {"object", received}}));
}

TEST_CASE("activities: Block and Undo Block", "[unit][federation][outbox]") {
    json block = {
        {"id", alice + "#blocks/5"}, {"type", "Block"}, {"actor", alice}, {"object", bob}};
    json with = block;
    with["@context"] = as;
    CHECK(block_activity(alice, 5, bob) == with);
    CHECK(undo_block_activity(alice, 5, bob) == json({{"@context", as},
                                                      {"id", alice + "#blocks/5/undo"},
                                                      {"type", "Undo"},
                                                      {"actor", alice},
                                                      {"object", block}}));
}

TEST_CASE("activities: Update and Delete of an actor", "[unit][federation][outbox]") {
    json context = json::array({as, "https://w3id.org/security/v1"});
    json actor = {{"@context", context}, {"id", alice}, {"type", "Person"}, {"name", "Alice"}};
    auto update = update_actor_activity(actor, 1777888800123);
    json object = actor;
    object.erase("@context");
    CHECK(update == json({{"@context", context},
                          {"id", alice + "#updates/1777888800"},
                          {"type", "Update"},
                          {"actor", alice},
                          {"to", {pub}},
                          {"object", object}}));
    CHECK(delete_actor_activity(alice) == json({{"@context", as},
                                                {"id", alice + "#delete"},
                                                {"type", "Delete"},
                                                {"actor", alice},
                                                {"to", {pub}},
                                                {"object", alice}}));
}

TEST_CASE("activities: a vote is one Create{Note} per choice, to the poll's author",
          "[unit][federation][outbox]") {
    const std::string question = bob + "/statuses/3";
    auto votes = vote_activities(alice, question, bob, {{31, "Tea"}, {32, "Coffee"}});
    REQUIRE(votes.size() == 2);
    CHECK(votes[0] == json({{"@context", as},
                            {"id", alice + "#votes/31/activity"},
                            {"type", "Create"},
                            {"actor", alice},
                            {"to", bob},
                            {"object",
                             {{"id", alice + "#votes/31"},
                              {"type", "Note"},
                              {"name", "Tea"},
                              {"attributedTo", alice},
                              {"inReplyTo", question},
                              {"to", bob}}}}));
    CHECK(votes[1]["id"] == alice + "#votes/32/activity");
    CHECK(votes[1]["object"]["name"] == "Coffee");
    CHECK(vote_activities(alice, question, bob, {}).empty());
}
