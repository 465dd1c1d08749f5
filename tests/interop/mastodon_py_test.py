#!/usr/bin/python3
"""Mastodon.py (Debian's python3-mastodon) against a real `agora serve`.

Run by CTest through run_with_server.py; alone: see tests/interop/README.md. Tests run in order and
share `suite.state` (the app, the tokens, the posted statuses). To add a test: write a function
decorated with @suite.test below the ones it depends on.
"""
import queue
import secrets
import socket
import sys
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from urllib.parse import urlencode

import requests
from mastodon import (Mastodon, MastodonAPIError, MastodonIllegalArgumentError,
                      MastodonNotFoundError, MastodonUnauthorizedError, StreamListener)

from interop_lib import (EXIF_MARKERS, HTTP_TIMEOUT, Skip, Suite, browser_authorize,
                         check, check_blurhash, eventually, expect_error, jpeg_segments,
                         make_jpeg, metadata_left_in_jpeg, pkce_pair, server)

srv = server()
suite = Suite("mastodon.py")
S = suite.state
SCOPES = ["read", "write", "follow"]
CALLBACK = "http://127.0.0.1:1/interop-callback"  # never contacted: the code is read from Location
STREAM_READ_TIMEOUT = 30  # seconds without a byte before Mastodon.py gives up (heartbeat: 15 s)


def client(**kwargs):
    return Mastodon(api_base_url=srv.url, request_timeout=HTTP_TIMEOUT, **kwargs)


def app_client():
    return client(client_id=S["client_id"], client_secret=S["client_secret"])


def user_client(name):
    return client(access_token=S["tokens"][name])


def ids(statuses):
    return [str(s["id"]) for s in statuses]


# --- instance and app ----------------------------------------------------------------------------

@suite.test
def instance_v1_and_version_check():
    api = client()  # version_check_mode "created" reads /api/v1/instance/ (trailing slash)
    check(api.version_check_worked, "Mastodon.py could not read the instance version")
    check(api.retrieve_mastodon_version() == "4.3.0", "version", api.retrieve_mastodon_version())
    check(api.verify_minimum_version("4.0.0", cached=True), "4.0.0 features should be enabled")
    info = api.instance()
    check(info["uri"] == srv.domain, "uri", info["uri"])
    check(info["title"] == "Agora Interop", "title", info["title"])
    check("Agora" in info["version"], "version", info["version"])
    check(info["configuration"]["statuses"]["max_characters"] == 500, "max_characters",
          info["configuration"])
    check(api.instance_rules() == [], "rules")
    check(api.instance_peers() == [], "peers")
    check(api.custom_emojis() == [], "custom emojis")


@suite.test
def create_app():
    client_id, client_secret = Mastodon.create_app(
        "Mastodon.py interop", scopes=SCOPES, redirect_uris=["urn:ietf:wg:oauth:2.0:oob", CALLBACK],
        website="https://example.org/interop", api_base_url=srv.url, request_timeout=HTTP_TIMEOUT)
    check(client_id and client_secret, "no client id or secret")
    S.update(client_id=client_id, client_secret=client_secret, tokens={})
    app = client(access_token=app_token()).app_verify_credentials()
    check(app["name"] == "Mastodon.py interop", "app name", app)


def app_token():
    """A client_credentials token, as requested over plain HTTP (Mastodon.py has no helper)."""
    r = requests.post(srv.url + "/oauth/token", timeout=HTTP_TIMEOUT,
                      data={"grant_type": "client_credentials", "client_id": S["client_id"],
                            "client_secret": S["client_secret"], "scope": "read"})
    check(r.status_code == 200, "client_credentials grant", r.status_code, r.text)
    return r.json()["access_token"]


# --- sign-in -------------------------------------------------------------------------------------

@suite.test
def password_grant():
    for name in ("alice", "bob"):
        api = app_client()
        token = api.log_in(name, srv.password(name), scopes=SCOPES)
        S["tokens"][name] = token
        me = api.account_verify_credentials()
        check(me["username"] == name and me["acct"] == name, "verify_credentials", me)
        check("source" in me and me["source"]["privacy"] == "public", "source", me.get("source"))
        S.setdefault("account_ids", {})[name] = me["id"]


@suite.test
def refresh_token_grant():
    api = app_client()
    api.log_in("alice", srv.password("alice"), scopes=SCOPES)
    old_token, refresh = api.access_token, api._refresh_token  # Mastodon.py keeps it here
    check(refresh, "Agora issues a refresh token with user tokens")
    api.log_in(refresh_token=refresh, scopes=SCOPES)
    check(api.access_token != old_token, "a new access token")
    check(api.account_verify_credentials()["username"] == "alice", "the new token works")
    expect_error(client(access_token=old_token).account_verify_credentials,
                 MastodonUnauthorizedError, 401)


@suite.test
def password_grant_wrong_password():
    expect_error(lambda: app_client().log_in("alice", "not the password", scopes=SCOPES),
                 MastodonIllegalArgumentError)


