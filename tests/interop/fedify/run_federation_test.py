#!/usr/bin/python3
"""Runs a federation interop scenario against real `agora serve` nodes on loopback.

Usage (CTest calls this; see tests/interop/CMakeLists.txt):

    run_federation_test.py --agora PATH/agora --nodes 1 --test federation_test.mjs
    run_federation_test.py --agora PATH/agora --nodes 2 --test agora_pair_test.mjs

1. installs @fedify/fedify and Node 22 with `npm ci` on the first run (as run_signature_test.py);
2. gives each server a host name on its own loopback address, port 80, so that ids look like
   real ones (`http://agora.test/users/alice`) and handles have no port (Mastodon's mention syntax
   has none): one node: agora.test 127.0.0.2 and the Fedify peer fedify.test 127.0.0.3, plus a
   node in secure mode (federation.authorized_fetch), agora-secure.test 127.0.0.6; two nodes:
   agora-a.test 127.0.0.4 and agora-b.test 127.0.0.5. The missing lines are added to /etc/hosts
   (only these names, once). Without root (/etc/hosts not writable, port 80 refused) the test is
   skipped with exit code 77, which CTest reports as skipped. Runs of the same scenario (from
   several checkouts) wait for each other: they use the same addresses;
3. starts the Agora nodes (run_with_server.Server: accounts alice, bob, carol, and the moderator
   mod) with
   federation.allow_http and federation.allow_private_addresses on;
4. runs `node --test TEST` with Node 22, the nodes described in AGORA_FEDERATION_NODES (JSON list
   of {url, domain, accounts}) and FEDIFY_PEER_ADDRESS / FEDIFY_PEER_HOST / FEDIFY_PEER_PORT for
   the peer;
5. stops the nodes; on a failure prints the end of each node's log.
"""
import argparse
import fcntl
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from run_with_server import Server, die_with_parent, log, npm_ci  # noqa: E402

TEST_TIMEOUT = 240  # seconds for the scenario (unloaded: about 20)
SKIP = 77  # CTest's SKIP_RETURN_CODE for these tests
HOSTS_FILE = "/etc/hosts"
PORT = 80
# The Agora nodes (host name, address, their own AGORA_* settings) and the Fedify peer (host name,
# address; None: no peer) of each scenario. The first node is the scenario's main one.
SECURE_MODE = {"AGORA_FEDERATION_AUTHORIZED_FETCH": "true"}
SCENARIOS = {
    1: {"nodes": [("agora.test", "127.0.0.2", {}), ("agora-secure.test", "127.0.0.6", SECURE_MODE)],
        "peer": ("fedify.test", "127.0.0.3")},
    2: {"nodes": [("agora-a.test", "127.0.0.4", {}), ("agora-b.test", "127.0.0.5", {})],
        "peer": None},
}
# A moderator on every node, who reads the reports that Flags bring (the admin reports API).
STAFF = {"mod": "moderator"}
FEDERATION_ENV = {
    "AGORA_FEDERATION_ALLOW_HTTP": "true",
    "AGORA_FEDERATION_ALLOW_PRIVATE_ADDRESSES": "true",
}


def resolves_to(name, address):
    try:
        return socket.gethostbyname(name) == address
    except OSError:
        return False


