// masto.js (npm `masto`, pinned in package.json) against a real `agora serve`: run by CTest
// through run_with_server.py as `node --test masto_test.mjs`. The tests run in order and share
// `state`; add new ones below those they depend on.
import assert from "node:assert/strict";
import { test } from "node:test";

import { createOAuthAPIClient, createRestAPIClient, createStreamingAPIClient, MastoHttpError } from "masto";

import {
  allPages,
  browserAuthorize,
  EventQueue,
  EXIF_MARKERS,
  HTTP_TIMEOUT_MS,
  ids,
  isBlurhash,
  makePng,
  metadataLeftInPng,
  pkcePair,
  pngChunks,
  postForm,
  server,
} from "./helpers.mjs";

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

// --- follows (after the errors above: they expect alice not to follow bob) ------------------------

const relationship = async (name, targetId) => {
  const answer = await as(name).v1.accounts.relationships.fetch({ id: [targetId] });
  assert.equal(answer.length, 1, JSON.stringify(answer));
  assert.equal(answer[0].id, targetId);
  return answer[0];
};
const accts = (accounts) => accounts.map((a) => a.acct);

test("follow, relationships, followers and following, unfollow", async () => {
  const { alice, bob } = state.accountIds;
  const followed = await as("alice").v1.accounts.$select(bob).follow();
  assert.equal(followed.id, bob);
  assert.equal(followed.following, true);
  assert.equal(followed.requested, false);
  const mine = await relationship("alice", bob);
  assert.equal(mine.following, true);
  assert.equal(mine.followedBy, false);
  assert.equal((await relationship("bob", alice)).followedBy, true);
  assert.deepEqual(accts(await as("bob").v1.accounts.$select(bob).followers.list()), ["alice"]);
  assert.deepEqual(accts(await as("bob").v1.accounts.$select(alice).following.list()), ["bob"]);
  assert.equal((await as("alice").v1.accounts.$select(bob).fetch()).followersCount, 1);

  const unfollowed = await as("alice").v1.accounts.$select(bob).unfollow();
  assert.equal(unfollowed.following, false);
  assert.equal((await relationship("bob", alice)).followedBy, false);
  assert.deepEqual(await as("bob").v1.accounts.$select(bob).followers.list(), []);
  // Follow again: the notification and streaming tests below need alice to follow bob.
  assert.equal((await as("alice").v1.accounts.$select(bob).follow()).following, true);
});

test("a follower reads followers-only statuses", async () => {
  const hidden = await as("bob").v1.statuses.create({ status: "masto: for followers", visibility: "private" });
  assert.equal((await as("alice").v1.statuses.$select(hidden.id).fetch()).id, hidden.id);
});

test("a locked account gets follow requests", async (t) => {
  assert.deepEqual(await as("bob").v1.followRequests.list(), []);
  try {
    await as("bob").v1.accounts.updateCredentials({ locked: true });
  } catch (error) {
    if (!(error instanceof MastoHttpError) || ![404, 405].includes(error.statusCode)) throw error;
    t.skip(
      `PATCH /api/v1/accounts/update_credentials answers ${error.statusCode}: ` +
        "no locked account can be made through the API yet",
    );
    return;
  }
  const { alice, bob } = state.accountIds;
  await as("alice").v1.accounts.$select(bob).unfollow();
  const asked = await as("alice").v1.accounts.$select(bob).follow();
  assert.equal(asked.requested, true);
  assert.equal(asked.following, false);
  assert.deepEqual(ids(await as("bob").v1.followRequests.list()), [alice]);
  const agreed = await as("bob").v1.followRequests.$select(alice).authorize();
  assert.equal(agreed.followedBy, true);
  assert.equal((await relationship("alice", bob)).following, true);
  await as("bob").v1.accounts.updateCredentials({ locked: false });
});

// --- media -------------------------------------------------------------------------------------------

const fetchBytes = async (url) => {
  const r = await fetch(url, { signal: AbortSignal.timeout(HTTP_TIMEOUT_MS) }); // no token: the URL is the key
  assert.equal(r.status, 200, url);
  return { type: r.headers.get("content-type"), bytes: Buffer.from(await r.arrayBuffer()) };
};

