// The stream hub: listeners stay subscribed across deliveries and fall off when gone.
#include "streaming/stream_hub.hpp"

#include <catch2/catch.hpp>

using namespace agora;

namespace {
struct Recorder : StreamListener {
    std::vector<std::string> got;
    void deliver(const std::string& key, const StreamEvent& e) override {
        got.push_back(key + " " + e.event);
    }
};
} // namespace

TEST_CASE("stream hub: a listener hears every event of its streams, until it goes",
          "[unit][streaming]") {
    StreamHub hub;
    auto a = std::make_shared<Recorder>();
    hub.subscribe("user:1", a);
    hub.subscribe("public", a);
    hub.publish("user:1", {"update", 1});
    hub.publish("user:1", {"notification", 2}); // a second delivery still reaches it
    hub.publish("user:2", {"update", 3});
    hub.broadcast({"delete", 4}); // once, though it listens to two streams
    REQUIRE(a->got.size() == 3);
    CHECK(a->got[0] == "user:1 update");
    CHECK(a->got[1] == "user:1 notification");
    CHECK(a->got[2].ends_with(" delete"));

    hub.unsubscribe("user:1", a.get());
    hub.publish("user:1", {"update", 5});
    CHECK(a->got.size() == 3);
    CHECK(hub.has_listeners("public"));
    a.reset();
    hub.publish("public", {"update", 6}); // a listener that is gone is pruned, not called
    CHECK_FALSE(hub.has_listeners("public"));
}