@suite.test
def authorization_code_with_redirect_and_state():
    api = app_client()
    state = secrets.token_urlsafe(12)
    url = api.auth_request_url(redirect_uris=CALLBACK, scopes=SCOPES, state=state,
                               force_login=True, lang="en")
    result = browser_authorize(url, "alice", srv.password("alice"))
    check(result["redirect"] and result["redirect"].startswith(CALLBACK + "?"), "redirect", result)
    check(result["state"] == state, "state must come back unchanged", result)
    api.log_in(code=result["code"], redirect_uri=CALLBACK, scopes=SCOPES)
    check(api.account_verify_credentials()["username"] == "alice", "signed in as alice")
    # A code is single-use.
    expect_error(lambda: app_client().log_in(code=result["code"], redirect_uri=CALLBACK,
                                             scopes=SCOPES), MastodonIllegalArgumentError)


@suite.test
def authorization_code_out_of_band():
    api = app_client()
    url = api.auth_request_url(scopes=SCOPES)  # urn:ietf:wg:oauth:2.0:oob: the page shows the code
    result = browser_authorize(url, "bob", srv.password("bob"))
    check(result["redirect"] is None and result["code"], "code shown on the page", result)
    api.log_in(code=result["code"], scopes=SCOPES)
    check(api.account_verify_credentials()["username"] == "bob", "signed in as bob")


@suite.test
def authorization_code_with_pkce_public_client():
    # Mastodon.py 1.8 builds the URL; PKCE parameters are added as a public client would, and the
    # code is exchanged without the client secret (Mastodon.py 1.8's log_in cannot send a verifier).
    verifier, challenge = pkce_pair()
    url = app_client().auth_request_url(redirect_uris=CALLBACK, scopes=SCOPES)
    url += "&" + urlencode({"code_challenge": challenge, "code_challenge_method": "S256"})
    result = browser_authorize(url, "alice", srv.password("alice"))
    check(result["code"], "no code", result)
    exchange = {"grant_type": "authorization_code", "client_id": S["client_id"],
                "code": result["code"], "redirect_uri": CALLBACK}
    wrong = requests.post(srv.url + "/oauth/token", timeout=HTTP_TIMEOUT,
                          data=dict(exchange, code_verifier=pkce_pair()[0]))
    check(wrong.status_code == 400 and wrong.json()["error"] == "invalid_grant",
          "a wrong verifier must be refused", wrong.status_code, wrong.text)
    # Whether a refused exchange burns the code is the server's choice: ask for a fresh one.
    result = browser_authorize(
        app_client().auth_request_url(redirect_uris=CALLBACK, scopes=SCOPES) + "&" +
        urlencode({"code_challenge": challenge, "code_challenge_method": "S256"}),
        "alice", srv.password("alice"))
    good = requests.post(srv.url + "/oauth/token", timeout=HTTP_TIMEOUT,
                         data=dict(exchange, code=result["code"], code_verifier=verifier))
    check(good.status_code == 200, "PKCE exchange", good.status_code, good.text)
    api = client(access_token=good.json()["access_token"])
    check(api.account_verify_credentials()["username"] == "alice", "PKCE token is alice's")


@suite.test
def authorization_denied():
    url = app_client().auth_request_url(redirect_uris=CALLBACK, scopes=SCOPES, state="s1")
    result = browser_authorize(url, "alice", "", decision="deny")
    check(result["error"] == "access_denied" and result["state"] == "s1", "deny", result)


@suite.test
def generated_password_must_change_at_first_sign_in():
    old = srv.password("carol")
    # The password grant cannot change a password: it must not hand out a token for carol yet.
    expect_error(lambda: app_client().log_in("carol", old, scopes=SCOPES),
                 MastodonIllegalArgumentError)
    fresh = "carol's chosen password"
    api = app_client()
    result = browser_authorize(api.auth_request_url(scopes=SCOPES), "carol", old,
                               new_password=fresh)
    api.log_in(code=result["code"], scopes=SCOPES)
    me = api.account_verify_credentials()
    check(me["username"] == "carol", "signed in as carol")
    S["tokens"]["carol"], S["account_ids"]["carol"] = api.access_token, me["id"]
    check(app_client().log_in("carol", fresh, scopes=SCOPES), "new password works")
    expect_error(lambda: app_client().log_in("carol", old, scopes=SCOPES),
                 MastodonIllegalArgumentError)


# --- statuses ------------------------------------------------------------------------------------

@suite.test
def post_each_visibility():
    alice = user_client("alice")
    S["by_visibility"] = {}
    for visibility in ("public", "unlisted", "private", "direct"):
        text = f"Mastodon.py {visibility} post" + (" to @bob" if visibility == "direct" else "")
        status = alice.status_post(text, visibility=visibility)
        check(status["visibility"] == visibility, "visibility", visibility, status["visibility"])
        check(status["account"]["username"] == "alice", "author", status["account"])
        check(f"Mastodon.py {visibility} post" in status["content"], "content", status["content"])
        S["by_visibility"][visibility] = status
    direct = S["by_visibility"]["direct"]
    check([m["username"] for m in direct["mentions"]] == ["bob"], "direct mentions", direct)


