// The libvips loader: every function resolved from the real library, and a clear error naming the
// library or the function when that cannot be done.
#include "media/vips_library.hpp"

#include <catch2/catch.hpp>

using namespace agora;

TEST_CASE("vips library: every function of the table resolves from libvips.so.42",
          "[unit][media]") {
    auto api = media::open_vips_library(media::vips_library_name);
    INFO((api ? std::string() : api.error()));
    REQUIRE(api);
    std::vector<std::string> unresolved;
#define AGORA_CHECK_RESOLVED(function)                                                             \
    if (!api->function) unresolved.push_back(#function);
    AGORA_VIPS_FUNCTIONS(AGORA_CHECK_RESOLVED)
#undef AGORA_CHECK_RESOLVED
    CHECK(unresolved.empty());

    auto started = media::vips_api();
    REQUIRE(started);
    CHECK(&media::vips() == *started);
    CHECK((*started)->vips_thumbnail_buffer == api->vips_thumbnail_buffer);
}

TEST_CASE("vips library: a missing library or function is named in the error", "[unit][media]") {
    auto missing = media::open_vips_library("libvips-missing.so.42");
    REQUIRE_FALSE(missing);
    CHECK_THAT(missing.error(), Catch::StartsWith("libvips-missing.so.42: cannot open"));

    // A library that opens but is not libvips: the first function it lacks.
    auto not_vips = media::open_vips_library("libm.so.6");
    REQUIRE_FALSE(not_vips);
    CHECK(not_vips.error() == "libm.so.6 has no function vips_init");
}
