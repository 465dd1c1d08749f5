#!/usr/bin/python3
"""toot (Debian's `toot` 0.34, a command-line client) against a real `agora serve`.

toot is driven as a person would: its own commands, its own config under $HOME/.config/toot
(HOME is a scratch directory), the password piped on standard input, the browser login answered
by playing the browser. What toot does not print (a status's visibility, say) is checked over
HTTP with the token toot saved, and statuses a test only needs (not tests) are posted that way too,
to keep the run short. Tests run in order and share `suite.state`.
"""
import json
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import time

import requests

from interop_lib import (EXIF_MARKERS, HTTP_TIMEOUT, Skip, Suite, browser_authorize, check,
                         check_blurhash, eventually, jpeg_segments, make_jpeg,
                         metadata_left_in_jpeg, server)

srv = server()
suite = Suite("toot")
S = suite.state
HOME = os.path.join(srv.tmp, "toot-home")
TOOT_TIMEOUT = 20  # seconds for one toot command


def toot_env():
    env = {k: v for k, v in os.environ.items()
           if k not in ("XDG_CONFIG_HOME", "TOOT_POST_VISIBILITY")}
    env.update(HOME=HOME, LANG="C.UTF-8", COLUMNS="120")
    return env


def toot(*args, stdin="", ok=True):
    """Runs `toot ARGS --no-color`; returns the CompletedProcess (stdout and stderr as text)."""
    done = subprocess.run(["toot", *args, "--no-color"], input=stdin, capture_output=True,
                          text=True, env=toot_env(), timeout=TOOT_TIMEOUT)
    if ok and done.returncode != 0:
        raise AssertionError(f"toot {' '.join(args)} exited {done.returncode}\n"
                             f"stdout: {done.stdout}\nstderr: {done.stderr}")
    return done


def config():
    with open(os.path.join(HOME, ".config", "toot", "config.json")) as f:
        return json.load(f)


def user_key(name):
    return f"{name}@{srv.domain}"


def token(name):
    return config()["users"][user_key(name)]["access_token"]


def api_get(name, path):
    r = requests.get(srv.url + path, headers={"Authorization": f"Bearer {token(name)}"},
                     timeout=HTTP_TIMEOUT)
    return r


def api_post(name, text, **fields):
    """Posts over HTTP with the token toot saved: for statuses a test needs but does not test."""
    r = requests.post(srv.url + "/api/v1/statuses", json={"status": text, **fields},
                      headers={"Authorization": f"Bearer {token(name)}"}, timeout=HTTP_TIMEOUT)
    check(r.status_code == 200, "set-up post", r.status_code, r.text)
    return r.json()["id"]


def posted_id(out):
    """`toot post` prints `Toot posted: URL`; the status id ends the URL."""
    m = re.search(r"Toot posted: (\S+)", out)
    check(m, "no 'Toot posted' line", out)
    last = m.group(1).rstrip("/").rsplit("/", 1)[-1]
    check(last.isdigit(), "the status URL does not end with its id", m.group(1))
    return last


def listed_ids(out):
    """Status ids in a timeline or thread as toot prints them (`ID 1234 ...`)."""
    return re.findall(r"^ID (\d+)", out, re.M)


def post(text, *args, using="alice"):
    return posted_id(toot("post", text, *args, "-u", user_key(using)).stdout)


# --- instance and sign-in ------------------------------------------------------------------------

@suite.test
def instance():
    out = toot("instance", srv.domain, "--disable-https").stdout
    check("Agora Interop" in out, "title", out)
    check(srv.domain in out, "uri", out)
    check(re.search(r"running Mastodon 4\.3\.0 \(compatible; Agora [\d.]+\)", out), "version", out)


@suite.test
def login_cli_with_password_on_stdin():
    # toot calls the login name an e-mail; Agora signs in by username (no e-mail is ever required).
    for name in ("alice", "bob"):
        done = toot("login_cli", "-i", srv.domain, "--disable-https", "-e", name,
                    stdin=srv.password(name) + "\n")
        check("Access token saved" in done.stdout, "login_cli", done.stdout, done.stderr)
    cfg = config()
    check(srv.domain in cfg["apps"], "toot registered its app", cfg["apps"])
    check(cfg["apps"][srv.domain]["base_url"] == srv.url, "app base_url", cfg["apps"])
    check(cfg["active_user"] == user_key("bob"), "the last login is active", cfg["active_user"])
    toot("activate", user_key("alice"))


@suite.test
def login_cli_wrong_password_fails():
    done = toot("login_cli", "-i", srv.domain, "--disable-https", "-e", "alice",
                stdin="wrong password\n", ok=False)
    check(done.returncode != 0 and "Login failed" in done.stderr, "refused", done.stdout,
          done.stderr)


