"""Small helpers shared by the Python interop tests (Mastodon.py, toot).

- `Suite`: runs test functions in order, prints PASS/FAIL/SKIP per test and the closing line
  `interop NAME: N passed, M failed, K skipped`; the process exits non-zero when one failed.
  A test raises `Skip` when the server does not offer what it needs yet (a planned endpoint).
- `server()`: what run_with_server.py tells the test about the running instance.
- `browser_authorize()`: plays a browser on GET/POST /oauth/authorize (the HTML form in
  web/oauth_page.cpp), including the forced password change of a generated password.
- `eventually()`: a bounded retry for what the server does after answering (fan-out).
- `pkce_pair()`: an RFC 7636 code_verifier and its S256 code_challenge.
- `make_jpeg()`: a small real JPEG carrying EXIF (camera, GPS) and a comment;
  `metadata_left_in_jpeg()` lists what of it survives in a served file; `check_blurhash()`.

Only the standard library and python3-requests (a dependency of python3-mastodon) are used.
"""
import base64
import hashlib
import json
import os
import secrets
import struct
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


class Skip(Exception):
    """Raised by a test whose feature the server does not offer yet: reported as SKIP, not PASS."""


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
        passed = failed = skipped = 0
        for fn in self.tests:
            if only and fn.__name__ not in only:
                continue
            started = time.monotonic()
            try:
                fn()
            except Skip as e:
                skipped += 1
                print(f"SKIP {fn.__name__}: {e}")
            except Exception:  # noqa: BLE001 - a test fails on any exception
                failed += 1
                print(f"FAIL {fn.__name__} ({time.monotonic() - started:.2f} s)")
                print("     " + traceback.format_exc().rstrip().replace("\n", "\n     "))
            else:
                passed += 1
                print(f"PASS {fn.__name__} ({time.monotonic() - started:.2f} s)")
            sys.stdout.flush()
        summary = f"interop {self.name}: {passed} passed, {failed} failed, {skipped} skipped"
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


# --- images with metadata, made here (no imaging library is needed) -----------------------------

# Strings placed in the metadata of the generated images: none may survive an upload.
EXIF_MARKERS = (b"AgoraInteropCam", b"AgoraInteropModel", b"AgoraInteropComment")


def _tiff_ifd(entries, start):
    """One little-endian TIFF IFD at offset `start`: entries are (tag, type, count, payload); a
    payload over 4 bytes goes in a data area right after the IFD."""
    data_at = start + 2 + 12 * len(entries) + 4
    head, data = struct.pack("<H", len(entries)), b""
    for tag, kind, count, payload in sorted(entries):
        if len(payload) <= 4:
            head += struct.pack("<HHI", tag, kind, count) + payload.ljust(4, b"\0")
        else:
            head += struct.pack("<HHII", tag, kind, count, data_at + len(data))
            data += payload + (b"\0" if len(payload) % 2 else b"")
    return head + struct.pack("<I", 0) + data


def exif_with_gps():
    """A TIFF (EXIF) block with a camera make and model and a GPS position (Paris)."""
    ascii_ = lambda s: (0x2, len(s) + 1, s + b"\0")  # noqa: E731
    rationals = lambda *v: (0x5, len(v), b"".join(struct.pack("<II", n, d) for n, d in v))  # noqa
    gps = [(0x0000, 0x1, 4, bytes([2, 2, 0, 0])), (0x0001, *ascii_(b"N")),
           (0x0002, *rationals((48, 1), (51, 1), (2967, 100))), (0x0003, *ascii_(b"E")),
           (0x0004, *rationals((2, 1), (17, 1), (4022, 100)))]

    def ifd0(gps_offset):
        return _tiff_ifd([(0x010F, *ascii_(EXIF_MARKERS[0])), (0x0110, *ascii_(EXIF_MARKERS[1])),
                          (0x0112, 0x3, 1, struct.pack("<H", 1)),
                          (0x8825, 0x4, 1, struct.pack("<I", gps_offset))], 8)

    gps_offset = 8 + len(ifd0(0))
    return b"II*\0" + struct.pack("<I", 8) + ifd0(gps_offset) + _tiff_ifd(gps, gps_offset)