@suite.test
def post_with_content_warning():
    status = user_client("alice").status_post("what the film is about", spoiler_text="spoilers")
    check(status["spoiler_text"] == "spoilers", "spoiler_text", status["spoiler_text"])
    check(status["sensitive"] is True, "a content warning makes the status sensitive", status)
    S["with_cw"] = status


@suite.test
def entities_parse_as_mastodon_py_expects():
    status = S["with_cw"]
    # Mastodon.py turns ISO 8601 dates into datetimes and numeric string ids into ints: a date
    # it cannot parse stays a string, an id that is not numeric stays a string.
    check(isinstance(status["created_at"], datetime), "created_at", status["created_at"])
    check(isinstance(status["account"]["created_at"], datetime), "account created_at")
    check(isinstance(status["id"], int) and isinstance(status["account"]["id"], int), "ids")
    check(status["application"]["name"] == "Mastodon.py interop", "application",
          status.get("application"))


@suite.test
def post_with_hashtag_and_mention():
    status = user_client("alice").status_post("Hello @bob, see #InteropPy")
    check([t["name"].lower() for t in status["tags"]] == ["interoppy"], "tags", status["tags"])
    check([m["acct"] for m in status["mentions"]] == ["bob"], "mentions", status["mentions"])
    check(str(status["mentions"][0]["id"]) == str(S["account_ids"]["bob"]), "mention id")
    check("/tags/" in status["content"] and "mention" in status["content"], "links in content",
          status["content"])
    S["tagged"] = status


@suite.test
def unicode_text_and_hashtag():
    alice = user_client("alice")
    # 500 characters, not bytes: "é" is two bytes in UTF-8; a skin-toned emoji is one character.
    check(alice.status_post("é" * 500), "500 × é accepted")
    check(alice.status_post("👍🏽" * 500), "500 × 👍🏽 accepted")
    expect_error(lambda: alice.status_post("é" * 501), MastodonAPIError, 422)
    status = alice.status_post("Rentrée : #École")
    check([t["name"] for t in status["tags"]] == ["ecole"], "normalised tag", status["tags"])
    for spelling in ("École", "ecole", "ÉCOLE"):  # a non-ASCII path segment, percent-encoded
        check(ids(alice.timeline_hashtag(spelling)) == [str(status["id"])], spelling)


@suite.test
def idempotency_key():
    alice = user_client("alice")
    first = alice.status_post("only once", idempotency_key="mastodon-py-once")
    second = alice.status_post("only once", idempotency_key="mastodon-py-once")
    check(first["id"] == second["id"], "same key, same status", first["id"], second["id"])


@suite.test
def get_status_and_context():
    alice, bob = user_client("alice"), user_client("bob")
    root = alice.status_post("thread root")
    reply = bob.status_post("a reply", in_reply_to_id=root["id"])
    check(reply["in_reply_to_id"] == root["id"], "in_reply_to_id", reply)
    fetched = bob.status(root["id"])
    check(fetched["id"] == root["id"] and fetched["content"] == root["content"], "status", fetched)
    context = alice.status_context(root["id"])
    check(ids(context["descendants"]) == [str(reply["id"])], "descendants", context)
    context = alice.status_context(reply["id"])
    check(ids(context["ancestors"]) == [str(root["id"])], "ancestors", context)


@suite.test
def status_reply_keeps_the_content_warning_and_mentions():
    # Mastodon.py's status_reply copies the CW, adds @mentions of the author, and replies.
    reply = user_client("bob").status_reply(S["with_cw"], "no spoilers from me")
    check(reply["in_reply_to_id"] == S["with_cw"]["id"], "in_reply_to_id", reply)
    check(reply["spoiler_text"] == "spoilers", "CW carried over", reply["spoiler_text"])
    check([m["acct"] for m in reply["mentions"]] == ["alice"], "mentions", reply["mentions"])
    check(str(reply["in_reply_to_account_id"]) == str(S["account_ids"]["alice"]),
          "in_reply_to_account_id", reply)


@suite.test
def status_source():
    status = user_client("alice").status_post("the source, *as typed*", spoiler_text="cw")
    source = user_client("alice").status_source(status["id"])
    check(source["text"] == "the source, *as typed*" and source["spoiler_text"] == "cw",
          "source", source)
    user_client("alice").status_delete(status["id"])


@suite.test
def delete_returns_source_for_redraft():
    alice = user_client("alice")
    status = alice.status_post("to be redrafted #InteropPy", spoiler_text="cw")
    deleted = alice.status_delete(status["id"])
    check(deleted["text"] == "to be redrafted #InteropPy", "redraft text", deleted)
    check(deleted["spoiler_text"] == "cw", "redraft spoiler", deleted)
    expect_error(lambda: alice.status(status["id"]), MastodonNotFoundError)


