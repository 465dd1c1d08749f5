// Runs the `agora` executable in a test's folder.
#include "rig/agora_cli.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <sys/wait.h>

namespace agora::testing {

std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

CliRun run_agora(const std::filesystem::path& dir, const std::string& args,
                 const std::string& input, const std::string& env) {
    std::ofstream(dir / "stdin.txt") << input;
    std::string cmd = "cd '" + dir.string() + "' && env -u AGORA_CONFIG " + env +
                      " '" AGORA_BINARY "' " + args + " < stdin.txt > stdout.txt 2> stderr.txt";
    int status = std::system(cmd.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(dir / "stdout.txt"),
            slurp(dir / "stderr.txt")};
}

} // namespace agora::testing