def make_jpeg(width, height, metadata=True):
    """A baseline YCbCr JPEG of coloured 8×8 tiles (each tile one colour, so only DC coefficients
    are coded), with an EXIF block (camera, GPS) and a comment when `metadata` is true."""
    assert width % 8 == 0 and height % 8 == 0
    segment = lambda marker, payload: bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) \
        + payload  # noqa: E731
    out = b"\xFF\xD8"
    if metadata:
        out += segment(0xE1, b"Exif\0\0" + exif_with_gps()) + segment(0xFE, EXIF_MARKERS[2])
    out += segment(0xDB, b"\x00" + bytes([8] * 64))  # quantiser 8: a DC coefficient is level-128
    out += segment(0xC0, struct.pack(">BHHB", 8, height, width, 3) + b"\x01\x11\x00\x02\x11\x00"
                   b"\x03\x11\x00")
    # DC table: categories 0-11, all 4-bit codes (code == category); AC table: only EOB, code "0".
    out += segment(0xC4, b"\x00" + bytes([0, 0, 0, 12] + [0] * 12) + bytes(range(12)))
    out += segment(0xC4, b"\x10" + bytes([1] + [0] * 15) + b"\x00")
    out += segment(0xDA, b"\x03\x01\x00\x02\x00\x03\x00\x00\x3F\x00")
    bits, predictors = [], [0, 0, 0]
    for by in range(height // 8):
        for bx in range(width // 8):
            r, g, b = 40 + bx * 180 // (width // 8), 40 + by * 180 // (height // 8), 200 - bx * 10
            ycc = (0.299 * r + 0.587 * g + 0.114 * b,
                   128 - 0.168736 * r - 0.331264 * g + 0.5 * b,
                   128 + 0.5 * r - 0.418688 * g - 0.081312 * b)
            for c, value in enumerate(ycc):
                dc = round(value) - 128
                diff, predictors[c] = dc - predictors[c], dc
                category = abs(diff).bit_length()
                bits += [int(x) for x in format(category, "04b")]
                if category:
                    coded = diff if diff > 0 else diff + (1 << category) - 1
                    bits += [int(x) for x in format(coded, f"0{category}b")]
                bits.append(0)  # EOB
    bits += [1] * (-len(bits) % 8)
    for i in range(0, len(bits), 8):
        byte = int("".join(map(str, bits[i:i + 8])), 2)
        out += bytes([byte]) + (b"\x00" if byte == 0xFF else b"")  # byte stuffing
    return out + b"\xFF\xD9"


def jpeg_segments(data):
    """The markers of a JPEG's header segments (up to the scan) and its size from SOFn."""
    check(data[:2] == b"\xFF\xD8", "not a JPEG", data[:16])
    markers, size, i = [], None, 2
    while i + 4 <= len(data) and data[i] == 0xFF:
        marker = data[i + 1]
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        markers.append(marker)
        if marker in (0xC0, 0xC1, 0xC2):
            height, width = struct.unpack(">HH", data[i + 5:i + 9])
            size = (width, height)
        if marker == 0xDA:
            break
        i += 2 + length
    return markers, size


def metadata_left_in_jpeg(data):
    """What an uploaded JPEG as served still carries: APPn segments other than JFIF (APP0) and
    Adobe (APP14), comments, and any of the marker strings put into the upload."""
    markers, _ = jpeg_segments(data)
    found = [f"APP{m - 0xE0}" for m in markers if 0xE1 <= m <= 0xED] + \
        ["COM" for m in markers if m == 0xFE]
    return found + [m.decode() for m in EXIF_MARKERS if m in data] + \
        (["Exif"] if b"Exif\0\0" in data else [])


BLURHASH_DIGITS = ("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                   "#$%*+,-.:;=?@[]^_{|}~")


def check_blurhash(value):
    """A blurhash: base-83 digits, as long as its first digit (the component counts) says."""
    check(isinstance(value, str) and len(value) >= 6, "blurhash", value)
    check(set(value) <= set(BLURHASH_DIGITS), "blurhash alphabet (base 83)", value)
    n = BLURHASH_DIGITS.index(value[0])
    check(len(value) == 4 + 2 * ((n % 9 + 1) * (n // 9 + 1)), "blurhash length", value)