def ensure_host_names(names):
    """Makes every name of `names` (name -> address) resolve to its address, appending the missing
    lines to /etc/hosts (under a lock: parallel tests may do the same). False when impossible."""
    missing = {n: a for n, a in names.items() if not resolves_to(n, a)}
    if not missing:
        return True
    try:
        with open(os.path.join(tempfile.gettempdir(), "agora-interop-hosts.lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            with open(HOSTS_FILE, "r+") as hosts:
                text = hosts.read()
                known = {word for line in text.splitlines()
                         for word in line.split("#")[0].split()[1:]}
                lines = [f"{address} {name}  # Agora federation interop tests"
                         for name, address in missing.items() if name not in known]
                if lines:
                    hosts.write(("" if text.endswith("\n") or not text else "\n")
                                + "\n".join(lines) + "\n")
    except OSError as e:
        log(f"cannot add the test host names to {HOSTS_FILE}: {e}")
        return False
    unresolved = [n for n, a in names.items() if not resolves_to(n, a)]
    if unresolved:
        log(f"{', '.join(unresolved)} do not resolve to their addresses after editing "
            f"{HOSTS_FILE} (another line names them?)")
        return False
    return True


def can_listen(address, port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((address, port))
            return True
        except OSError as e:
            log(f"cannot listen on {address}:{port}: {e}")
            return False


def print_log(server, name):
    try:
        with open(server.log_path) as f:
            text = f.read()
    except OSError:
        return
    print(f"---- {name} log (last 60000 characters) ----")
    print(text[-60000:])
    print(f"---- end of {name} log ----", flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--agora", required=True, help="the agora binary")
    parser.add_argument("--nodes", type=int, choices=(1, 2), default=1)
    parser.add_argument("--test", required=True, help="the node --test file to run")
    parser.add_argument("--log-level", default="warn", help="the Agora nodes' log level")
    parser.add_argument("--print-logs", action="store_true", help="print the logs, even on success")
    parser.add_argument("--only", help="run only the tests whose names match (a regular expression)")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    scenario = SCENARIOS[args.nodes]
    places = [(host, address) for host, address, _ in scenario["nodes"]] + \
        ([scenario["peer"]] if scenario["peer"] else [])
    # One run of a scenario at a time on this machine: they listen on the same addresses.
    lock_path = os.path.join(tempfile.gettempdir(), f"agora-federation-{args.nodes}.lock")
    lock = os.open(lock_path, os.O_RDONLY | os.O_CREAT, 0o666)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not ensure_host_names(dict(places)) or \
                not all(can_listen(address, PORT) for _, address in places):
            print("SKIPPED: the federation scenario needs its host names (" +
                  ", ".join(f"{a} {n}" for n, a in places) + f") in {HOSTS_FILE} and port "
                  f"{PORT} on their addresses: run it as root (CI does)", flush=True)
            return SKIP
        npm_ci(HERE)
        return run(args, os.path.join(HERE, "node_modules", ".bin", "node"), scenario)
    finally:
        os.close(lock)


def run(args, node, scenario):
    workdir = tempfile.mkdtemp(prefix="agora-federation-")
    servers = []
    code = 2
    try:
        extra = dict(FEDERATION_ENV, AGORA_LOG_LEVEL=args.log_level)
        for index, (host, address, own) in enumerate(scenario["nodes"]):
            directory = os.path.join(workdir, f"node{index}")
            os.makedirs(directory)
            server = Server(os.path.abspath(args.agora), directory, address, host,
                            dict(extra, **own), PORT, staff=STAFF)
            servers.append(server)
            server.start()
        env = {k: v for k, v in os.environ.items() if not k.startswith("AGORA_")}
        env.update({
            "AGORA_FEDERATION_NODES": json.dumps([
                {"url": s.url, "domain": s.domain, "accounts": s.accounts} for s in servers]),
        })
        if scenario["peer"]:
            env.update({"FEDIFY_PEER_HOST": scenario["peer"][0],
                        "FEDIFY_PEER_ADDRESS": scenario["peer"][1], "FEDIFY_PEER_PORT": str(PORT)})
        try:
            only = [f"--test-name-pattern={args.only}"] if args.only else []
            code = subprocess.run([node, "--test", "--test-concurrency=1", *only, args.test], cwd=HERE,
                                  env=env, timeout=TEST_TIMEOUT, stdin=subprocess.DEVNULL,
                                  preexec_fn=die_with_parent).returncode
        except subprocess.TimeoutExpired:
            log(f"the scenario did not finish within {TEST_TIMEOUT} s")
            code = 2
        for server in servers:
            if server.proc.poll() is not None:
                log(f"agora serve at {server.url} died (exit code {server.proc.returncode})")
                code = code or 2
    except Exception as e:  # noqa: BLE001 - any set-up failure is reported the same way
        log(f"error: {e}")
        code = 2
    finally:
        for server in servers:
            server.stop()
        if code != 0 or args.print_logs:
            for index, server in enumerate(servers):
                print_log(server, f"agora node {index} ({server.host})")
        shutil.rmtree(workdir, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
