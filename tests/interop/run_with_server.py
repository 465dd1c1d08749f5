#!/usr/bin/python3
"""Starts a real `agora serve` for one interop test, runs the client test against it, stops it.

Usage (CTest calls this; see tests/interop/CMakeLists.txt):

    run_with_server.py --agora BIN [--npm-ci DIR] -- COMMAND [ARGS...]

1. makes a temporary directory with a config file and a database, picks a free loopback port;
2. creates the test accounts with `agora admin account create` (before the server starts):
   alice and bob with known passwords (--password-stdin), carol with a generated one-time
   password that must be changed at first sign-in;
3. starts `agora serve` with AGORA_* environment overrides and waits (bounded) for /readyz;
4. runs COMMAND with these environment variables:
     AGORA_INTEROP_URL       http://127.0.0.1:PORT (also the server's public URL)
     AGORA_INTEROP_DOMAIN    127.0.0.1:PORT (the instance domain)
     AGORA_INTEROP_ACCOUNTS  JSON {"alice": {"password": ..., "must_change_password": false}, ...}
     AGORA_INTEROP_TMP       a scratch directory the test may use (HOME for toot, for example)
     AGORA_INTEROP_SERVER_LOG the server's log file
5. always stops the server (SIGTERM, then SIGKILL) and removes the directory; the server also
   dies with this process (PR_SET_PDEATHSIG) if CTest kills it on a timeout.

Exit code: COMMAND's, or 2 when the server could not be started or the test timed out. On a
failure the server's log is printed, so the cause is visible in `ctest --output-on-failure`.
"""
import argparse
import ctypes
import fcntl
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

START_TIMEOUT = 20  # seconds for /readyz to answer 200
TEST_TIMEOUT = 80  # seconds for the client test itself (unloaded: 3 to 15 s)
STOP_TIMEOUT = 10  # seconds between SIGTERM and SIGKILL
NPM_TIMEOUT = 120  # seconds for `npm ci` (only when node_modules is missing)

# name -> password; None means "let agora generate a one-time password".
ACCOUNTS = {
    "alice": "alice's interop password",
    "bob": "bob's interop password",
    "carol": None,
}


def log(message):
    print(f"run_with_server: {message}", flush=True)


def die_with_parent():
    """preexec_fn: the child gets SIGKILL when this launcher dies, whatever kills it."""
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    PR_SET_PDEATHSIG = 1
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def free_port(address="127.0.0.1"):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((address, 0))
        return s.getsockname()[1]


