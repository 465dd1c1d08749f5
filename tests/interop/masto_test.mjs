// masto.js (npm `masto`, pinned in package.json) against a real `agora serve`: run by CTest
// through run_with_server.py as `node --test masto_test.mjs`. The tests run in order and share
// `state`; add new ones below those they depend on.
import assert from "node:assert/strict";
import { test } from "node:test";

import { createOAuthAPIClient, createRestAPIClient, MastoHttpError } from "masto";

import { allPages, browserAuthorize, HTTP_TIMEOUT_MS, ids, pkcePair, postForm, server } from "./helpers.mjs";

const srv = server();
const SCOPES = "read write follow";
const CALLBACK = "http://127.0.0.1:1/masto-callback"; // never contacted: the code is read from Location
const state = { tokens: {}, accountIds: {} };

const rest = (accessToken) => createRestAPIClient({ url: srv.url, accessToken, timeout: HTTP_TIMEOUT_MS });
const oauth = () => createOAuthAPIClient({ url: srv.url, timeout: HTTP_TIMEOUT_MS });
const as = (name) => rest(state.tokens[name]);

// The request must fail with a MastoHttpError (so the error body was JSON) of this status.
// `request` is a promise or a masto paginator (a thenable).
async function rejectsWith(request, statusCode, messagePattern) {
  await assert.rejects(async () => await request, (error) => {
    assert.ok(error instanceof MastoHttpError, `expected MastoHttpError, got ${error?.name}: ${error?.message}`);
    assert.equal(error.statusCode, statusCode, error.message);
    if (messagePattern) assert.match(error.message, messagePattern);
    return true;
  });
}

const authorizeUrl = (params) =>
  `${srv.url}/oauth/authorize?${new URLSearchParams({
    response_type: "code",
    client_id: state.app.clientId,
    scope: SCOPES,
    ...params,
  })}`;

// --- instance and app ----------------------------------------------------------------------------

