#!/usr/bin/python3
"""Mastodon.py (Debian's python3-mastodon) against a real `agora serve`.

Run by CTest through run_with_server.py; alone: see tests/interop/README.md. Tests run in order and
share `suite.state` (the app, the tokens, the posted statuses). To add a test: write a function
decorated with @suite.test below the ones it depends on.
"""
import secrets
import sys
from datetime import datetime
from urllib.parse import urlencode

import requests
from mastodon import (Mastodon, MastodonAPIError, MastodonIllegalArgumentError,
                      MastodonNotFoundError, MastodonUnauthorizedError)

from interop_lib import (HTTP_TIMEOUT, Suite, browser_authorize, check, eventually, expect_error,
                         pkce_pair, server)

srv = server()
suite = Suite("mastodon.py")
S = suite.state
SCOPES = ["read", "write", "follow"]
CALLBACK = "http://127.0.0.1:1/interop-callback"  # never contacted: the code is read from Location


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
    check(api.account_verify_credentials()["username"] == "carol", "signed in as carol")
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


if __name__ == "__main__":
    sys.exit(suite.run())