test("upload a PNG carrying EXIF and GPS: served without them, with meta and blurhash", async () => {
  const png = makePng(48, 32);
  assert.deepEqual(metadataLeftInPng(png), ["eXIf", "tEXt", ...EXIF_MARKERS]); // what must go
  // masto posts to /api/v2/media, then polls GET /api/v1/media/:id until `url` is set.
  const media = await as("alice").v2.media.create({
    file: new Blob([png], { type: "image/png" }),
    description: "a gradient",
    focus: "0.25,0.5",
  });
  assert.equal(media.type, "image");
  assert.equal(media.description, "a gradient");
  assert.deepEqual(
    [media.meta.original.width, media.meta.original.height, media.meta.original.size],
    [48, 32, "48x32"],
  );
  assert.equal(media.meta.original.aspect, 1.5);
  assert.ok(media.meta.small.width > 0 && media.meta.small.width <= 48, JSON.stringify(media.meta));
  assert.deepEqual(media.meta.focus, { x: 0.25, y: 0.5 });
  assert.ok(isBlurhash(media.blurhash), media.blurhash);

  const served = await fetchBytes(media.url);
  assert.equal(served.type, "image/png");
  const { width, height } = pngChunks(served.bytes);
  assert.deepEqual([width, height], [48, 32]);
  assert.deepEqual(metadataLeftInPng(served.bytes), [], "no EXIF, GPS or text chunk may be served");
  const preview = await fetchBytes(media.previewUrl);
  assert.ok(!EXIF_MARKERS.some((m) => preview.bytes.toString("latin1").includes(m)), "preview metadata");
  state.media = media;
});

test("media: change description and focus, attach to a status, read it back", async () => {
  const media = await as("alice")
    .v1.media.$select(state.media.id)
    .update({ description: "a blue gradient", focus: "-1,1" });
  assert.equal(media.description, "a blue gradient");
  assert.deepEqual(media.meta.focus, { x: -1, y: 1 });
  const status = await as("alice").v1.statuses.create({ status: "masto: a gradient", mediaIds: [media.id] });
  assert.deepEqual(ids(status.mediaAttachments), [media.id]);
  const [seen] = (await as("bob").v1.statuses.$select(status.id).fetch()).mediaAttachments;
  assert.equal(seen.description, "a blue gradient");
  assert.deepEqual(seen.meta.focus, { x: -1, y: 1 });
  assert.equal(seen.meta.original.width, 48);
  assert.equal(seen.blurhash, state.media.blurhash);
  // Attached, it is no longer the uploader's to change (as Mastodon).
  await rejectsWith(as("alice").v1.media.$select(media.id).update({ description: "too late" }), 404);
  await rejectsWith(
    as("alice").v2.media.create({ file: new Blob(["not an image"], { type: "image/png" }), skipPolling: true }),
    422,
  );
});

// --- polls -------------------------------------------------------------------------------------------

const voteCounts = (poll) => poll.options.map((o) => o.votesCount);

test("polls: post, vote, read the results; a second vote is a JSON 422", async () => {
  const status = await as("alice").v1.statuses.create({
    status: "masto: red, green or blue?",
    poll: { options: ["red", "green", "blue"], expiresIn: 600, multiple: false },
  });
  const poll = status.poll;
  assert.deepEqual(
    poll.options.map((o) => o.title),
    ["red", "green", "blue"],
  );
  assert.equal(poll.multiple, false);
  assert.equal(poll.expired, false);
  const left = (Date.parse(poll.expiresAt) - Date.now()) / 1000;
  assert.ok(left > 590 && left <= 600, `expires in ${left} s`);

  const voted = await as("bob").v1.polls.$select(poll.id).votes.create({ choices: [1] });
  assert.equal(voted.voted, true);
  assert.deepEqual(voted.ownVotes, [1]);
  assert.deepEqual(voteCounts(voted), [0, 1, 0]);
  const read = await as("alice").v1.polls.$select(poll.id).fetch();
  assert.deepEqual([read.votesCount, read.votersCount, ...voteCounts(read)], [1, 1, 0, 1, 0]);

  await rejectsWith(as("bob").v1.polls.$select(poll.id).votes.create({ choices: [2] }), 422, /already voted/);
  await rejectsWith(as("alice").v1.polls.$select(poll.id).votes.create({ choices: [0] }), 422);
  assert.deepEqual(voteCounts(await as("bob").v1.polls.$select(poll.id).fetch()), [0, 1, 0]);

  const several = await as("alice").v1.statuses.create({
    status: "masto: pick any",
    poll: { options: ["one", "two", "three"], expiresIn: 300, multiple: true },
  });
  const both = await as("bob").v1.polls.$select(several.poll.id).votes.create({ choices: [0, 2] });
  assert.deepEqual([both.votesCount, both.votersCount, ...voteCounts(both)], [2, 1, 1, 0, 1]);
  await rejectsWith(as("bob").v1.polls.$select("999999999").fetch(), 404);
});

// --- notifications -----------------------------------------------------------------------------------