test("instance v1 and v2", async () => {
  const masto = rest();
  const v2 = await masto.v2.instance.fetch();
  assert.equal(v2.domain, srv.domain);
  assert.equal(v2.title, "Agora Interop");
  assert.match(v2.version, /^4\.3\.0 \(compatible; Agora /);
  assert.equal(v2.configuration.statuses.maxCharacters, 500);
  assert.equal(v2.configuration.urls.streaming, `ws://${srv.domain}`);
  assert.equal(v2.registrations.approvalRequired, true);
  const v1 = await masto.v1.instance.fetch();
  assert.equal(v1.uri, srv.domain);
  assert.equal(v1.stats.userCount >= 3, true, JSON.stringify(v1.stats));
  assert.deepEqual(await masto.v1.instance.peers.list(), []);
  assert.deepEqual(await masto.v1.customEmojis.list(), []);
});

test("register an app (JSON body, redirect URIs as an array)", async () => {
  const app = await rest().v1.apps.create({
    clientName: "masto.js interop",
    redirectUris: ["urn:ietf:wg:oauth:2.0:oob", CALLBACK],
    scopes: SCOPES,
    website: "https://example.org/masto",
  });
  assert.ok(app.clientId && app.clientSecret, JSON.stringify(app));
  assert.deepEqual(app.redirectUris, ["urn:ietf:wg:oauth:2.0:oob", CALLBACK]);
  assert.deepEqual(app.scopes, ["read", "write", "follow"]);
  state.app = app;

  const appToken = await oauth().token.create({
    grantType: "client_credentials",
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    redirectUri: "urn:ietf:wg:oauth:2.0:oob",
    scope: "read",
  });
  const verified = await rest(appToken.accessToken).v1.apps.verifyCredentials();
  assert.equal(verified.name, "masto.js interop");
});

// --- sign-in -------------------------------------------------------------------------------------

test("password grant, then verify_credentials", async () => {
  for (const name of ["alice", "bob"]) {
    const token = await oauth().token.create({
      grantType: "password",
      clientId: state.app.clientId,
      clientSecret: state.app.clientSecret,
      redirectUri: "urn:ietf:wg:oauth:2.0:oob",
      username: name,
      password: srv.password(name),
      scope: SCOPES,
    });
    assert.equal(token.tokenType, "Bearer");
    state.tokens[name] = token.accessToken;
    const me = await as(name).v1.accounts.verifyCredentials();
    assert.equal(me.username, name);
    assert.equal(me.acct, name);
    assert.equal(me.source.privacy, "public");
    state.accountIds[name] = me.id;
  }
});

test("password grant with a wrong password is refused with a JSON error", async () => {
  await rejectsWith(
    oauth().token.create({
      grantType: "password",
      clientId: state.app.clientId,
      clientSecret: state.app.clientSecret,
      redirectUri: "urn:ietf:wg:oauth:2.0:oob",
      username: "alice",
      password: "not the password",
    }),
    400,
    /invalid_grant/,
  );
});

test("authorization code with PKCE, public client (no secret)", async () => {
  const { verifier, challenge } = pkcePair();
  const result = await browserAuthorize(
    authorizeUrl({
      redirect_uri: CALLBACK,
      state: "masto-state",
      code_challenge: challenge,
      code_challenge_method: "S256",
    }),
    "alice",
    srv.password("alice"),
  );
  assert.equal(result.state, "masto-state");
  assert.ok(result.code, JSON.stringify(result));
  // masto sends these as JSON; codeVerifier becomes code_verifier.
  const token = await oauth().token.create({
    grantType: "authorization_code",
    clientId: state.app.clientId,
    redirectUri: CALLBACK,
    code: result.code,
    codeVerifier: verifier,
    scope: SCOPES,
  });
  const me = await rest(token.accessToken).v1.accounts.verifyCredentials();
  assert.equal(me.username, "alice");
});

test("authorization code with PKCE and the client secret; the verifier is checked", async () => {
  const { verifier, challenge } = pkcePair();
  const code = async () =>
    (
      await browserAuthorize(
        authorizeUrl({
          redirect_uri: "urn:ietf:wg:oauth:2.0:oob",
          code_challenge: challenge,
          code_challenge_method: "S256",
        }),
        "bob",
        srv.password("bob"),
      )
    ).code;
  const exchange = (c, codeVerifier) =>
    oauth().token.create({
      grantType: "authorization_code",
      clientId: state.app.clientId,
      clientSecret: state.app.clientSecret,
      redirectUri: "urn:ietf:wg:oauth:2.0:oob",
      code: c,
      codeVerifier,
    });
  await rejectsWith(exchange(await code(), pkcePair().verifier), 400, /invalid_grant/);
  const token = await exchange(await code(), verifier);
  assert.equal((await rest(token.accessToken).v1.accounts.verifyCredentials()).username, "bob");
  // The same exchange over a form-encoded body, as most apps send it.
  const form = await postForm(`${srv.url}/oauth/token`, {
    grant_type: "authorization_code",
    client_id: state.app.clientId,
    client_secret: state.app.clientSecret,
    redirect_uri: "urn:ietf:wg:oauth:2.0:oob",
    code: await code(),
    code_verifier: verifier,
  });
  assert.equal(form.status, 200, JSON.stringify(form.body));
});

test("revoking a token", async () => {
  const token = await oauth().token.create({
    grantType: "password",
    clientId: state.app.clientId,
    clientSecret: state.app.clientSecret,
    redirectUri: "urn:ietf:wg:oauth:2.0:oob",
    username: "alice",
    password: srv.password("alice"),
  });
  await oauth().revoke({
    clientId: state.app.clientId,
    clientSecret: state.app.clientSecret,
    token: token.accessToken,
  });
  await rejectsWith(rest(token.accessToken).v1.accounts.verifyCredentials(), 401, /access token is invalid/);
});

// --- statuses ------------------------------------------------------------------------------------

test("post with each visibility (JSON bodies)", async () => {
  state.byVisibility = {};
  for (const visibility of ["public", "unlisted", "private", "direct"]) {
    const status = await as("alice").v1.statuses.create({
      status: `masto ${visibility} post${visibility === "direct" ? " to @bob" : ""}`,
      visibility,
      language: "en",
    });
    assert.equal(status.visibility, visibility);
    assert.equal(status.language, "en");
    assert.equal(typeof status.id, "string");
    state.byVisibility[visibility] = status;
  }
  assert.deepEqual(
    state.byVisibility.direct.mentions.map((m) => m.username),
    ["bob"],
  );
});

test("post with a content warning", async () => {
  const status = await as("alice").v1.statuses.create({ status: "the ending", spoilerText: "spoilers" });
  assert.equal(status.spoilerText, "spoilers");
  assert.equal(status.sensitive, true);
});

test("post with a hashtag and a mention", async () => {
  const status = await as("alice").v1.statuses.create({ status: "Hi @bob, look at #MastoInterop" });
  assert.deepEqual(
    status.tags.map((t) => t.name.toLowerCase()),
    ["mastointerop"],
  );
  assert.deepEqual(
    status.mentions.map((m) => m.id),
    [state.accountIds.bob],
  );
  assert.match(status.content, /\/tags\/mastointerop/i);
  state.tagged = status;
});

test("get a status, its context, its source", async () => {
  const root = await as("alice").v1.statuses.create({ status: "masto thread root" });
  const reply = await as("bob").v1.statuses.create({ status: "masto reply", inReplyToId: root.id });
  assert.equal(reply.inReplyToId, root.id);
  assert.equal((await as("bob").v1.statuses.$select(root.id).fetch()).id, root.id);
  const down = await as("alice").v1.statuses.$select(root.id).context.fetch();
  assert.deepEqual(ids(down.descendants), [reply.id]);
  const up = await as("alice").v1.statuses.$select(reply.id).context.fetch();
  assert.deepEqual(ids(up.ancestors), [root.id]);
  const source = await as("alice").v1.statuses.$select(root.id).source.fetch();
  assert.equal(source.text, "masto thread root");
});

test("delete answers the source text for redraft", async () => {
  const status = await as("alice").v1.statuses.create({ status: "redraft me #MastoInterop", spoilerText: "cw" });
  const deleted = await as("alice").v1.statuses.$select(status.id).remove();
  assert.equal(deleted.text, "redraft me #MastoInterop");
  assert.equal(deleted.spoilerText, "cw");
  await rejectsWith(as("alice").v1.statuses.$select(status.id).fetch(), 404);
});

// --- timelines -----------------------------------------------------------------------------------

test("home timeline: paginator next and prev follow the Link header", async () => {
  const posted = [];
  for (let i = 0; i < 7; i++) posted.push((await as("bob").v1.statuses.create({ status: `masto home ${i}` })).id);
  const pages = await allPages(as("bob").v1.timelines.home.list({ limit: 3 }));
  const seen = pages.flatMap(ids);
  assert.deepEqual(seen.slice(0, 7), [...posted].reverse());
  assert.ok(pages.every((p) => p.length <= 3));
  assert.equal(new Set(seen).size, seen.length, "no duplicates");
  assert.equal(pages[0][0].agora?.reason?.type, "own", JSON.stringify(pages[0][0].agora));

  // Going up: start below the first page and follow rel="prev".
  const oldestOfFirst = pages[0].at(-1).id;
  const upwards = as("bob").v1.timelines.home.list({ limit: 3, maxId: oldestOfFirst }).setDirection("prev");
  const up = await allPages(upwards);
  assert.deepEqual(ids(up[0]), ids(pages[1]));
  assert.deepEqual(ids(up[1]), ids(pages[0]));
  assert.equal(up.length, 2, "nothing above the newest status");
});

test("public timeline: only public statuses, pages in order", async () => {
  const pages = await allPages(as("alice").v1.timelines.public.list({ limit: 4 }));
  const seen = pages.flatMap(ids);
  const v = Object.fromEntries(Object.entries(state.byVisibility).map(([k, s]) => [k, s.id]));
  assert.ok(seen.includes(v.public));
  for (const hidden of ["unlisted", "private", "direct"]) assert.ok(!seen.includes(v[hidden]), `${hidden} leaked`);
  assert.deepEqual(
    seen,
    [...seen].sort((a, b) => (BigInt(b) > BigInt(a) ? 1 : -1)),
  );
  const local = await rest().v1.timelines.public.list({ local: true, limit: 40 });
  assert.ok(ids(local).includes(v.public), "local timeline, without a token");
});

test("tag timeline pages", async () => {
  const more = [];
  for (let i = 0; i < 3; i++) more.push((await as("alice").v1.statuses.create({ status: `#mastointerop ${i}` })).id);
  const pages = await allPages(as("alice").v1.timelines.tag.$select("MastoInterop").list({ limit: 2 }));
  assert.deepEqual(pages.flatMap(ids), [...[...more].reverse(), state.tagged.id]);
});

test("account lookup and an account's statuses", async () => {
  const bob = await as("alice").v1.accounts.lookup({ acct: "bob" });
  assert.equal(bob.id, state.accountIds.bob);
  const pages = await allPages(as("alice").v1.accounts.$select(bob.id).statuses.list({ limit: 3 }), 3);
  assert.equal(pages.length, 3);
  assert.ok(pages.flat().every((s) => s.account.id === bob.id));
});

// --- errors: masto.js only understands JSON error bodies ------------------------------------------

test("another member's private status is a JSON 404", async () => {
  const hidden = await as("bob").v1.statuses.create({ status: "bob's followers only", visibility: "private" });
  await rejectsWith(as("alice").v1.statuses.$select(hidden.id).fetch(), 404, /Record not found/);
  await rejectsWith(as("alice").v1.statuses.$select(hidden.id).context.fetch(), 404);
  await rejectsWith(as("alice").v1.statuses.$select(hidden.id).remove(), 404);
  await rejectsWith(rest().v1.statuses.$select(hidden.id).fetch(), 404);
});

test("a too long status is a JSON 422", async () => {
  await rejectsWith(as("alice").v1.statuses.create({ status: "x".repeat(501) }), 422, /Validation failed/);
  await rejectsWith(as("alice").v1.statuses.create({ status: "ok", visibility: "everyone" }), 422);
});

test("no token or a bad token is a JSON 401", async () => {
  await rejectsWith(rest().v1.accounts.verifyCredentials(), 401);
  await rejectsWith(rest("not-a-token").v1.timelines.home.list(), 401);
});

test("an unknown address is a JSON 404, a wrong method a JSON 405", async () => {
  // masto builds a path from any property name: GET /api/v1/agora_no_such_thing
  await rejectsWith(as("alice").v1.agoraNoSuchThing.list(), 404);
  // DELETE /api/v1/instance: the address exists, the method does not.
  await rejectsWith(as("alice").v1.instance.remove(), 405);
});

test("a read-only token cannot post: JSON 403", async () => {
  const token = await oauth().token.create({
    grantType: "password",
    clientId: state.app.clientId,
    clientSecret: state.app.clientSecret,
    redirectUri: "urn:ietf:wg:oauth:2.0:oob",
    username: "alice",
    password: srv.password("alice"),
    scope: "read",
  });
  await rejectsWith(
    rest(token.accessToken).v1.statuses.create({ status: "no" }),
    403,
    /outside the authorized scopes/,
  );
});
