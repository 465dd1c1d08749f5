// Small helpers for the Node interop tests: the running server, a browser on the authorize page, PKCE,
// images carrying EXIF (made here), and a queue for streamed events.
import { createHash, randomBytes } from "node:crypto";
import { deflateSync } from "node:zlib";

export const HTTP_TIMEOUT_MS = 10_000;

// What run_with_server.py tells the test about the running instance.
export function server() {
  const url = process.env.AGORA_INTEROP_URL;
  if (!url) {
    throw new Error("AGORA_INTEROP_URL is not set: run through run_with_server.py (ctest -R interop)");
  }
  const accounts = JSON.parse(process.env.AGORA_INTEROP_ACCOUNTS);
  return {
    url,
    domain: process.env.AGORA_INTEROP_DOMAIN,
    accounts,
    password: (name) => accounts[name].password,
  };
}

// RFC 7636: a code_verifier and its S256 code_challenge.
export function pkcePair() {
  const verifier = randomBytes(48).toString("base64url");
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  return { verifier, challenge };
}

const decodeEntities = (s) =>
  s
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");

// The first form's action and hidden fields, the names of all inputs, and <output id="code">.
function readForm(html) {
  const action = /<form\b[^>]*\baction="([^"]*)"/i.exec(html)?.[1];
  const fields = {};
  const inputs = [];
  for (const [tag] of html.matchAll(/<input\b[^>]*>/gi)) {
    const name = /\bname="([^"]*)"/i.exec(tag)?.[1];
    if (!name) continue;
    inputs.push(name);
    if (/\btype="hidden"/i.test(tag)) {
      fields[name] = decodeEntities(/\bvalue="([^"]*)"/i.exec(tag)?.[1] ?? "");
    }
  }
  const code = /<output id="code">\s*(?:<code>)?([^<]+)/i.exec(html)?.[1]?.trim();
  return { action: action === undefined ? undefined : decodeEntities(action), fields, inputs, code };
}

// Signs in on GET/POST /oauth/authorize as a browser would (the form's action is resolved against
// the page's URL). Returns { code, state, error, redirect }.
export async function browserAuthorize(authorizeUrl, username, password, { decision = "approve" } = {}) {
  const signal = () => AbortSignal.timeout(HTTP_TIMEOUT_MS);
  const page = await fetch(authorizeUrl, { signal: signal() });
  const html = await page.text();
  if (page.status !== 200) throw new Error(`GET ${authorizeUrl} answered ${page.status}: ${html.slice(0, 300)}`);
  const form = readForm(html);
  if (form.action === undefined) throw new Error(`no <form> on the authorize page: ${html.slice(0, 300)}`);
  const target = new URL(form.action, page.url);
  const body = new URLSearchParams({ ...form.fields, username, password, decision });
  const answer = await fetch(target, { method: "POST", body, redirect: "manual", signal: signal() });
  if (answer.status >= 300 && answer.status < 400) {
    const location = answer.headers.get("location");
    const q = new URL(location).searchParams;
    return { redirect: location, code: q.get("code"), state: q.get("state"), error: q.get("error") };
  }
  const text = await answer.text();
  if (answer.status !== 200) throw new Error(`POST ${target} answered ${answer.status}: ${text.slice(0, 300)}`);
  const result = readForm(text);
  if (!result.code) throw new Error(`POST ${target}: no code and no redirect: ${text.slice(0, 300)}`);
  return { redirect: null, code: result.code, state: null, error: null };
}

// POST a form to the server (for what masto has no method for, e.g. a PKCE code exchange).
export async function postForm(url, fields) {
  const r = await fetch(url, {
    method: "POST",
    body: new URLSearchParams(fields),
    signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
  });
  return { status: r.status, body: await r.json() };
}

// Collects every page of a masto paginator (bounded).
export async function allPages(paginator, maxPages = 20) {
  const pages = [];
  for await (const page of paginator) {
    if (page.length === 0) break;
    pages.push(page);
    if (pages.length >= maxPages) break;
  }
  return pages;
}

export const ids = (statuses) => statuses.map((s) => s.id);

// --- images with metadata, made here (no imaging library is needed) ------------------------------

