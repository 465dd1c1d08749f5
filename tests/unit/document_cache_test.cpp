// The rendered-document cache: hits, version changes and expiry.
#include "federation/document_cache.hpp"

#include <catch2/catch.hpp>

#include <thread>

using agora::federation::DocumentCache;

TEST_CASE("document cache: a version change or the time to live drops an entry",
          "[unit][federation]") {
    DocumentCache cache(std::chrono::milliseconds(50));
    CHECK_FALSE(cache.find("alice", 1).has_value());
    cache.store("alice", 1, "{\"v\":1}");
    CHECK(cache.find("alice", 1) == "{\"v\":1}");
    CHECK_FALSE(cache.find("alice", 2).has_value()); // the node's accounts version moved
    CHECK_FALSE(cache.find("alice", 1).has_value()); // and the stale entry is gone
    cache.store("bob", 7, "b");
    std::this_thread::sleep_for(std::chrono::milliseconds(80));
    CHECK_FALSE(cache.find("bob", 7).has_value()); // expired: another process may have changed it
}