async function eventually(check, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

test("notifications: each type, types[] and exclude_types[], dismiss, clear", async () => {
  const post = await as("bob").v1.statuses.create({ status: "masto: notice me" });
  await as("alice").v1.statuses.$select(post.id).favourite();
  await as("alice").v1.statuses.$select(post.id).reblog();
  const mention = await as("alice").v1.statuses.create({ status: "@bob masto says hi" });
  const fromAlice = await eventually(async () => {
    const all = await as("bob").v1.notifications.list({ limit: 80 });
    const fromHer = all.filter((n) => n.account.id === state.accountIds.alice);
    const byType = Object.fromEntries(fromHer.map((n) => [n.type, n]).reverse()); // the newest of each type
    assert.deepEqual(Object.keys(byType).sort(), ["favourite", "follow", "mention", "reblog"]);
    assert.equal(byType.favourite.status.id, post.id);
    assert.equal(byType.reblog.status.id, post.id);
    assert.equal(byType.mention.status.id, mention.id);
    return byType;
  });
  assert.equal(fromAlice.follow.status, undefined);

  const kinds = async (params) => {
    const list = await as("bob").v1.notifications.list({ limit: 80, ...params });
    return [...new Set(list.map((n) => n.type))].sort();
  };
  assert.deepEqual(await kinds({ types: ["mention"] }), ["mention"]);
  assert.deepEqual(await kinds({ types: ["favourite", "reblog"] }), ["favourite", "reblog"]);
  assert.deepEqual(await kinds({ excludeTypes: ["mention", "follow"] }), ["favourite", "reblog"]);
  assert.equal((await as("bob").v1.notifications.$select(fromAlice.reblog.id).fetch()).type, "reblog");

  await rejectsWith(as("alice").v1.notifications.$select(fromAlice.reblog.id).dismiss(), 404);
  await as("bob").v1.notifications.$select(fromAlice.reblog.id).dismiss();
  await rejectsWith(as("bob").v1.notifications.$select(fromAlice.reblog.id).fetch(), 404);
  assert.deepEqual(await kinds({ types: ["favourite", "reblog"] }), ["favourite"]);
  await as("bob").v1.notifications.clear();
  assert.deepEqual(await as("bob").v1.notifications.list(), []);
});

// --- streaming (masto 7: WebSocket, with the URL from /api/v2/instance) --------------------------

// The token travels as the WebSocket subprotocol; prepare() resolves once the socket is open (masto
// waits a second before its first attempt).
async function streamingAs(name) {
  const instance = await rest().v2.instance.fetch();
  const streaming = createStreamingAPIClient({
    streamingApiUrl: instance.configuration.urls.streaming,
    accessToken: state.tokens[name],
    retry: 3,
  });
  await streaming.prepare();
  return streaming;
}

// masto subscribes with a WebSocket message the server does not acknowledge: post until the stream
// shows one (bounded) before testing anything whose absence matters.
async function firstStreamed(events, post) {
  for (let attempt = 0; attempt < 10; attempt++) {
    const status = await post(attempt);
    try {
      return { status, event: await events.next("update", (s) => s.id === status.id, 500) };
    } catch {
      // not subscribed yet: try again
    }
  }
  throw new Error(`nothing streamed; got ${JSON.stringify(events.passed)}`);
}

test("streaming user: update from a followed account, mention notification, delete", { timeout: 30_000 }, async () => {
  const streaming = await streamingAs("alice");
  try {
    const events = new EventQueue(streaming.user.subscribe());
    const { status, event } = await firstStreamed(events, (i) =>
      as("bob").v1.statuses.create({ status: `masto live ${i}` }),
    );
    assert.deepEqual(event.stream, ["user"]);
    assert.equal(event.payload.account.acct, "bob");
    assert.match(event.payload.content, /masto live/);

    const mention = await as("bob").v1.statuses.create({ status: "@alice masto stream ping" });
    const notification = await events.next("notification", (n) => n.type === "mention");
    assert.equal(notification.payload.status.id, mention.id);
    assert.equal(notification.payload.account.acct, "bob");

    await as("bob").v1.statuses.$select(status.id).remove();
    const deleted = await events.next("delete", (id) => id === status.id);
    assert.equal(typeof deleted.payload, "string");
  } finally {
    streaming.close();
  }
});

test("streaming public and hashtag on one connection: public statuses only", { timeout: 30_000 }, async () => {
  const streaming = await streamingAs("alice");
  try {
    const tagged = new EventQueue(streaming.hashtag.subscribe({ tag: "MastoLive" }));
    const publicEvents = new EventQueue(streaming.public.subscribe());
    const { event } = await firstStreamed(tagged, (i) => as("bob").v1.statuses.create({ status: `#MastoLive ${i}` }));
    assert.deepEqual(event.stream, ["hashtag", "MastoLive"]);
    const unlisted = await as("bob").v1.statuses.create({ status: "masto: unlisted", visibility: "unlisted" });
    const open = await as("bob").v1.statuses.create({ status: "masto: public" });
    await publicEvents.next("update", (s) => s.id === open.id);
    assert.ok(!publicEvents.passed.some((e) => e.payload?.id === unlisted.id), "an unlisted status was streamed");
  } finally {
    streaming.close();
  }
});