def npm_ci(directory):
    """Installs the Node packages from package-lock.json once; a lock keeps parallel runs apart."""
    key = hashlib.sha1(os.path.abspath(directory).encode()).hexdigest()[:12]
    with open(os.path.join(tempfile.gettempdir(), f"agora-interop-npm-{key}.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        marker = os.path.join(directory, "node_modules", ".package-lock.json")
        lockfile = os.path.join(directory, "package-lock.json")
        if os.path.exists(marker) and os.path.getmtime(marker) >= os.path.getmtime(lockfile):
            return
        if shutil.which("npm") is None:
            raise RuntimeError("npm is not installed (scripts/deps installs nodejs and npm)")
        log(f"npm ci in {directory}")
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                       cwd=directory, check=True, timeout=NPM_TIMEOUT, stdin=subprocess.DEVNULL)


class Server:
    """One `agora serve`. `address` is the loopback address it listens on, `host` the name in its
    URLs and domain (the address itself, or a name that resolves to it); `extra_env` adds AGORA_*
    settings (the federation tests turn on federation.allow_http and allow_private_addresses);
    `port` a fixed port (80 leaves the port out of its URLs and domain), else a free one;
    `staff` more accounts with a role (name -> "moderator" or "admin"), with known passwords."""

    def __init__(self, agora, workdir, address="127.0.0.1", host=None, extra_env=None, port=None,
                 staff=None):
        self.agora = agora
        self.staff = staff or {}
        self.workdir = workdir
        self.address = address
        self.host = host or address
        self.extra_env = extra_env or {}
        self.fixed_port = port
        self.proc = None
        self.port = None
        self.accounts = {}
        self.log_path = os.path.join(workdir, "server.log")
        with open(os.path.join(workdir, "agora.toml"), "w") as f:
            # Everything that depends on the port comes from the environment (see env()).
            f.write('[instance]\ntitle = "Agora Interop"\ndescription = "Client interop tests"\n'
                    'languages = ["en", "fr"]\n'
                    '[registrations]\nmode = "approval"\n'
                    '[http]\nthreads = 2\naccess_log = false\n')

    def env(self):
        env = dict(os.environ)
        env.pop("AGORA_CONFIG", None)
        env.update({
            "AGORA_HTTP_LISTEN": f"{self.address}:{self.port}",
            "AGORA_HTTP_PUBLIC_URL": self.url,
            "AGORA_INSTANCE_DOMAIN": self.domain,
            "AGORA_STORAGE_DATABASE": "sqlite:" + os.path.join(self.workdir, "agora.db"),
            "AGORA_STORAGE_MEDIA_DIR": os.path.join(self.workdir, "media"),
            "AGORA_LOG_LEVEL": "warn",
            **self.extra_env,
        })
        return env

    @property
    def url(self):
        return f"http://{self.domain}"

    @property
    def domain(self):
        return self.host if self.port == 80 else f"{self.host}:{self.port}"

    def agora_cmd(self, *args, stdin_text=None):
        config = os.path.join(self.workdir, "agora.toml")
        done = subprocess.run([self.agora, *args, "--config", config], env=self.env(),
                              cwd=self.workdir, input=stdin_text or "", capture_output=True,
                              text=True, timeout=30)
        if done.returncode != 0:
            raise RuntimeError(f"agora {' '.join(args)} exited {done.returncode}: {done.stderr}")
        return done.stdout

    def create_accounts(self):
        accounts = {}
        for name, password in ACCOUNTS.items():
            if password is None:
                out = self.agora_cmd("admin", "account", "create", name)
                lines = [l for l in out.splitlines() if l.startswith("password: ")]
                if not lines:
                    raise RuntimeError(f"no generated password in: {out!r}")
                accounts[name] = {"password": lines[0][len("password: "):],
                                  "must_change_password": True}
            else:
                self.agora_cmd("admin", "account", "create", name, "--password-stdin",
                               stdin_text=password + "\n")
                accounts[name] = {"password": password, "must_change_password": False}
        for name, role in self.staff.items():
            password = f"{name}'s interop password"
            self.agora_cmd("admin", "account", "create", name, "--role", role, "--password-stdin",
                           stdin_text=password + "\n")
            accounts[name] = {"password": password, "must_change_password": False, "role": role}
        return accounts

    def start(self):
        """Creates the accounts and starts the server on a free port; the port is part of the
        instance's domain, so a lost bind race starts over with a fresh database."""
        config = os.path.join(self.workdir, "agora.toml")
        for attempt in range(5):
            self.port = self.fixed_port or free_port(self.address)
            for name in os.listdir(self.workdir):
                if name.startswith("agora.db"):
                    os.remove(os.path.join(self.workdir, name))
            self.accounts = self.create_accounts()
            log_file = open(self.log_path, "a")
            self.proc = subprocess.Popen([self.agora, "serve", "--config", config],
                                         env=self.env(), cwd=self.workdir,
                                         stdin=subprocess.DEVNULL, stdout=log_file,
                                         stderr=subprocess.STDOUT, preexec_fn=die_with_parent)
            log_file.close()
            if self.wait_ready():
                return
            if self.proc.poll() is None:
                raise RuntimeError(f"/readyz did not answer 200 within {START_TIMEOUT} s")
            log(f"agora serve exited ({self.proc.returncode}) on port {self.port}, retrying")
        raise RuntimeError("agora serve could not start (see its log)")

    def wait_ready(self):
        url = f"http://{self.address}:{self.port}/readyz"
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                with urllib.request.urlopen(url, timeout=1) as r:
                    if r.status == 200:
                        return True
            except OSError:
                pass
            time.sleep(0.05)  # polling interval while the server binds and migrates
        return False

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            log("agora serve ignored SIGTERM; killing it")
            self.proc.kill()
            self.proc.wait()

    def print_log(self):
        try:
            with open(self.log_path) as f:
                text = f.read()
        except OSError:
            return
        print("---- agora serve log (last 4000 characters) ----")
        print(text[-4000:])
        print("---- end of log ----", flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--agora", required=True, help="the agora binary")
    parser.add_argument("--npm-ci", metavar="DIR", help="run `npm ci` in DIR when needed")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no test command given")

    # CTest stops a test with SIGTERM on its timeout: turn that into a normal exit (finally runs).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    if shutil.which(command[0]) is None:
        log(f"{command[0]} is not installed (scripts/deps installs what the interop tests need)")
        return 2
    workdir = tempfile.mkdtemp(prefix="agora-interop-")
    server = Server(os.path.abspath(args.agora), workdir)
    code = 2
    try:
        if args.npm_ci:
            npm_ci(args.npm_ci)
        server.start()
        scratch = os.path.join(workdir, "client")
        os.makedirs(scratch)
        env = server.env()
        for key in list(env):
            if key.startswith("AGORA_") and not key.startswith("AGORA_INTEROP"):
                del env[key]  # the client sees only what a client would know
        env.update({
            "AGORA_INTEROP_URL": f"http://127.0.0.1:{server.port}",
            "AGORA_INTEROP_DOMAIN": f"127.0.0.1:{server.port}",
            "AGORA_INTEROP_ACCOUNTS": json.dumps(server.accounts),
            "AGORA_INTEROP_TMP": scratch,
            "AGORA_INTEROP_SERVER_LOG": server.log_path,
            "PYTHONDONTWRITEBYTECODE": "1",  # no __pycache__ in the source tree
        })
        try:
            code = subprocess.run(command, env=env, timeout=TEST_TIMEOUT,
                                  stdin=subprocess.DEVNULL,
                                  preexec_fn=die_with_parent).returncode
        except subprocess.TimeoutExpired:
            log(f"the test did not finish within {TEST_TIMEOUT} s")
            code = 2
        if server.proc.poll() is not None:
            log(f"agora serve died during the test (exit code {server.proc.returncode})")
            code = code or 2
    except Exception as e:  # noqa: BLE001 - any set-up failure is reported the same way
        log(f"error: {e}")
        code = 2
    finally:
        was_running = server.proc is not None and server.proc.poll() is None
        server.stop()
        if was_running and server.proc.returncode != 0:
            log(f"agora serve exited {server.proc.returncode} on SIGTERM (0 expected)")
            code = code or 2
        if code != 0:
            server.print_log()
        shutil.rmtree(workdir, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
