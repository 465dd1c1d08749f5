// The `agora` command line: serve, admin account create/list, config check.
#pragma once

#include <functional>

namespace agora {

class Node;

// Adds the routes of the rooms above node/ (federation, web) to a node before it serves.
using RoomInstaller = std::function<void(Node&)>;

// Parses argv and runs the subcommand; returns the process exit code
// (0 success, 1 runtime failure, 2 bad usage or bad configuration).
int run_cli(int argc, char** argv, const RoomInstaller& install_rooms);

} // namespace agora
