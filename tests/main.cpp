// The Catch2 test runner for every Agora test.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