# --- timelines -----------------------------------------------------------------------------------

def walk(api, first_page, limit_pages=20):
    """Follows fetch_next (the Link header's rel=next) to the end; returns the pages."""
    pages = [first_page]
    while len(pages) < limit_pages:
        page = api.fetch_next(pages[-1])
        if not page:
            break
        pages.append(page)
    return pages


@suite.test
def home_timeline_pagination():
    bob = user_client("bob")
    posted = [str(bob.status_post(f"bob's home post {i}")["id"]) for i in range(7)]
    pages = walk(bob, bob.timeline_home(limit=3))
    seen = [i for p in pages for i in ids(p)]
    check(seen[:7] == posted[::-1], "newest first, no gap, no duplicate", seen, posted)
    check(all(len(p) <= 3 for p in pages), "limit respected", [len(p) for p in pages])
    check(len(seen) == len(set(seen)), "no duplicates", seen)
    # fetch_previous (rel=prev, min_id) from the second page gives back the first one.
    check(ids(bob.fetch_previous(pages[1])) == ids(pages[0]), "fetch_previous",
          ids(pages[0]), ids(bob.fetch_previous(pages[1])))
    # Nothing newer than the newest.
    newer = bob.fetch_previous(pages[0])
    check(not newer, "nothing above the newest status", newer)
    # since_id
    check(ids(bob.timeline_home(since_id=posted[4])) == posted[5:][::-1], "since_id")


@suite.test
def home_timeline_shows_own_and_mentions():
    bob = user_client("bob")

    def direct_post_arrived():  # mentions reach bob's home through the asynchronous fan-out
        home = ids(bob.timeline_home(limit=40))
        check(str(S["by_visibility"]["direct"]["id"]) in home, "bob sees the direct post to him",
              home)
        return home

    home = eventually(direct_post_arrived)
    check(str(S["by_visibility"]["private"]["id"]) not in home,
          "bob does not follow alice: no followers-only post in his home", home)


@suite.test
def public_timeline_pagination_and_visibility():
    alice = user_client("alice")
    pages = walk(alice, alice.timeline_public(limit=4))
    seen = [i for p in pages for i in ids(p)]
    v = {k: str(s["id"]) for k, s in S["by_visibility"].items()}
    check(v["public"] in seen, "public status in the public timeline")
    for hidden in ("unlisted", "private", "direct"):
        check(v[hidden] not in seen, f"{hidden} status must not be in the public timeline")
    check(seen == sorted(seen, key=int, reverse=True), "newest first", seen)
    check(len(seen) == len(set(seen)), "no duplicates across pages")
    local = ids(alice.timeline_local(limit=40))
    check(v["public"] in local, "local timeline")
    anonymous = ids(client().timeline_public(limit=40))
    check(v["public"] in anonymous, "the public timeline is readable without a token")


@suite.test
def tag_timeline_pagination():
    alice = user_client("alice")
    more = [str(alice.status_post(f"more #interoppy {i}")["id"]) for i in range(3)]
    pages = walk(alice, alice.timeline_hashtag("InteropPy", limit=2))
    seen = [i for p in pages for i in ids(p)]
    check(seen == more[::-1] + [str(S["tagged"]["id"])], "tag timeline, across pages", seen)


@suite.test
def account_lookup_and_statuses():
    alice = user_client("alice")
    bob = alice.account_lookup("bob")
    check(bob["username"] == "bob" and bob["id"] == S["account_ids"]["bob"], "lookup", bob)
    check(alice.account(bob["id"])["acct"] == "bob", "account by id")
    statuses = alice.account_statuses(bob["id"], limit=3)
    check(len(statuses) == 3 and all(s["account"]["username"] == "bob" for s in statuses),
          "bob's statuses", statuses)
    check(alice.fetch_next(statuses), "account statuses paginate")


# --- errors --------------------------------------------------------------------------------------

@suite.test
def another_members_private_status_is_404():
    private = user_client("bob").status_post("bob's followers only", visibility="private")
    e = expect_error(lambda: user_client("alice").status(private["id"]), MastodonNotFoundError,
                     404)
    check(e.args[3], "the 404 carries the server's error message", e.args)
    expect_error(lambda: user_client("alice").status_context(private["id"]), MastodonNotFoundError)
    expect_error(lambda: client().status(private["id"]), MastodonNotFoundError)


@suite.test
def deleting_another_members_status_is_404():
    status = user_client("bob").status_post("bob's, not alice's")
    expect_error(lambda: user_client("alice").status_delete(status["id"]), MastodonNotFoundError)
    check(user_client("bob").status(status["id"])["id"] == status["id"], "still there")