@suite.test
def whoami_and_auth():
    out = toot("whoami").stdout
    check(out.startswith("@alice "), "whoami", out)
    m = re.search(r"^ID: (\d+)$", out, re.M)
    check(m, "account id", out)
    S["alice_id"] = m.group(1)
    out = toot("whoami", "-u", user_key("bob")).stdout
    check(out.startswith("@bob "), "whoami -u bob", out)
    out = toot("auth").stdout
    check(user_key("alice") in out and user_key("bob") in out, "auth lists both", out)


@suite.test
def browser_login_out_of_band():
    """`toot login`: toot prints the authorize URL, the person opens it, pastes the code back.

    toot builds the URL as {base}/oauth/authorize/?... (trailing slash); the browser resolves the
    page's form action against that URL."""
    proc = subprocess.Popen(["toot", "login", "-i", srv.domain, "--disable-https", "--no-color"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=toot_env())
    try:
        url = None
        deadline = time.monotonic() + TOOT_TIMEOUT
        while url is None and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            if line.startswith("http"):
                url = line.strip()
        check(url and "/oauth/authorize" in url, "toot printed no login URL", url)
        result = browser_authorize(url, "bob", srv.password("bob"))
        out, err = proc.communicate("n\n" + result["code"] + "\n", timeout=TOOT_TIMEOUT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    check(proc.returncode == 0 and "Access token saved" in out, "toot login", out, err)
    check(config()["active_user"] == user_key("bob"), "bob is active after the browser login")
    toot("activate", user_key("alice"))


# --- posting -------------------------------------------------------------------------------------

@suite.test
def post_each_visibility():
    S["by_visibility"] = {}
    for visibility in ("public", "unlisted", "private", "direct"):
        text = f"toot {visibility} post" + (" for @bob" if visibility == "direct" else "")
        sid = post(text, "-v", visibility)
        status = api_get("alice", f"/api/v1/statuses/{sid}").json()
        check(status["visibility"] == visibility, "visibility", visibility, status)
        S["by_visibility"][visibility] = sid


@suite.test
def post_with_spoiler_text():
    sid = post("the plot twist", "-p", "film spoilers")
    status = api_get("alice", f"/api/v1/statuses/{sid}").json()
    check(status["spoiler_text"] == "film spoilers" and status["sensitive"], "cw", status)


@suite.test
def post_with_hashtag_and_mention():
    sid = post("Hello @bob, this is #TootInterop")
    status = api_get("alice", f"/api/v1/statuses/{sid}").json()
    check([t["name"].lower() for t in status["tags"]] == ["tootinterop"], "tags", status["tags"])
    check([m["acct"] for m in status["mentions"]] == ["bob"], "mentions", status["mentions"])
    S["tagged"] = sid


@suite.test
def reply_and_thread():
    root = api_post("alice", "toot thread root")
    reply = post("toot reply", "-r", root, using="bob")
    out = toot("thread", root).stdout
    check(listed_ids(out) == [root, reply], "thread from the root", out)
    check(f"In reply to {root}" in out, "the reply says what it replies to", out)
    out = toot("thread", reply, "-u", user_key("bob")).stdout
    check(listed_ids(out) == [root, reply], "thread from the reply", out)


# --- timelines -----------------------------------------------------------------------------------

@suite.test
def home_timeline_first_page():
    out = toot("timeline", "-1", "-c", "5").stdout
    got = listed_ids(out)
    check(len(got) == 5, "five statuses", out)
    check(got == sorted(got, key=int, reverse=True), "newest first", got)
    check(S["tagged"] in got or int(S["tagged"]) < int(got[-1]), "alice's posts in her home", got)


def timeline_on_a_terminal(*args, answers=20):
    """Runs `toot timeline ARGS` on a pseudo-terminal (toot only pages on a terminal) and answers
    'y' to every 'Continue?' until toot says "That's all folks."; returns everything printed."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(["toot", "timeline", *args, "--no-color"], stdin=slave, stdout=slave,
                            stderr=slave, env=toot_env(), close_fds=True)
    os.close(slave)
    output = b""
    deadline = time.monotonic() + TOOT_TIMEOUT
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: the child closed the terminal
                    break
                if not chunk:
                    break
                output += chunk
                if output.rstrip().endswith(b"Continue? [Y/n]") and answers > 0:
                    answers -= 1
                    output += b"\n"
                    os.write(master, b"y\n")
            elif proc.poll() is not None:
                break
        proc.wait(timeout=5)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
    return output.decode("utf-8", "replace")


@suite.test
def home_timeline_paginates_on_a_terminal():
    posted = [api_post("bob", f"bob's toot page post {i}") for i in range(5)]
    out = timeline_on_a_terminal("-c", "2", "-u", user_key("bob"))
    check("That's all folks." in out, "toot reached the end of the timeline", out[-2000:])
    got = listed_ids(out)
    check(got[:5] == posted[::-1], "pages follow each other, newest first", got, posted)
    check(len(got) == len(set(got)), "no duplicates", got)
    check(out.count("Continue? [Y/n]") >= 3, "several pages", out.count("Continue?"))


@suite.test
def public_timeline():
    got = listed_ids(toot("timeline", "--public", "-1", "-c", "20").stdout)
    v = S["by_visibility"]
    check(v["public"] in got, "public post listed", got)
    for hidden in ("unlisted", "private", "direct"):
        check(v[hidden] not in got, f"{hidden} post must not be listed", got)
    local = listed_ids(toot("timeline", "--public", "--local", "-1", "-c", "20").stdout)
    check(v["public"] in local, "local timeline", local)


@suite.test
def tag_timeline():
    got = listed_ids(toot("timeline", "--tag", "tootinterop", "-1").stdout)
    check(got == [S["tagged"]], "tag timeline (tag case does not matter)", got)
    more = api_post("alice", "another #TootInterop")
    out = timeline_on_a_terminal("--tag", "TootInterop", "-c", "1")
    check(listed_ids(out) == [more, S["tagged"]], "tag timeline pages", out[-2000:])


# --- delete and errors ---------------------------------------------------------------------------

@suite.test
def delete_status():
    sid = api_post("alice", "short-lived toot")
    out = toot("delete", sid).stdout
    check("Status deleted" in out, "delete", out)
    done = toot("thread", sid, ok=False)
    check(done.returncode != 0 and "Record not found" in done.stderr, "gone", done.stdout,
          done.stderr)


@suite.test
def another_members_private_status_is_not_found():
    sid = api_post("bob", "bob only for his followers", visibility="private")
    done = toot("thread", sid, ok=False)  # as alice, who does not follow bob
    check(done.returncode != 0 and "Record not found" in done.stderr, "404 as toot shows it",
          done.stdout, done.stderr)
    done = toot("delete", sid, ok=False)
    check(done.returncode != 0 and "Record not found" in done.stderr, "cannot delete it",
          done.stdout, done.stderr)


@suite.test
def too_long_status_is_refused():
    done = toot("post", "x" * 501, ok=False)
    check(done.returncode != 0 and "Validation failed" in done.stderr,
          "the server's 422 message reaches the person", done.stdout, done.stderr)


# --- follows (after the errors above: they expect alice not to follow bob) -----------------------

def api_call(name, method, path, **fields):
    """Any other request with the token toot saved, for the set-up toot has no command for."""
    r = requests.request(method, srv.url + path, json=fields or None, timeout=HTTP_TIMEOUT,
                         headers={"Authorization": f"Bearer {token(name)}"})
    check(r.status_code == 200, f"{method} {path}", r.status_code, r.text)
    return r.json()


def account_id(name):
    return api_get("alice", f"/api/v1/accounts/lookup?acct={name}").json()["id"]


@suite.test
def follow_following_followers_unfollow():
    """toot finds the account of every account command (follow, unfollow, following, followers,
    whois) with GET /api/v2/search, then acts on its id."""
    done = toot("follow", "bob", ok=False)
    search = api_get("alice", "/api/v2/search?q=bob&type=accounts")
    if done.returncode != 0 and search.status_code == 404:
        check("Not found" in done.stderr, "toot reports the missing search", done.stderr)
        raise Skip("toot's account commands need GET /api/v2/search, which answers 404")
    check(done.returncode == 0 and "You are now following bob" in done.stdout, "follow",
          done.stdout, done.stderr)
    [rel] = api_get("alice", f"/api/v1/accounts/relationships?id[]={account_id('bob')}").json()
    check(rel["following"] is True, "relationship", rel)
    check("* @bob" in toot("following", "alice").stdout, "alice follows bob")
    check("* @alice" in toot("followers", "bob").stdout, "bob's followers")
    check("Followers: 1" in toot("whois", "bob").stdout, "whois counts the follower")
    check("no longer following bob" in toot("unfollow", "bob").stdout, "unfollow")
    check("* @alice" not in toot("followers", "bob").stdout, "followers after unfollow")


# --- media ---------------------------------------------------------------------------------------

def image_file(name):
    path = os.path.join(srv.tmp, name)
    with open(path, "wb") as f:
        f.write(make_jpeg(64, 48))
    return path


def served_bytes(url):
    r = requests.get(url, timeout=HTTP_TIMEOUT)
    check(r.status_code == 200, "GET " + url, r.status_code)
    return r.content


@suite.test
def upload_strips_exif_and_gps():
    out = toot("upload", image_file("card.jpg"), "-d", "a colour chart").stdout
    m = re.search(r"uploaded media ID (\d+), type 'image'", out)
    url = re.search(r"^URL: (\S+)$", out, re.M)
    preview = re.search(r"^Preview URL:\s+(\S+)$", out, re.M)
    check(m and url and preview, "toot upload's answer", out)
    media = api_get("alice", f"/api/v1/media/{m.group(1)}").json()
    check(media["url"] == url.group(1) and media["description"] == "a colour chart", "media",
          media)
    check(media["meta"]["original"]["size"] == "64x48", "meta", media["meta"])
    check_blurhash(media["blurhash"])
    served = served_bytes(url.group(1))
    check(jpeg_segments(served)[1] == (64, 48), "served size")
    check(metadata_left_in_jpeg(served) == [], "no EXIF, GPS or comment served",
          metadata_left_in_jpeg(served))
    check(not any(marker in served_bytes(preview.group(1)) for marker in EXIF_MARKERS),
          "no metadata in the preview")


@suite.test
def post_with_media_and_description():
    sid = post("a picture from toot", "-m", image_file("photo.jpg"), "-d", "a test photo")
    status = api_get("alice", f"/api/v1/statuses/{sid}").json()
    [media] = status["media_attachments"]
    check(media["description"] == "a test photo" and media["type"] == "image", "attachment",
          media)
    check(media["meta"]["original"]["width"] == 64 and media["meta"]["small"]["height"] > 0,
          "meta", media["meta"])
    check_blurhash(media["blurhash"])
    out = toot("thread", sid).stdout
    check("Media:" in out and media["url"] in out.replace("\n", ""),  # toot wraps long URLs
          "toot shows the attachment's URL", out)
    check(metadata_left_in_jpeg(served_bytes(media["url"])) == [], "no metadata served")


# --- polls (toot 0.34 shows polls; it cannot create one or vote from the command line) -----------

@suite.test
def poll_results_as_toot_shows_them():
    status = api_call("alice", "POST", "/api/v1/statuses", status="Tea or coffee?",
                      poll={"options": ["tea", "coffee", "water"], "expires_in": 3600,
                            "multiple": True})
    api_call("bob", "POST", f"/api/v1/polls/{status['poll']['id']}/votes", choices=[0, 2])
    out = toot("thread", status["id"], "-u", user_key("bob")).stdout
    check(re.search(r"^tea - 50% +✓$", out, re.M) and re.search(r"^coffee - 0% *$", out, re.M)
          and re.search(r"^water - 50% +✓$", out, re.M), "bob's view: results and his votes", out)
    footer = re.search(r"^Poll · 2 votes · Closes on (\d{4}-\d\d-\d\d \d\d:\d\d)$", out, re.M)
    check(footer, "poll footer", out)
    out = toot("thread", status["id"]).stdout  # alice, the author, voted for nothing
    check("✓" not in out and re.search(r"^tea - 50% *$", out, re.M), "alice's view", out)


# --- notifications -------------------------------------------------------------------------------

def bob_notifications(*args):
    return toot("notifications", *args, "-u", user_key("bob")).stdout


@suite.test
def notifications_of_each_type():
    api_call("alice", "POST", f"/api/v1/accounts/{account_id('bob')}/follow")
    bob_post = api_post("bob", "bob wants attention")
    check("Status favourited" in toot("favourite", bob_post).stdout, "toot favourite")
    check("Status reblogged" in toot("reblog", bob_post).stdout, "toot reblog")
    check("@alice" in toot("reblogged_by", bob_post).stdout, "toot reblogged_by")
    post("@bob look at this, from toot")
    expected = ["@alice now follows you", "@alice favourited your status",
                "@alice reblogged your status", "@alice mentioned you in",
                "bob wants attention", "look at this, from toot"]  # and the statuses concerned

    def all_there():
        out = bob_notifications()
        check(all(line in out for line in expected), "notifications as toot prints them", out)

    eventually(all_there)


@suite.test
def mentions_only_and_clear():
    out = bob_notifications("--mentions")  # exclude_types[] of every other type
    check("mentioned you in" in out, "mentions kept", out)
    for other in ("now follows you", "favourited", "reblogged"):
        check(other not in out, f"'{other}' must be filtered out", out)
    check("Cleared notifications" in bob_notifications("--clear"), "toot notifications --clear")
    out = bob_notifications()
    check("No notification" in out, "nothing left", out)


if __name__ == "__main__":
    if shutil.which("toot") is None:
        sys.exit("interop toot: the toot command is not installed (scripts/deps installs it)")
    sys.exit(suite.run())
