"""Small helpers shared by the Python interop tests (Mastodon.py, toot).

- `Suite`: runs test functions in order, prints PASS/FAIL per test and the closing line
  `interop NAME: N passed, M failed`; the
  process exits non-zero when one failed.
- `server()`: what run_with_server.py tells the test about the running instance.
- `browser_authorize()`: plays a browser on GET/POST /oauth/authorize (the HTML form in
  web/oauth_page.cpp), including the forced password change of a generated password.
- `eventually()`: a bounded retry for what the server does after answering (fan-out).
- `pkce_pair()`: an RFC 7636 code_verifier and its S256 code_challenge.

Only the standard library and python3-requests (a dependency of python3-mastodon) are used.
"""
import base64
import hashlib
import json
import os
import secrets
import sys
import time
import traceback
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import parse_qs, urljoin, urlparse

import requests

HTTP_TIMEOUT = 10  # seconds, for every request a helper makes


@dataclass
class Server:
    url: str  # http://127.0.0.1:PORT
    domain: str  # 127.0.0.1:PORT
    accounts: dict  # name -> {"password": ..., "must_change_password": bool}
    tmp: str  # a scratch directory for this test run

    def password(self, name):
        return self.accounts[name]["password"]


def server():
    try:
        return Server(os.environ["AGORA_INTEROP_URL"], os.environ["AGORA_INTEROP_DOMAIN"],
                      json.loads(os.environ["AGORA_INTEROP_ACCOUNTS"]),
                      os.environ["AGORA_INTEROP_TMP"])
    except KeyError as e:
        sys.exit(f"{e} is not set: run this test through run_with_server.py (ctest -R interop)")


class Suite:
    """A tiny ordered test runner: tests may depend on what earlier ones stored in `self.state`."""

    def __init__(self, name):
        self.name = name
        self.tests = []
        self.state = {}

    def test(self, fn):
        self.tests.append(fn)
        return fn

    def run(self):
        only = set(sys.argv[1:])  # optional: names of tests to run
        passed = failed = 0
        for fn in self.tests:
            if only and fn.__name__ not in only:
                continue
            started = time.monotonic()
            try:
                fn()
            except Exception:  # noqa: BLE001 - a test fails on any exception
                failed += 1
                print(f"FAIL {fn.__name__} ({time.monotonic() - started:.2f} s)")
                print("     " + traceback.format_exc().rstrip().replace("\n", "\n     "))
            else:
                passed += 1
                print(f"PASS {fn.__name__} ({time.monotonic() - started:.2f} s)")
            sys.stdout.flush()
        summary = f"interop {self.name}: {passed} passed, {failed} failed"
        print(summary, flush=True)
        return 0 if failed == 0 and passed > 0 else 1


def check(condition, message, *details):
    """assert with the values that matter in the message."""
    if not condition:
        raise AssertionError(message + "".join(f"\n       {d!r}" for d in details))


def expect_error(fn, error_type, status=None):
    """Runs fn, which must raise error_type (with HTTP `status` in its args, Mastodon.py style)."""
    try:
        fn()
    except error_type as e:
        if status is not None:
            check(status in e.args, f"expected HTTP {status}", e.args)
        return e
    raise AssertionError(f"expected {error_type.__name__}, nothing was raised")


def eventually(fn, timeout=5.0, interval=0.05):
    """Retries fn until it stops raising AssertionError, for at most `timeout` seconds. Only for
    what the server does asynchronously (the fan-out of a status into other members' home feeds
    runs on the event worker, after the POST has been answered)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return fn()
        except AssertionError:
            if time.monotonic() >= deadline:
                raise
        time.sleep(interval)


def pkce_pair():
    verifier = base64.urlsafe_b64encode(secrets.token_bytes(48)).rstrip(b"=").decode()
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    return verifier, challenge.rstrip(b"=").decode()


class _FormParser(HTMLParser):
    """Collects the first <form>'s action and fields, and the text of <output id="code">."""

    def __init__(self):
        super().__init__()
        self.action = None
        self.fields = {}
        self.inputs = []
        self.code = None
        self._in_output = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and self.action is None:
            self.action = a.get("action", "")
        elif tag == "input" and a.get("name"):
            self.inputs.append(a["name"])
            if a.get("type") == "hidden":
                self.fields[a["name"]] = a.get("value", "")
        elif tag == "output" and a.get("id") == "code":
            self._in_output = True

    def handle_endtag(self, tag):
        if tag == "output":
            self._in_output = False

    def handle_data(self, data):
        if self._in_output and data.strip():
            self.code = data.strip()


class AuthorizeError(Exception):
    pass


def browser_authorize(authorize_url, username, password, new_password=None, decision="approve"):
    """Signs in on the authorize page like a browser: GET the page, fill the form, POST it to the
    form's action resolved against the page's URL, follow a forced password change.

    Returns a dict: {"code": ..., "state": ..., "redirect": Location or None, "error": ...}.
    """
    session = requests.Session()
    page = session.get(authorize_url, timeout=HTTP_TIMEOUT)
    if page.status_code != 200:
        raise AuthorizeError(f"GET {authorize_url} answered {page.status_code}: {page.text[:300]}")
    form = _FormParser()
    form.feed(page.text)
    if form.action is None:
        raise AuthorizeError(f"no <form> on the authorize page: {page.text[:300]}")
    target = urljoin(page.url, form.action)  # what a browser does with a relative action
    fields = dict(form.fields)
    fields.update({"username": username, "password": password, "decision": decision})
    for _ in range(2):  # the second round only when a new password is required
        answer = session.post(target, data=fields, allow_redirects=False, timeout=HTTP_TIMEOUT)
        if answer.status_code in (301, 302, 303, 307, 308):
            location = answer.headers["Location"]
            query = parse_qs(urlparse(location).query)
            return {"redirect": location, "code": query.get("code", [None])[0],
                    "state": query.get("state", [None])[0], "error": query.get("error", [None])[0]}
        if answer.status_code != 200:
            raise AuthorizeError(f"POST {target} answered {answer.status_code}: "
                                 f"{answer.text[:300]}")
        result = _FormParser()
        result.feed(answer.text)
        if result.code:
            return {"redirect": None, "code": result.code, "state": None, "error": None}
        if "new_password" in result.inputs:
            if new_password is None:
                raise AuthorizeError("the page asks for a new password and none was given")
            fields = dict(result.fields)
            fields.update({"username": username, "password": password, "decision": decision,
                           "new_password": new_password, "confirm_password": new_password})
            target = urljoin(answer.url, result.action)
            continue
        if decision == "deny":
            return {"redirect": None, "code": None, "state": None, "error": "access_denied"}
        raise AuthorizeError(f"POST {target}: no code and no redirect: {answer.text[:300]}")
    raise AuthorizeError("the password change did not lead to a code")