@suite.test
def too_long_status_is_422():
    e = expect_error(lambda: user_client("alice").status_post("x" * 501), MastodonAPIError, 422)
    check(e.args[3] and "Validation failed" in e.args[3], "message", e.args)
    check(user_client("alice").status_post("y" * 500), "500 characters are accepted")


@suite.test
def bad_token_is_401():
    expect_error(lambda: client(access_token="not-a-token").account_verify_credentials(),
                 MastodonUnauthorizedError, 401)
    expect_error(lambda: client().status_post("no token"), MastodonUnauthorizedError, 401)


@suite.test
def revoked_token_is_401():
    api = app_client()
    api.log_in("alice", srv.password("alice"), scopes=SCOPES)
    api.revoke_access_token()
    expect_error(api.account_verify_credentials, MastodonUnauthorizedError, 401)


@suite.test
def read_only_token_cannot_post():
    api = app_client()
    api.log_in("alice", srv.password("alice"), scopes=["read"])
    check(api.account_verify_credentials()["username"] == "alice", "read works")
    expect_error(lambda: api.status_post("write needs the write scope"), MastodonAPIError, 403)


# --- follows (after the errors above: they expect alice not to follow bob) -----------------------

def relationship(api, target_id):
    answer = api.account_relationships(target_id)
    check(len(answer) == 1 and str(answer[0]["id"]) == str(target_id), "one relationship", answer)
    return answer[0]


@suite.test
def follow_and_relationships():
    alice, bob = user_client("alice"), user_client("bob")
    a, b, c = (S["account_ids"][n] for n in ("alice", "bob", "carol"))
    followers_before = bob.account(b)["followers_count"]
    answer = alice.account_follow(b)
    check(str(answer["id"]) == str(b) and answer["following"] is True, "follow answer", answer)
    check(answer["requested"] is False and answer["followed_by"] is False, "follow answer", answer)
    mine = relationship(alice, b)
    check(mine["following"] and not mine["followed_by"] and not mine["blocking"]
          and not mine["muting"], "alice → bob", mine)
    theirs = relationship(bob, a)
    check(theirs["followed_by"] and not theirs["following"], "bob sees alice follow him", theirs)
    both = alice.account_relationships([b, c, "999999999"])  # unknown ids are left out
    check({str(r["id"]): r["following"] for r in both} == {str(b): True, str(c): False},
          "several ids at once", both)
    check(bob.account(b)["followers_count"] == followers_before + 1, "followers_count")
    check(alice.account_verify_credentials()["following_count"] == 1, "following_count")


@suite.test
def following_brings_statuses_home():
    alice, bob = user_client("alice"), user_client("bob")
    private = bob.status_post("for my followers, alice included", visibility="private")
    check(alice.status(private["id"])["id"] == private["id"], "a follower may read it")

    def in_alice_home():
        home = alice.timeline_home(limit=40)
        check(str(private["id"]) in ids(home), "bob's followers-only post in alice's home")
        return home

    entry = [s for s in eventually(in_alice_home) if s["id"] == private["id"]][0]
    check(entry["agora"]["reason"]["type"] == "followed", "why it is there", entry["agora"])


@suite.test
def followers_and_following_pages():
    bob, carol = user_client("bob"), user_client("carol")
    b = S["account_ids"]["bob"]
    check(carol.account_follow(b)["following"], "carol follows bob")
    first = bob.account_followers(b, limit=1)
    pages = walk(bob, first)
    check([[a["acct"] for a in p] for p in pages] == [["carol"], ["alice"]],
          "newest follow first, one per page", pages)
    following = bob.account_following(S["account_ids"]["alice"])
    check([a["acct"] for a in following] == ["bob"], "whom alice follows", following)


@suite.test
def unfollow():
    bob, carol = user_client("bob"), user_client("carol")
    b = S["account_ids"]["bob"]
    eventually(lambda: check(any(s["account"]["acct"] == "bob" for s in
                                 carol.timeline_home(limit=40)), "bob's posts reach carol"))
    answer = carol.account_unfollow(b)
    check(answer["following"] is False and answer["requested"] is False, "unfollow answer", answer)
    check(not relationship(carol, b)["following"], "relationship after unfollow")
    check(not relationship(bob, S["account_ids"]["carol"])["followed_by"], "bob's side")
    check([a["acct"] for a in bob.account_followers(b)] == ["alice"], "followers after unfollow")
    home = carol.timeline_home(limit=40)
    check(not any(s["account"]["acct"] == "bob" for s in home), "bob's posts left carol's home",
          [s["account"]["acct"] for s in home])