// Strings placed in the metadata of the generated images: none may survive an upload.
export const EXIF_MARKERS = ["AgoraInteropCam", "AgoraInteropComment"];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes) => {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

// One little-endian TIFF IFD at `start`: entries are [tag, type, count, payload Buffer]; payloads
// over 4 bytes go in a data area right after the IFD.
function tiffIfd(entries, start) {
  const dataAt = start + 2 + 12 * entries.length + 4;
  const head = Buffer.alloc(dataAt - start);
  const data = [];
  let dataLength = 0;
  head.writeUInt16LE(entries.length, 0);
  entries.forEach(([tag, type, count, payload], i) => {
    const at = 2 + 12 * i;
    head.writeUInt16LE(tag, at);
    head.writeUInt16LE(type, at + 2);
    head.writeUInt32LE(count, at + 4);
    if (payload.length <= 4) {
      payload.copy(head, at + 8);
    } else {
      head.writeUInt32LE(dataAt + dataLength, at + 8);
      const padded = payload.length % 2 ? Buffer.concat([payload, Buffer.alloc(1)]) : payload;
      data.push(padded);
      dataLength += padded.length;
    }
  });
  return Buffer.concat([head, ...data]);
}

// An EXIF (TIFF) block with a camera make and a GPS position (Paris).
export function exifWithGps() {
  const ascii = (s) => [2, s.length + 1, Buffer.from(s + "\0", "latin1")];
  const rationals = (...pairs) => {
    const b = Buffer.alloc(8 * pairs.length);
    pairs.forEach(([n, d], i) => {
      b.writeUInt32LE(n, 8 * i);
      b.writeUInt32LE(d, 8 * i + 4);
    });
    return [5, pairs.length, b];
  };
  const gps = [
    [0x0000, 1, 4, Buffer.from([2, 2, 0, 0])],
    [0x0001, ...ascii("N")],
    [0x0002, ...rationals([48, 1], [51, 1], [2967, 100])],
    [0x0003, ...ascii("E")],
    [0x0004, ...rationals([2, 1], [17, 1], [4022, 100])],
  ];
  const pointer = (offset) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(offset);
    return b;
  };
  const ifd0 = (gpsOffset) => tiffIfd([[0x010f, ...ascii(EXIF_MARKERS[0])], [0x8825, 4, 1, pointer(gpsOffset)]], 8);
  const gpsOffset = 8 + ifd0(0).length;
  return Buffer.concat([Buffer.from("II*\0", "latin1"), pointer(8), ifd0(gpsOffset), tiffIfd(gps, gpsOffset)]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngChunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "latin1");
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

// An RGB PNG gradient with an eXIf chunk (camera, GPS) and a tEXt comment.
export function makePng(width, height) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 2; // RGB
  const rows = Buffer.alloc((3 * width + 1) * height); // filter byte 0 (none) on each row
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = y * (3 * width + 1) + 1 + 3 * x;
      rows[at] = Math.round((255 * x) / (width - 1));
      rows[at + 1] = Math.round((255 * y) / (height - 1));
      rows[at + 2] = 160;
    }
  }
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk("IHDR", header),
    pngChunk("eXIf", exifWithGps()),
    pngChunk("tEXt", Buffer.from(`Comment\0${EXIF_MARKERS[1]}`, "latin1")),
    pngChunk("IDAT", deflateSync(rows)),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

// The chunk types of a PNG, and its size from IHDR.
export function pngChunks(bytes) {
  const b = Buffer.from(bytes);
  if (!b.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error(`not a PNG: ${b.subarray(0, 16).toString("hex")}`);
  const types = [];
  for (let at = 8; at + 8 <= b.length; at += 12 + b.readUInt32BE(at)) types.push(b.toString("latin1", at + 4, at + 8));
  return { types, width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

// What a served PNG still carries of the upload's metadata: metadata chunks and marker strings.
export function metadataLeftInPng(bytes) {
  const text = Buffer.from(bytes).toString("latin1");
  const chunks = pngChunks(bytes).types.filter((t) => ["eXIf", "tEXt", "iTXt", "zTXt", "iCCP"].includes(t));
  return [...chunks, ...EXIF_MARKERS.filter((m) => text.includes(m))];
}

const BLURHASH_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";

// A blurhash: base-83 digits, as long as its first digit (the component counts) says.
export function isBlurhash(value) {
  if (typeof value !== "string" || value.length < 6) return false;
  if (![...value].every((c) => BLURHASH_DIGITS.includes(c))) return false;
  const n = BLURHASH_DIGITS.indexOf(value[0]);
  return value.length === 4 + 2 * ((n % 9) + 1) * (Math.floor(n / 9) + 1);
}

// --- streaming -------------------------------------------------------------------------------------

// Pumps a masto subscription (an async iterable of events) into a queue; next() waits (bounded)
// for a given event and keeps those it went past in `passed`.
export class EventQueue {
  constructor(subscription) {
    this.events = [];
    this.passed = [];
    this.wakers = [];
    this.pump = (async () => {
      try {
        for await (const event of subscription) {
          this.events.push(event);
          this.wake();
        }
      } catch (error) {
        this.error = error;
        this.wake();
      }
    })();
  }

  wake() {
    for (const wake of this.wakers.splice(0)) wake();
  }

  async next(event, match = () => true, timeoutMs = 5000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.events.length > 0) {
        const e = this.events.shift();
        if (e.event === event && match(e.payload)) return e;
        this.passed.push(e);
      }
      if (this.error) throw this.error;
      const left = deadline - Date.now();
      if (left <= 0) {
        const got = this.passed.map((e) => `${e.event} ${JSON.stringify(e.stream)}`);
        throw new Error(`no matching ${event} within ${timeoutMs} ms; got ${got.join(", ") || "nothing"}`);
      }
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wakers.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}
