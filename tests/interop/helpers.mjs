// Small helpers for the Node interop tests: the running server, a browser on the authorize page, PKCE.
import { createHash, randomBytes } from "node:crypto";

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