@suite.test
def locked_account_follow_requests():
    bob, carol = user_client("bob"), user_client("carol")
    check(carol.follow_requests() == [], "no follow request yet")
    try:
        me = carol.account_update_credentials(locked=True)
    except MastodonAPIError as e:
        if e.args[1] not in (404, 405):
            raise
        raise Skip(f"PATCH /api/v1/accounts/update_credentials answers {e.args[1]}: no locked "
                   "account can be made through the API yet")
    check(me["locked"] is True, "locked", me)
    c, b = S["account_ids"]["carol"], S["account_ids"]["bob"]
    answer = bob.account_follow(c)
    check(answer["requested"] is True and answer["following"] is False, "requested", answer)
    check([str(a["id"]) for a in carol.follow_requests()] == [str(b)], "carol's requests")
    eventually(lambda: check("follow_request" in [n["type"] for n in carol.notifications()],
                             "follow_request notification"))
    check(carol.follow_request_authorize(b)["followed_by"] is True, "authorized")
    check(relationship(bob, c)["following"], "bob follows carol once she agreed")
    answer = user_client("alice").account_follow(c)
    check(answer["requested"], "alice's request", answer)
    carol.follow_request_reject(S["account_ids"]["alice"])
    rejected = relationship(user_client("alice"), c)
    check(not rejected["following"] and not rejected["requested"], "rejected", rejected)
    carol.account_update_credentials(locked=False)


# --- media ---------------------------------------------------------------------------------------

def served(url):
    r = requests.get(url, timeout=HTTP_TIMEOUT)  # no token: the URL is the key, as for an <img>
    check(r.status_code == 200, "GET " + url, r.status_code, r.text[:200])
    return r


@suite.test
def upload_image_strips_exif_and_gps():
    original = make_jpeg(64, 48)
    check(metadata_left_in_jpeg(original), "the test image must carry EXIF to begin with")
    media = user_client("alice").media_post(original, mime_type="image/jpeg", file_name="card.jpg",
                                            description="a colour chart", focus=(0.5, -0.25))
    check(media["type"] == "image" and media["url"] and media["preview_url"], "media", media)
    check(media["description"] == "a colour chart", "description", media["description"])
    meta = media["meta"]
    check((meta["original"]["width"], meta["original"]["height"]) == (64, 48), "size", meta)
    check(meta["original"]["size"] == "64x48" and abs(meta["original"]["aspect"] - 4 / 3) < 1e-6,
          "size and aspect", meta["original"])
    check(0 < meta["small"]["width"] <= 64 and 0 < meta["small"]["height"] <= 48, "small", meta)
    check(meta["focus"] == {"x": 0.5, "y": -0.25}, "focus", meta.get("focus"))
    check_blurhash(media["blurhash"])
    file = served(media["url"])
    check(file.headers["Content-Type"] == "image/jpeg", "type", file.headers["Content-Type"])
    check(jpeg_segments(file.content)[1] == (64, 48), "served size", jpeg_segments(file.content))
    check(metadata_left_in_jpeg(file.content) == [], "no EXIF, GPS or comment may be served",
          metadata_left_in_jpeg(file.content))
    preview = served(media["preview_url"]).content
    check(metadata_left_in_jpeg(preview) == [] if preview[:2] == b"\xFF\xD8" else
          not any(m in preview for m in EXIF_MARKERS), "preview without metadata")
    S["media"] = media


@suite.test
def update_description_and_focus():
    alice = user_client("alice")
    media = alice.media_update(S["media"]["id"], description="a chart of colours",
                               focus=(-0.5, 0.75))
    check(media["description"] == "a chart of colours", "description", media["description"])
    check(media["meta"]["focus"] == {"x": -0.5, "y": 0.75}, "focus", media["meta"])
    again = alice.media(S["media"]["id"])
    check(again["description"] == "a chart of colours" and again["meta"]["focus"]["y"] == 0.75,
          "read back", again)
    expect_error(lambda: user_client("bob").media(S["media"]["id"]), MastodonNotFoundError)


@suite.test
def post_a_status_with_media():
    alice = user_client("alice")
    status = alice.status_post("our colour chart", media_ids=[S["media"]["id"]],
                               sensitive=True)
    [attached] = status["media_attachments"]
    check(attached["id"] == S["media"]["id"] and attached["description"] == "a chart of colours",
          "attachment", attached)
    [seen] = user_client("bob").status(status["id"])["media_attachments"]
    check(seen["meta"]["original"]["width"] == 64 and seen["meta"]["focus"]["x"] == -0.5,
          "bob reads meta", seen["meta"])
    check(seen["blurhash"] == S["media"]["blurhash"] and seen["url"] == S["media"]["url"],
          "blurhash and url", seen)
    check(status["sensitive"] is True, "sensitive", status)
    only_media = alice.account_statuses(S["account_ids"]["alice"], only_media=True)
    check(ids(only_media)[:1] == [str(status["id"])], "only_media", ids(only_media))
    # Once a status uses it, the media is no longer the uploader's to change (as Mastodon).
    expect_error(lambda: alice.media_update(S["media"]["id"], description="x"),
                 MastodonNotFoundError)


