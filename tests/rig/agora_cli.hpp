// Runs the `agora` executable as an administrator would, in a test's folder, and reads what it
// said.
#pragma once

#include <filesystem>
#include <string>

namespace agora::testing {

struct CliRun {
    int exit_code;
    std::string out, err;
};

// The whole content of a file ("" when it cannot be read).
std::string slurp(const std::filesystem::path& path);

// Runs the agora binary with `args` inside `dir` (where its agora.toml is), `input` on stdin and
// `env` ("NAME=value ...") added to the environment, AGORA_CONFIG removed.
CliRun run_agora(const std::filesystem::path& dir, const std::string& args,
                 const std::string& input = "", const std::string& env = "");

} // namespace agora::testing