@suite.test
def upload_that_is_not_an_image_is_422():
    e = expect_error(lambda: user_client("alice").media_post(b"not an image at all",
                                                             mime_type="image/jpeg"),
                     MastodonAPIError, 422)
    check(e.args[3], "the 422 says why", e.args)


# --- polls ---------------------------------------------------------------------------------------

def votes(poll):
    return [o["votes_count"] for o in poll["options"]]


@suite.test
def post_a_poll():
    alice = user_client("alice")
    status = alice.status_post("Tea, coffee or water?", poll=alice.make_poll(
        ["tea", "coffee", "water"], expires_in=600, multiple=True))
    poll = status["poll"]
    check([o["title"] for o in poll["options"]] == ["tea", "coffee", "water"], "options", poll)
    check(poll["multiple"] is True and poll["expired"] is False, "multiple, open", poll)
    check(votes(poll) == [0, 0, 0] and poll["votes_count"] == 0, "no votes yet", poll)
    left = (poll["expires_at"] - datetime.now(timezone.utc)).total_seconds()
    check(590 <= left <= 600, "expires_in=600", poll["expires_at"])
    check(poll["voted"] is True and poll["own_votes"] == [], "the author counts as voted", poll)
    S["poll_status"] = status


@suite.test
def vote_and_read_results():
    bob, carol = user_client("bob"), user_client("carol")
    poll_id = S["poll_status"]["poll"]["id"]
    before = bob.poll(poll_id)
    check(before["voted"] is False and before["own_votes"] == [], "bob has not voted", before)
    bob.poll_vote(poll_id, [0, 2])  # Mastodon.py 1.8 returns None here (its `return` is missing)
    carol.poll_vote(poll_id, 2)
    poll = bob.poll(poll_id)
    check(poll["voted"] is True and poll["own_votes"] == [0, 2], "bob's votes", poll)
    check(votes(poll) == [1, 0, 2] and poll["votes_count"] == 3 and poll["voters_count"] == 2,
          "results", poll)
    seen = user_client("alice").status(S["poll_status"]["id"])["poll"]
    check(votes(seen) == [1, 0, 2] and seen["own_votes"] == [], "the author reads the results",
          seen)


@suite.test
def voting_twice_is_refused():
    alice, bob = user_client("alice"), user_client("bob")
    single = alice.status_post("Yes or no?", poll=alice.make_poll(["yes", "no"], 300))["poll"]
    bob.poll_vote(single["id"], 1)
    e = expect_error(lambda: bob.poll_vote(single["id"], 0), MastodonAPIError, 422)
    check("already voted" in e.args[3], "message", e.args)
    check(bob.poll(single["id"])["own_votes"] == [1] and votes(bob.poll(single["id"])) == [0, 1],
          "the refused vote changed nothing")
    multiple = S["poll_status"]["poll"]["id"]  # the same option again in a multiple-choice poll
    expect_error(lambda: bob.poll_vote(multiple, [0]), MastodonAPIError, 422)
    expect_error(lambda: user_client("carol").poll_vote(single["id"], 5), MastodonAPIError, 422)
    expect_error(lambda: alice.poll_vote(single["id"], 0), MastodonAPIError, 422)  # own poll
    expect_error(lambda: bob.poll("999999999"), MastodonNotFoundError, 404)


# --- notifications -------------------------------------------------------------------------------

@suite.test
def notifications_of_each_type():
    alice, bob = user_client("alice"), user_client("bob")
    post = bob.status_post("notice me")
    alice.status_favourite(post["id"])
    alice.status_reblog(post["id"])
    mention = alice.status_post("@bob have a look")
    want = {("follow", None), ("favourite", str(post["id"])), ("reblog", str(post["id"])),
            ("mention", str(mention["id"]))}

    def arrived():
        mine = {}
        for n in bob.notifications(limit=80):
            if str(n["account"]["id"]) == str(S["account_ids"]["alice"]):
                status = n.get("status")  # Mastodon leaves the key out for follows
                mine.setdefault((n["type"], str(status["id"]) if status else None), n)
        check(want <= set(mine), "missing", want - set(mine))
        return mine

    mine = eventually(arrived)
    reblog = mine[("reblog", str(post["id"]))]
    check(reblog["status"]["reblog"] is None, "the notification carries the boosted status")
    check(isinstance(reblog["created_at"], datetime), "created_at", reblog["created_at"])
    S["notified"] = {kind: n["id"] for (kind, _), n in mine.items()}


@suite.test
def notification_type_filters():
    bob = user_client("bob")

    def kinds(**filters):
        return {n["type"] for n in bob.notifications(limit=80, **filters)}

    check(kinds(types=["mention"]) == {"mention"}, "types[]", kinds(types=["mention"]))
    check(kinds(mentions_only=True) == {"mention"}, "mentions_only (sent as types[])")
    check(kinds(types=["favourite", "reblog"]) == {"favourite", "reblog"}, "two types")
    rest = kinds(exclude_types=["mention", "follow"])
    check({"favourite", "reblog"} <= rest and not rest & {"mention", "follow"}, "exclude_types[]",
          rest)
    check(kinds(types=["favourite", "reblog"], exclude_types=["reblog"]) == {"favourite"},
          "both filters: their intersection")
    one = bob.notifications(id=S["notified"]["favourite"])
    check(one["type"] == "favourite" and one["id"] == S["notified"]["favourite"], "by id", one)


@suite.test
def dismiss_and_clear_notifications():
    bob = user_client("bob")
    favourite = S["notified"]["favourite"]
    expect_error(lambda: user_client("alice").notifications_dismiss(favourite),
                 MastodonNotFoundError)  # someone else's
    bob.notifications_dismiss(favourite)
    left = ids(bob.notifications(limit=80))
    check(str(favourite) not in left and str(S["notified"]["reblog"]) in left, "dismissed one",
          left)
    expect_error(lambda: bob.notifications(id=favourite), MastodonNotFoundError)
    bob.notifications_clear()
    check(bob.notifications(limit=80) == [], "cleared")
    check(user_client("alice").notifications(limit=80), "alice's notifications are untouched")


# --- streaming (Mastodon.py reads the server-sent-events paths) ----------------------------------

class Collector(StreamListener):
    """Queues what a stream delivers; next() waits (bounded) for a given event."""

    def __init__(self):
        self.events = queue.Queue()
        self.passed = []  # events next() went past

    def on_update(self, status):
        self.events.put(("update", status))

    def on_notification(self, notification):
        self.events.put(("notification", notification))

    def on_delete(self, status_id):
        self.events.put(("delete", status_id))

    def on_status_update(self, status):
        self.events.put(("status.update", status))

    def on_abort(self, err):
        self.events.put(("abort", err))

    def on_unknown_event(self, name, unknown_event=None):
        self.events.put(("unknown:" + name, unknown_event))

    def next(self, event, match=lambda payload: True, timeout=5.0):
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                kind, payload = self.events.get(timeout=left)
            except queue.Empty:
                break
            if kind == event and match(payload):
                return payload
            self.passed.append((kind, payload))
        raise AssertionError(f"no matching {event} within {timeout} s; got {self.passed!r}")


@contextmanager
def stream(start):
    """Runs `start(listener, run_async=True)` in Mastodon.py's thread, waits (bounded) until the
    connection is open (the server subscribes before it answers), closes it afterwards."""
    listener = Collector()
    handle = start(listener, run_async=True, timeout=STREAM_READ_TIMEOUT)
    try:
        deadline = time.monotonic() + 5
        while handle.connection is None and time.monotonic() < deadline:
            time.sleep(0.02)
        check(handle.connection is not None, "the stream did not open", listener.passed)
        yield listener
    finally:
        # Mastodon.py's close() waits until its reading thread gets the next byte (the heartbeat,
        # every 15 s): shut the socket down first, as a program ending would.
        handle.closed = True
        try:
            handle.connection.raw._fp.fp.raw._sock.shutdown(socket.SHUT_RDWR)
        except (AttributeError, OSError):
            pass
        handle.close()


def same_id(expected):
    return lambda payload: str(payload if not isinstance(payload, dict) else payload["id"]) == \
        str(expected)


@suite.test
def stream_user_update_notification_delete():
    alice, bob, carol = user_client("alice"), user_client("bob"), user_client("carol")
    check(alice.stream_healthy(), "/api/v1/streaming/health")
    with stream(alice.stream_user) as events:
        post = bob.status_post("live from bob")
        update = events.next("update", same_id(post["id"]))
        check(update["account"]["acct"] == "bob" and "live from bob" in update["content"],
              "the update is bob's status", update)
        stranger = carol.status_post("carol is not followed by alice")
        mention = bob.status_post("@alice are you there?")
        notification = events.next("notification", lambda n: n["type"] == "mention")
        check(str(notification["status"]["id"]) == str(mention["id"]) and
              notification["account"]["acct"] == "bob", "mention notification", notification)
        bob.status_delete(post["id"])
        events.next("delete", same_id(post["id"]))
        seen = [str(p["id"]) for kind, p in events.passed if kind == "update"]
        check(str(stranger["id"]) not in seen, "an account alice does not follow stays out", seen)


@suite.test
def stream_public_sends_public_statuses_only():
    carol = user_client("carol")
    with stream(user_client("alice").stream_public) as events:
        unlisted = carol.status_post("carol, unlisted", visibility="unlisted")
        public = carol.status_post("carol, in public")
        check("carol, in public" in events.next("update", same_id(public["id"]))["content"],
              "public status streamed")
        check(str(unlisted["id"]) not in [str(p["id"]) for k, p in events.passed
                                          if k == "update"], "unlisted status streamed",
              events.passed)
        carol.status_delete(public["id"])
        events.next("delete", same_id(public["id"]))


if __name__ == "__main__":
    sys.exit(suite.run())
