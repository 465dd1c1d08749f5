// Agora federating with a real Fedify server, both ways (issue 4's "Proof"): follows, posts of
// each visibility with mentions and hashtags, replies, polls and votes, an image with alt text,
// likes, boosts and their Undo, edits, deletes, profile updates and an account Move; followers-only
// and direct posts fetched with signed GETs, secure mode (a second Agora node with
// federation.authorized_fetch), posts found by URL, reply threads and replies collections. Every
// step is checked on the receiving side: what the Fedify peer received and verified (its HTTP
// signature checked by Fedify, the signer the actor), or what Agora's client API shows.
// Reports travel as `Flag` both ways: the peer's report about alice becomes a remote report at
// Agora (read by a moderator through the admin reports API), and alice's forwarded report about
// the peer's actor reaches the peer from Agora's instance actor, without alice's name.
// Run by run_federation_test.py (an `agora serve` node, and one in secure mode; Node 22); the
// tests run in order and share `state`.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { makePng } from "../helpers.mjs";
import { AgoraNode, eventually } from "./agora_api.mjs";
import { PUBLIC, startPeer } from "./fedify_peer.mjs";

// The main node, and a node in secure mode (federation.authorized_fetch on).
const [nodeInfo, secureNodeInfo] = JSON.parse(process.env.AGORA_FEDERATION_NODES ?? "[]");
assert.ok(nodeInfo, "run through run_federation_test.py (ctest -R interop_fedify_federation)");
const agora = new AgoraNode(nodeInfo);
const state = { alicePosts: {}, patPosts: {} };
let peer;
let alice;
let bob;
let mod; // a moderator of the Agora node (admin scopes)
let pat; // the peer's main actor id
let patAccount; // pat as Agora's alice sees it

before(async () => {
  peer = await startPeer({
    listen: process.env.FEDIFY_PEER_ADDRESS ?? "127.0.0.1",
    host: process.env.FEDIFY_PEER_HOST ?? "127.0.0.1",
    port: Number(process.env.FEDIFY_PEER_PORT ?? 0),
  });
  pat = await peer.addActor("pat", { name: "Pat Fedify", summary: "<p>A Fedify peer</p>" });
  alice = await agora.signIn("alice");
  bob = await agora.signIn("bob");
  mod = await agora.signIn("mod", "read write follow admin:read admin:write");
});

after(() => peer?.close());

// --- what the peer received -----------------------------------------------------------------------

// The first verified activity the peer received that matches; waits for it.
function received(what, match) {
  return eventually(`the Fedify peer to receive ${what}`, () => peer.received.find(match));
}

const objectOf = (raw) => raw.object;
const idOf = (value) => (typeof value === "string" ? value : value?.id);
const list = (value) => (value == null ? [] : Array.isArray(value) ? value : [value]);
const createOf = (uri) => (r) => r.type === "Create" && idOf(r.raw.object) === uri;

// Addressing as Mastodon writes it (FEDERATION.md): checked on the object and on its activity as
// sent, and on the object as Fedify read it.
function assertAddressing(record, expected, what) {
  for (const doc of [record.raw, record.raw.object]) {
    assert.deepEqual(list(doc.to), expected.to, `${what}: to of ${doc.type}`);
    assert.deepEqual(list(doc.cc), expected.cc, `${what}: cc of ${doc.type}`);
  }
  assert.deepEqual(record.parsed.object.to, expected.to, `${what}: to as Fedify read it`);
  assert.deepEqual(record.parsed.object.cc, expected.cc, `${what}: cc as Fedify read it`);
}

// Agora's view of a status of the peer: what alice finds (home, notifications, pat's statuses).
function arrived(uri, member = alice) {
  return eventually(`${uri} to arrive at Agora`, () => member.findStatus(uri, patAccount.id));
}

// --- follows ----------------------------------------------------------------------------------------

test("alice finds the Fedify actor by its URL and follows it: Follow, then Accept", async () => {
  patAccount = await alice.resolveAccount(pat);
  assert.equal(patAccount.username, "pat");
  assert.equal(patAccount.acct, peer.handle("pat"));
  assert.equal(patAccount.display_name, "Pat Fedify");
  assert.equal(patAccount.url, pat); // no profile page published: the actor id

  const answer = await alice.post(`/api/v1/accounts/${patAccount.id}/follow`);
  assert.ok(answer.following || answer.requested, JSON.stringify(answer));
  const follow = await received("alice's Follow", (r) => r.type === "Follow" && r.actor === alice.uri);
  assert.equal(follow.raw.object, pat);
  assert.ok(follow.id.startsWith(`${alice.uri}#follows/`), follow.id);
  state.aliceFollow = follow;
  // The peer answered Accept from its inbox listener; Agora turns the request into a follow.
  await eventually("alice to follow pat", async () => (await alice.relationship(patAccount.id)).following);
  assert.deepEqual(peer.followersOf("pat"), [alice.uri]);
  // Fedify reads alice's following collection: one account.
  const following = await peer.lookup(`${alice.uri}/following`);
  assert.equal(following.totalItems, 1);
});

test("the Fedify actor follows alice: Agora answers Accept, and shows the follower", async () => {
  const follow = await peer.follow("pat", alice.uri);
  state.patFollow = follow;
  const accept = await received("Accept of pat's Follow", (r) => r.type === "Accept");
  assert.equal(accept.actor, alice.uri);
  assert.equal(idOf(accept.raw.object), follow.id.href);
  if (typeof accept.raw.object === "object") {
    assert.equal(accept.raw.object.actor, pat);
    assert.equal(accept.raw.object.object, alice.uri);
  }
  const relationship = await eventually("pat to be alice's follower", async () => {
    const r = await alice.relationship(patAccount.id);
    return r.followed_by && r;
  });
  assert.equal(relationship.following, true);
  const followers = await alice.get(`/api/v1/accounts/${alice.id}/followers`);
  assert.deepEqual(followers.map((a) => a.acct), [peer.handle("pat")]);
  const notifications = await alice.get("/api/v1/notifications?types[]=follow");
  assert.ok(notifications.some((n) => n.account.id === patAccount.id), JSON.stringify(notifications));
});

// --- posts, visibilities, mentions, hashtags ------------------------------------------------------

const VISIBILITIES = ["public", "unlisted", "private", "direct"];

test("alice's posts of each visibility reach the peer, addressed as Mastodon addresses them", async () => {
  const followers = `${alice.uri}/followers`;
  const expected = {
    public: { to: [PUBLIC], cc: [followers, pat] },
    unlisted: { to: [followers], cc: [PUBLIC, pat] },
    private: { to: [followers], cc: [pat] },
    direct: { to: [pat], cc: [] },
  };
  for (const visibility of VISIBILITIES) {
    const status = await alice.post("/api/v1/statuses", {
      status: `@${peer.handle("pat")} a ${visibility} post from Agora #AgoraInterop`,
      visibility,
    });
    assert.equal(status.mentions.length, 1, JSON.stringify(status.mentions));
    state.alicePosts[visibility] = status;
    const create = await received(`the Create of alice's ${visibility} post`, createOf(status.uri));
    assert.equal(create.actor, alice.uri);
    assert.equal(create.raw.id, `${status.uri}/activity`);
    const note = create.raw.object;
    assert.equal(note.type, "Note");
    assert.equal(note.attributedTo, alice.uri);
    assert.match(note.content, new RegExp(`a ${visibility} post from Agora`));
    assertAddressing(create, expected[visibility], visibility);
    assert.equal(create.parsed.class, "Create");
    assert.equal(create.parsed.object.class, "Note");
    assert.equal(create.parsed.object.attributedTo, alice.uri);
    assert.deepEqual(create.parsed.object.tags, [
      { class: "Mention", href: pat, name: `@${peer.handle("pat")}` },
      { class: "Hashtag", href: `${agora.url}/tags/agorainterop`, name: "#agorainterop" },
    ]);
    const tags = list(note.tag);
    const mention = tags.find((t) => t.type === "Mention");
    assert.equal(mention?.href, pat, JSON.stringify(tags));
    assert.equal(mention.name, `@${peer.handle("pat")}`);
    const hashtag = tags.find((t) => t.type === "Hashtag");
    assert.equal(hashtag?.name, "#agorainterop", JSON.stringify(tags));
    assert.equal(hashtag.href, `${agora.url}/tags/agorainterop`);
  }
  // Fedify fetches a public post by its id and reads the same Note.
  const fetched = await peer.lookup(state.alicePosts.public.uri);
  assert.equal(fetched.constructor.name, "Note");
  assert.equal(fetched.attributionId?.href, alice.uri);
  assert.match(fetched.content.toString(), /a public post from Agora/);
});

test("the peer's posts of each visibility reach Agora with the visibility their addressing says", async () => {
  const followers = peer.followersUri("pat");
  const addressing = {
    public: { to: [PUBLIC], cc: [followers, alice.uri], recipients: ["followers", alice.uri] },
    unlisted: { to: [followers], cc: [PUBLIC, alice.uri], recipients: ["followers", alice.uri] },
    private: { to: [followers], cc: [alice.uri], recipients: ["followers", alice.uri] },
    direct: { to: [alice.uri], cc: [], recipients: [alice.uri] },
  };
  for (const visibility of VISIBILITIES) {
    const { to, cc, recipients } = addressing[visibility];
    const note = await peer.post("pat", recipients, {
      content: `<p><span class="h-card"><a href="${alice.uri}" class="u-url mention">@<span>alice</span></a></span> a ${visibility} note from Fedify <a href="${peer.origin}/tags/FedifyInterop" class="mention hashtag" rel="tag">#<span>FedifyInterop</span></a></p>`,
      to,
      cc,
      tags: [
        { mention: alice.uri, name: `@${alice.handle}` },
        { hashtag: "FedifyInterop", href: `${peer.origin}/tags/FedifyInterop` },
      ],
    });
    const status = await arrived(note.id.href);
    state.patPosts[visibility] = { note, status };
    assert.equal(status.visibility, visibility, `${visibility}: ${JSON.stringify(status)}`);
    assert.equal(status.account.id, patAccount.id);
    assert.match(status.content, new RegExp(`a ${visibility} note from Fedify`));
    assert.deepEqual(status.mentions.map((m) => m.acct), ["alice"]);
    assert.deepEqual(status.tags.map((t) => t.name), ["fedifyinterop"]);
    const mentioned = await eventually("alice's mention notification", async () => {
      const notifications = await alice.get("/api/v1/notifications?types[]=mention");
      return notifications.find((n) => n.status?.uri === note.id.href);
    });
    assert.equal(mentioned.account.id, patAccount.id);
    // bob neither follows pat nor is addressed: only public and unlisted posts are his to see.
    const bobSees = await bob.statusOf(`/api/v1/statuses/${status.id}`);
    assert.equal(bobSees, visibility === "public" || visibility === "unlisted" ? 200 : 404, visibility);
  }
});

// --- signed fetches (followers-only and direct posts) ---------------------------------------------

// A GET of one of alice's posts as ActivityStreams, without a signature: {status, vary}.
async function unsignedFetch(uri) {
  const response = await fetch(uri, {
    headers: { accept: "application/activity+json" },
    redirect: "manual",
    signal: AbortSignal.timeout(15_000),
  });
  await response.arrayBuffer();
  return { status: response.status, vary: response.headers.get("vary") ?? "" };
}

test("signed fetches: pat, a follower, reads alice's followers-only and direct Notes; others get 404", async () => {
  const { private: privatePost, direct } = state.alicePosts;
  // pat follows alice (and is mentioned in both): Fedify's loader signs as pat, Agora answers.
  for (const [status, what] of [[privatePost, "followers-only"], [direct, "direct"]]) {
    const note = await peer.lookupAs("pat", status.uri);
    assert.ok(note, `pat's signed fetch of alice's ${what} post found nothing`);
    assert.equal(note.constructor.name, "Note");
    assert.equal(note.id.href, status.uri);
    assert.equal(note.attributionId?.href, alice.uri);
    assert.match(note.content.toString(), new RegExp(`a ${status.visibility} post from Agora`));
  }
  // Its Create and its replies collection, signed by pat: served too.
  const loader = await peer.signedLoader("pat");
  const create = await loader(`${privatePost.uri}/activity`);
  assert.equal(create.document.type, "Create");
  assert.equal(idOf(create.document.object), privatePost.uri);
  const replies = await peer.lookupAs("pat", `${privatePost.uri}/replies`);
  assert.equal(replies?.id?.href, `${privatePost.uri}/replies`);
  // Signed by pat with Fedify's signRequest, both schemes: 200, private to that signer.
  for (const spec of ["rfc9421", "draft-cavage-http-signatures-12"]) {
    const response = await peer.signedFetch("pat", privatePost.uri, spec);
    assert.equal(response.status, 200, spec);
    assert.equal((await response.json()).id, privatePost.uri);
    assert.match(response.headers.get("vary") ?? "", /signature/i, `${spec}: Vary`);
    assert.match(response.headers.get("cache-control") ?? "", /private/, `${spec}: Cache-Control`);
  }
  // A page of its replies (a URL with a query), signed both ways.
  for (const spec of ["rfc9421", "draft-cavage-http-signatures-12"]) {
    const response = await peer.signedFetch("pat", `${privatePost.uri}/replies?only_other_accounts=true&page=true`, spec);
    assert.equal(response.status, 200, `replies page, ${spec}`);
    assert.equal((await response.json()).type, "CollectionPage");
  }
  // A peer actor that neither follows alice nor is mentioned: not found.
  await peer.addActor("stranger", { name: "Not a follower" });
  assert.equal(await peer.lookupAs("stranger", privatePost.uri), null);
  assert.equal(await peer.lookupAs("stranger", direct.uri), null);
  const strangers = await peer.signedFetch("stranger", privatePost.uri);
  assert.equal(strangers.status, 404);
  assert.match(strangers.headers.get("vary") ?? "", /signature/i);
  // Unsigned: 404, with Vary: Signature (the answer depends on the signer); so are their Create
  // and replies.
  for (const status of [privatePost, direct]) {
    const answer = await unsignedFetch(status.uri);
    assert.equal(answer.status, 404, status.visibility);
    assert.match(answer.vary, /signature/i, `Vary of ${status.visibility}: ${answer.vary}`);
    for (const uri of [`${status.uri}/activity`, `${status.uri}/replies`]) {
      assert.equal((await unsignedFetch(uri)).status, 404, uri);
    }
  }
  // The public post needs no signature.
  assert.equal((await unsignedFetch(state.alicePosts.public.uri)).status, 200);
});

test("secure mode: unsigned GETs get 401, the peer's signed ones the Note; an unsigned actor GET its technical part", async () => {
  assert.ok(secureNodeInfo, "run_federation_test.py starts a node in secure mode");
  const secure = new AgoraNode(secureNodeInfo);
  const sam = await secure.signIn("alice");
  const status = await sam.post("/api/v1/statuses", { status: "a public post in secure mode", visibility: "public" });
  state.secure = { sam, status };
  // Unsigned: 401, for the post, its Create and a collection.
  for (const uri of [status.uri, `${status.uri}/activity`, `${status.uri}/replies`, `${sam.uri}/followers`]) {
    assert.equal((await unsignedFetch(uri)).status, 401, uri);
  }
  // Signed by pat (whose key the secure node fetches): the Note.
  const note = await peer.lookupAs("pat", status.uri);
  assert.ok(note, "pat's signed fetch found nothing");
  assert.equal(note.id.href, status.uri);
  assert.match(note.content.toString(), /a public post in secure mode/);
  // The actor, signed: all of it.
  const full = await peer.lookupAs("pat", sam.uri);
  assert.equal(full?.constructor.name, "Person");
  assert.equal(full.followersId?.href, `${sam.uri}/followers`);
  // The actor, unsigned: its technical part only, enough to check its signatures and deliver.
  const response = await fetch(sam.uri, {
    headers: { accept: "application/activity+json" },
    signal: AbortSignal.timeout(15_000),
  });
  assert.equal(response.status, 200);
  const minimal = await response.json();
  assert.equal(minimal.id, sam.uri);
  assert.equal(minimal.type, "Person");
  assert.equal(minimal.preferredUsername, "alice");
  assert.equal(minimal.inbox, `${sam.uri}/inbox`);
  assert.equal(minimal.publicKey?.owner, sam.uri);
  assert.match(minimal.publicKey.publicKeyPem, /BEGIN PUBLIC KEY/);
  for (const field of ["name", "summary", "followers", "following", "outbox"]) {
    assert.equal(minimal[field], undefined, `${field} in the unsigned actor: ${JSON.stringify(minimal)}`);
  }
  // Fedify reads it, unsigned, as a Person with its key.
  const read = await peer.lookup(sam.uri);
  assert.equal(read.constructor.name, "Person");
  const key = await read.getPublicKey();
  assert.equal(key?.id?.href, minimal.publicKey.id);
  // Browsers are not concerned: the profile page, and the post's redirect to its page.
  const page = await fetch(sam.uri, { headers: { accept: "text/html" }, redirect: "manual" });
  assert.equal(page.status, 200);
  assert.match(page.headers.get("content-type") ?? "", /text\/html/);
  const redirect = await fetch(status.uri, { headers: { accept: "text/html" }, redirect: "manual" });
  assert.equal(redirect.status, 302);
  // The instance actor, WebFinger and NodeInfo are never signature-gated.
  const instance = await fetch(`${secure.url}/actor`, { headers: { accept: "application/activity+json" } });
  assert.equal(instance.status, 200);
  const resource = encodeURIComponent(`acct:alice@${secure.domain}`);
  const webfinger = await fetch(`${secure.url}/.well-known/webfinger?resource=${resource}`);
  assert.equal(webfinger.status, 200);
  assert.ok((await webfinger.json()).links.some((l) => l.rel === "self" && l.href === sam.uri));
  assert.equal((await fetch(`${secure.url}/.well-known/nodeinfo`)).status, 200);
  // Deliveries from the secure node verify at Fedify, which fetches keys unsigned: pat follows
  // sam, and sam's Accept and followers-only post arrive verified.
  const follow = await peer.follow("pat", sam.uri);
  const accept = await received("the secure node's Accept", (r) => r.type === "Accept" && r.actor === sam.uri);
  assert.equal(idOf(accept.raw.object), follow.id.href);
  const post = await sam.post("/api/v1/statuses", { status: "for my followers, in secure mode", visibility: "private" });
  const create = await received("the secure node's Create", createOf(post.uri));
  assert.equal(create.actor, sam.uri);
  assert.equal(create.parsed.object.class, "Note");
  assert.match(create.parsed.object.content, /for my followers, in secure mode/);
  assert.deepEqual(peer.unverified, []);
  // pat, now a follower, fetches that post signed; the collections too (401 unsigned above).
  const fetched = await peer.lookupAs("pat", post.uri);
  assert.equal(fetched?.id?.href, post.uri);
  const followers = await peer.lookupAs("pat", `${sam.uri}/followers`);
  assert.equal(followers?.totalItems, 1);
  const outbox = await peer.lookupAs("pat", `${sam.uri}/outbox`);
  assert.equal(outbox?.constructor.name, "OrderedCollection");
  const replies = await peer.lookupAs("pat", `${status.uri}/replies`);
  assert.equal(replies?.id?.href, `${status.uri}/replies`);
});

test("secure mode between Agora nodes: alice finds the secure node's actor and post by URL (signed fetches)", async () => {
  const { sam, status } = state.secure;
  const reply = await sam.post("/api/v1/statuses", {
    status: "a reply in secure mode",
    visibility: "public",
    in_reply_to_id: status.id,
  });
  const account = await alice.resolveAccount(sam.uri);
  assert.equal(account.acct, sam.handle);
  const query = new URLSearchParams({ q: status.uri, resolve: "true", type: "statuses" });
  const found = await alice.get(`/api/v2/search?${query}`);
  assert.equal(found.statuses.length, 1, JSON.stringify(found));
  assert.equal(found.statuses[0].uri, status.uri);
  assert.match(found.statuses[0].content, /a public post in secure mode/);
  assert.equal(found.statuses[0].account.id, account.id);
  // Its context: the reply, fetched from the replies collection (signed GETs, as the post).
  const context = await eventually("the reply from the secure node", async () => {
    const c = await alice.get(`/api/v1/statuses/${found.statuses[0].id}/context`);
    return c.descendants.length > 0 && c;
  });
  assert.deepEqual(context.descendants.map((s) => s.uri), [reply.uri]);
});

test("the peer's post is streamed to alice, who follows pat (server-sent events)", async () => {
  const stream = await alice.stream("/api/v1/streaming/user");
  try {
    const note = await peer.post("pat", ["followers"], {
      content: "<p>a streamed note from Fedify</p>",
      to: [PUBLIC],
      cc: [peer.followersUri("pat")],
    });
    const update = await eventually("the update event", () =>
      stream.events.find((e) => e.event === "update" && e.payload?.uri === note.id.href),
    );
    assert.equal(update.payload.account.id, patAccount.id);
  } finally {
    stream.close();
  }
});

test("a direct reply from the peer lands in alice's conversation", async () => {
  const status = state.alicePosts.direct;
  const note = await peer.post("pat", [alice.uri], {
    content: `<p><span class="h-card"><a href="${alice.uri}" class="u-url mention">@<span>alice</span></a></span> a direct reply from Fedify</p>`,
    to: [alice.uri],
    tags: [{ mention: alice.uri, name: `@${alice.handle}` }],
    inReplyTo: status.uri,
  });
  const reply = await arrived(note.id.href);
  assert.equal(reply.visibility, "direct");
  assert.equal(reply.in_reply_to_id, status.id);
  const conversation = await eventually("the conversation to show the reply", async () => {
    const list = await alice.get("/api/v1/conversations");
    return list.find((c) => c.last_status?.uri === note.id.href);
  });
  assert.deepEqual(conversation.accounts.map((a) => a.id), [patAccount.id]);
  assert.equal(conversation.unread, true);
});

test("one delivery of the peer's direct note to alice and bob reaches both", async () => {
  const note = await peer.post("pat", [alice.uri, bob.uri], {
    content: "<p>@alice @bob a direct note to two members</p>",
    to: [alice.uri, bob.uri],
    tags: [
      { mention: alice.uri, name: `@${alice.handle}` },
      { mention: bob.uri, name: `@${bob.handle}` },
    ],
  });
  for (const member of [alice, bob]) {
    const status = await arrived(note.id.href, member);
    assert.equal(status.visibility, "direct");
    assert.deepEqual(status.mentions.map((m) => m.acct).sort(), ["alice", "bob"]);
  }
});

test("the peer's image with a description, and its Article, arrive at Agora", async () => {
  const imageUrl = `${peer.origin}/media/sunset.png`;
  const note = await peer.post("pat", ["followers"], {
    content: "<p>a picture from Fedify</p>",
    to: [PUBLIC],
    cc: [peer.followersUri("pat")],
    attachments: [{ url: imageUrl, mediaType: "image/png", name: "A sunset over the sea", width: 640, height: 480 }],
  });
  const status = await arrived(note.id.href);
  assert.equal(status.media_attachments.length, 1, JSON.stringify(status));
  const [media] = status.media_attachments;
  assert.equal(media.type, "image");
  assert.equal(media.description, "A sunset over the sea");
  assert.equal(media.remote_url ?? media.url, imageUrl);
  assert.equal(media.meta?.original?.width, 640, JSON.stringify(media));

  const article = await peer.post("pat", ["followers"], {
    article: true,
    name: "A long read from Fedify",
    content: "<p>The body of the article.</p>",
    url: `${peer.origin}/articles/long-read`,
    to: [PUBLIC],
    cc: [peer.followersUri("pat")],
  });
  const shown = await arrived(article.id.href);
  assert.match(shown.content, /A long read from Fedify/);
  assert.match(shown.content, /The body of the article/);
  assert.match(shown.content, new RegExp(`${peer.origin}/articles/long-read`));
});

test("hashtags: the peer's public post is in Agora's hashtag timeline, alice's in the peer's record", async () => {
  const timeline = await eventually("the fedifyinterop timeline", async () => {
    const statuses = await alice.get("/api/v1/timelines/tag/FedifyInterop");
    return statuses.length > 0 && statuses;
  });
  const uris = timeline.map((s) => s.uri);
  assert.ok(uris.includes(state.patPosts.public.note.id.href), JSON.stringify(uris));
  assert.ok(!uris.includes(state.patPosts.private.note.id.href), "a followers-only post is in a public timeline");
  const tagged = peer.received.filter(
    (r) => r.type === "Create" && list(r.raw.object?.tag).some((t) => t.name === "#agorainterop"),
  );
  assert.equal(tagged.length, VISIBILITIES.length);
});

// --- replies ----------------------------------------------------------------------------------------

test("alice replies to the peer's post: inReplyTo is the peer's note", async () => {
  const parent = state.patPosts.public;
  const reply = await alice.post("/api/v1/statuses", {
    status: `@${peer.handle("pat")} a reply from Agora`,
    in_reply_to_id: parent.status.id,
  });
  assert.equal(reply.in_reply_to_id, parent.status.id);
  const create = await received("alice's reply", createOf(reply.uri));
  assert.equal(create.raw.object.inReplyTo, parent.note.id.href);
  assert.equal(create.parsed.object.inReplyTo, parent.note.id.href);
  assert.ok(list(create.raw.object.tag).some((t) => t.type === "Mention" && t.href === pat));
});

test("the peer replies to alice's post: Agora threads it under hers", async () => {
  const parent = state.alicePosts.public;
  const note = await peer.post("pat", ["followers", alice.uri], {
    content: "<p>a reply from Fedify</p>",
    to: [PUBLIC],
    cc: [peer.followersUri("pat"), alice.uri],
    tags: [{ mention: alice.uri, name: `@${alice.handle}` }],
    inReplyTo: parent.uri,
  });
  const status = await arrived(note.id.href);
  state.patReplyToAlice = note.id.href;
  assert.equal(status.in_reply_to_id, parent.id);
  assert.equal(status.in_reply_to_account_id, alice.id);
  const context = await alice.get(`/api/v1/statuses/${parent.id}/context`);
  assert.ok(context.descendants.some((s) => s.uri === note.id.href), JSON.stringify(context));
  const parentNow = await alice.get(`/api/v1/statuses/${parent.id}`);
  assert.equal(parentNow.replies_count, 1);
});

test("a reply to a post Agora never received: Agora fetches the parent from the peer", async () => {
  const parent = peer.keep("pat", {
    content: "<p>a post only served, never sent</p>",
    to: [PUBLIC],
    cc: [peer.followersUri("pat")],
  });
  const reply = await peer.post("pat", ["followers"], {
    content: "<p>a reply to it</p>",
    to: [PUBLIC],
    cc: [peer.followersUri("pat")],
    inReplyTo: parent.id.href,
  });
  const status = await arrived(reply.id.href);
  const fetched = await eventually("the parent to be fetched", async () => {
    const context = await alice.get(`/api/v1/statuses/${status.id}/context`);
    return context.ancestors.find((s) => s.uri === parent.id.href);
  });
  assert.match(fetched.content, /a post only served, never sent/);
  assert.equal((await alice.get(`/api/v1/statuses/${status.id}`)).in_reply_to_id, fetched.id);
});

// --- posts by URL, reply threads, replies collections --------------------------------------------

test("search by URL: alice finds a peer post Agora never received, with its content and parent", async () => {
  const parent = peer.keep("pat", {
    content: "<p>the parent of a post found by its URL</p>",
    to: [PUBLIC],
    cc: [peer.followersUri("pat")],
  });
  const note = peer.keep("pat", {
    content: "<p>a post found by its URL</p>",
    to: [PUBLIC],
    cc: [peer.followersUri("pat")],
    inReplyTo: parent.id.href,
  });
  // The peer serves this one with authorized fetch: only to a GET whose signature Fedify verifies.
  peer.signedOnly.add(note.id.href);
  const refused = await fetch(note.id.href, { headers: { accept: "application/activity+json" } });
  assert.equal(refused.status, 401);
  const query = new URLSearchParams({ q: note.id.href, resolve: "true", type: "statuses" });
  const found = await alice.get(`/api/v2/search?${query}`);
  assert.equal(found.statuses.length, 1, JSON.stringify(found));
  const [status] = found.statuses;
  assert.equal(status.uri, note.id.href);
  assert.match(status.content, /a post found by its URL/);
  assert.equal(status.account.id, patAccount.id);
  assert.equal(status.visibility, "public");
  // Agora's GET was signed by its instance actor, as Fedify verified.
  const signers = peer.fetchSigners.filter((f) => f.id === note.id.href).map((f) => f.signer);
  assert.ok(signers.includes(`${agora.url}/actor`), JSON.stringify(signers));
  // Found once, kept: the same status by id; its parent fetched too, and threaded.
  assert.equal((await alice.get(`/api/v1/statuses/${status.id}`)).uri, note.id.href);
  assert.ok(status.in_reply_to_id, JSON.stringify(status));
  const context = await alice.get(`/api/v1/statuses/${status.id}/context`);
  assert.deepEqual(context.ancestors.map((s) => s.uri), [parent.id.href]);
  assert.match(context.ancestors[0].content, /the parent of a post found by its URL/);
});

test("reply threads: alice opens a peer post's context, and its replies (served by the peer) arrive", async () => {
  // quinn answers pat's post, and pat answers quinn: neither reply is ever sent to Agora. The
  // post lists its reply in an embedded `replies` collection, the reply lists its own.
  await peer.addActor("quinn", { name: "Quinn Fedify" });
  const parentId = peer.objectUri("pat");
  const firstId = peer.objectUri("quinn");
  const second = peer.keep("pat", {
    content: "<p>a reply to the reply, only served</p>",
    to: [PUBLIC],
    cc: [peer.followersUri("pat")],
    inReplyTo: firstId,
  });
  const first = peer.keep("quinn", {
    id: firstId,
    content: "<p>a reply, only served</p>",
    to: [PUBLIC],
    cc: [peer.followersUri("quinn")],
    inReplyTo: parentId,
    replies: [second.id.href],
  });
  const parent = await peer.post("pat", ["followers"], {
    id: parentId,
    content: "<p>a post whose replies Agora fetches</p>",
    to: [PUBLIC],
    cc: [peer.followersUri("pat")],
    replies: [first.id.href],
  });
  const status = await arrived(parent.id.href);
  const context = await eventually("the replies in the context", async () => {
    const c = await alice.get(`/api/v1/statuses/${status.id}/context`);
    return c.descendants.length === 2 && c;
  });
  assert.deepEqual(context.descendants.map((s) => s.uri), [first.id.href, second.id.href]);
  assert.match(context.descendants[0].content, /a reply, only served/);
  assert.equal(context.descendants[0].in_reply_to_id, status.id);
  assert.equal(context.descendants[0].account.acct, peer.handle("quinn"));
  assert.equal(context.descendants[1].in_reply_to_id, context.descendants[0].id);
});

test("reply threads: a replies collection served at its own id, its first page listing the reply", async () => {
  const parentId = peer.objectUri("pat");
  const reply = peer.keep("quinn", {
    content: "<p>a reply listed in a collection served on its own</p>",
    to: [PUBLIC],
    cc: [peer.followersUri("quinn")],
    inReplyTo: parentId,
  });
  const repliesUri = peer.keepCollection("pat", [reply.id.href]);
  const parent = await peer.post("pat", ["followers"], {
    id: parentId,
    content: "<p>a post whose replies are a collection of their own</p>",
    to: [PUBLIC],
    cc: [peer.followersUri("pat")],
    repliesUri,
  });
  // Fedify serves the collection itself (Agora fetches it by its id, on the post's origin).
  assert.equal((await peer.lookup(repliesUri)).constructor.name, "Collection");
  const status = await arrived(parent.id.href);
  const context = await eventually("the reply in the context", async () => {
    const c = await alice.get(`/api/v1/statuses/${status.id}/context`);
    return c.descendants.length > 0 && c;
  });
  assert.deepEqual(context.descendants.map((s) => s.uri), [reply.id.href]);
  assert.match(context.descendants[0].content, /a reply listed in a collection served on its own/);
});

test("Agora's replies collection, as Fedify reads it: alice's own reply to her post", async () => {
  const post = await alice.post("/api/v1/statuses", { status: "a thread on Agora", visibility: "public" });
  const reply = await alice.post("/api/v1/statuses", {
    status: "and its continuation",
    visibility: "public",
    in_reply_to_id: post.id,
  });
  const note = await peer.lookup(post.uri);
  const replies = await note.getReplies();
  assert.ok(replies, "the Note has no replies collection");
  assert.equal(replies.id?.href, `${post.uri}/replies`);
  const firstPage = await replies.getFirst();
  assert.ok(firstPage, "the replies collection has no first page");
  assert.deepEqual(firstPage.itemIds.map((u) => u.href), [reply.uri]);
  // The next page (everyone else's replies) is fetched from Agora: none.
  const next = await firstPage.getNext();
  assert.ok(next, "the first page has no next page");
  assert.deepEqual(next.itemIds.map((u) => u.href), []);
  // The collection by its id, fetched by Fedify: the same first page.
  const fetched = await peer.lookup(`${post.uri}/replies`);
  assert.equal(fetched.constructor.name, "Collection");
  const fetchedFirst = await fetched.getFirst();
  assert.deepEqual(fetchedFirst.itemIds.map((u) => u.href), [reply.uri]);
  // The reply itself, by its id: inReplyTo the post.
  const replyNote = await peer.lookup(reply.uri);
  assert.equal(replyNote.replyTargetId?.href, post.uri);
  // Others' replies are on the later pages: pat's reply to alice's public post, followed page by
  // page from the collection (no own reply there: the first page is empty and leads to them).
  const thread = await (await peer.lookup(state.alicePosts.public.uri)).getReplies();
  const seen = [];
  for (let page = await thread.getFirst(), pages = 0; page && pages < 5; page = await page.getNext(), ++pages) {
    seen.push(...page.itemIds.map((u) => u.href));
  }
  assert.ok(seen.includes(state.patReplyToAlice), `${state.patReplyToAlice} not in ${JSON.stringify(seen)}`);
});

// --- polls --------------------------------------------------------------------------------------------

test("alice's poll reaches the peer as a Question, and the peer's vote is counted", async () => {
  const status = await alice.post("/api/v1/statuses", {
    status: "Tea or coffee?",
    poll: { options: ["tea", "coffee"], expires_in: 3600 },
  });
  const create = await received("alice's poll", createOf(status.uri));
  const question = create.raw.object;
  assert.equal(question.type, "Question");
  assert.deepEqual(list(question.oneOf).map((o) => o.name), ["tea", "coffee"]);
  assert.ok(question.endTime, JSON.stringify(question));
  assert.ok(!question.anyOf);
  assert.equal(create.parsed.object.class, "Question");
  assert.deepEqual(create.parsed.object.oneOf, ["tea", "coffee"]);
  assert.ok(create.parsed.object.endTime);

  // A vote as Mastodon sends it: a Note named after the option, in reply to the Question.
  await peer.post("pat", [alice.uri], {
    name: "coffee",
    to: [alice.uri],
    inReplyTo: status.uri,
    vote: true,
  });
  const poll = await eventually("pat's vote to count", async () => {
    const p = await alice.get(`/api/v1/polls/${status.poll.id}`);
    return p.votes_count === 1 && p;
  });
  assert.deepEqual(poll.options.map((o) => o.votes_count), [0, 1]);
  assert.equal(poll.voters_count, 1);
  // A vote is not a post: nothing from pat replies to the poll.
  const context = await alice.get(`/api/v1/statuses/${status.id}/context`);
  assert.deepEqual(context.descendants, []);
  // The Question Agora serves at its id carries the new count, as Fedify reads it.
  const served = await peer.lookup(status.uri);
  const counts = [];
  for await (const option of served.getExclusiveOptions()) counts.push((await option.getReplies())?.totalItems ?? null);
  assert.deepEqual(counts, [0, 1]);
  assert.equal(served.voters, 1);
});

test("a multiple-choice poll: anyOf, and the peer's two votes count as one voter", async () => {
  const status = await alice.post("/api/v1/statuses", {
    status: "Which days suit you?",
    poll: { options: ["monday", "tuesday", "wednesday"], expires_in: 3600, multiple: true },
  });
  const create = await received("alice's multiple-choice poll", createOf(status.uri));
  assert.deepEqual(list(create.raw.object.anyOf).map((o) => o.name), ["monday", "tuesday", "wednesday"]);
  assert.ok(!create.raw.object.oneOf);
  // Two choices: one Note per option, as Mastodon sends them.
  for (const choice of ["monday", "wednesday"]) {
    await peer.post("pat", [alice.uri], { name: choice, to: [alice.uri], inReplyTo: status.uri, vote: true });
  }
  const poll = await eventually("both votes to count", async () => {
    const p = await alice.get(`/api/v1/polls/${status.poll.id}`);
    return p.votes_count === 2 && p;
  });
  assert.deepEqual(poll.options.map((o) => o.votes_count), [1, 0, 1]);
  assert.equal(poll.voters_count, 1);
});

test("the peer's poll reaches Agora, and alice's vote reaches the peer as a named Note", async () => {
  const question = await peer.post("pat", ["followers"], {
    content: "<p>Red or blue?</p>",
    to: [PUBLIC],
    cc: [peer.followersUri("pat")],
    poll: { options: ["red", "blue"], expiresInSeconds: 3600 },
  });
  const status = await arrived(question.id.href);
  assert.ok(status.poll, JSON.stringify(status));
  assert.deepEqual(status.poll.options.map((o) => o.title), ["red", "blue"]);
  assert.equal(status.poll.multiple, false);
  await alice.post(`/api/v1/polls/${status.poll.id}/votes`, { choices: [1] });
  const vote = await received(
    "alice's vote",
    (r) => r.type === "Create" && r.raw.object?.inReplyTo === question.id.href,
  );
  assert.equal(vote.actor, alice.uri);
  assert.equal(vote.raw.object.type, "Note");
  assert.equal(vote.raw.object.name, "blue");
  assert.equal(vote.raw.object.attributedTo, alice.uri);
  assert.deepEqual(list(vote.raw.object.to), [pat]);
  assert.equal(vote.parsed.object.class, "Note");
  assert.equal(vote.parsed.object.name, "blue");
  assert.equal(vote.parsed.object.inReplyTo, question.id.href);

  // The peer publishes the new counts (alice's vote and two others) with Update{Question}.
  await peer.publishPollCounts("pat", ["followers"], question.id.href, [1, 2], 3);
  const poll = await eventually("the new counts at Agora", async () => {
    const p = await alice.get(`/api/v1/polls/${status.poll.id}`);
    return p.votes_count === 3 && p;
  });
  assert.deepEqual(poll.options.map((o) => o.votes_count), [1, 2]);
  assert.equal(poll.voters_count, 3);
  assert.equal(poll.voted, true);
  assert.deepEqual(poll.own_votes, [1]);
});

// --- media ----------------------------------------------------------------------------------------

test("alice's image with alt text reaches the peer as a Document named by the alt text", async () => {
  const png = makePng(64, 48);
  const alt = "A grey gradient, 64 by 48, made by the interop test";
  const media = await alice.upload(png, "gradient.png", "image/png", alt);
  const status = await alice.post("/api/v1/statuses", { status: "a picture", media_ids: [media.id] });
  const create = await received("alice's picture", createOf(status.uri));
  const attachments = list(create.raw.object.attachment);
  assert.equal(attachments.length, 1, JSON.stringify(attachments));
  const [document] = attachments;
  assert.equal(document.type, "Document");
  assert.equal(document.mediaType, "image/png");
  assert.equal(document.name, alt);
  assert.equal(document.width, 64);
  assert.equal(document.height, 48);
  assert.ok(document.blurhash, JSON.stringify(document));
  assert.deepEqual(create.parsed.object.attachments, [
    { class: "Document", mediaType: "image/png", name: alt, url: document.url, width: 64, height: 48 },
  ]);
  // The peer can fetch the file where the Document says it is.
  const file = await fetch(document.url);
  assert.equal(file.status, 200);
  assert.match(file.headers.get("content-type"), /^image\/png/);
});

test("content warnings, sensitive flags and languages, both ways", async () => {
  const status = await alice.post("/api/v1/statuses", {
    status: "Bonjour depuis Agora",
    spoiler_text: "a content warning",
    sensitive: true,
    language: "fr",
  });
  const create = await received("alice's post with a content warning", createOf(status.uri));
  const note = create.raw.object;
  assert.equal(note.summary, "a content warning");
  assert.equal(note.sensitive, true);
  assert.match(note.contentMap?.fr ?? "", /Bonjour depuis Agora/, JSON.stringify(note));

  const peerNote = await peer.post("pat", ["followers"], {
    content: "<p>Hallo aus Fedify</p>",
    language: "de",
    summary: "a Fedify content warning",
    sensitive: true,
    to: [PUBLIC],
    cc: [peer.followersUri("pat")],
  });
  const arrivedNote = await arrived(peerNote.id.href);
  assert.equal(arrivedNote.spoiler_text, "a Fedify content warning");
  assert.equal(arrivedNote.sensitive, true);
  assert.equal(arrivedNote.language, "de");
  assert.match(arrivedNote.content, /Hallo aus Fedify/);
});

// --- likes, boosts and their Undo ------------------------------------------------------------------

test("alice likes and boosts the peer's post, then undoes both: Like, Announce, Undo", async () => {
  const { note, status } = state.patPosts.public;
  await alice.post(`/api/v1/statuses/${status.id}/favourite`);
  const like = await received("alice's Like", (r) => r.type === "Like" && r.actor === alice.uri);
  assert.equal(like.raw.object, note.id.href);
  await alice.post(`/api/v1/statuses/${status.id}/unfavourite`);
  const undoLike = await received(
    "the Undo of alice's Like",
    (r) => r.type === "Undo" && idOf(r.raw.object) === like.id,
  );
  assert.equal(undoLike.actor, alice.uri);

  const boost = await alice.post(`/api/v1/statuses/${status.id}/reblog`);
  const announce = await received("alice's Announce", (r) => r.type === "Announce" && r.actor === alice.uri);
  assert.equal(announce.raw.object, note.id.href);
  assert.ok(announce.id.startsWith(`${alice.uri}/statuses/${boost.id}`), announce.id);
  assert.deepEqual(list(announce.raw.to), [PUBLIC]);
  assert.ok(list(announce.raw.cc).includes(pat), JSON.stringify(announce.raw.cc));
  await alice.post(`/api/v1/statuses/${status.id}/unreblog`);
  const undoAnnounce = await received(
    "the Undo of alice's Announce",
    (r) => r.type === "Undo" && idOf(r.raw.object) === announce.id,
  );
  assert.equal(undoAnnounce.actor, alice.uri);
});

test("the peer likes and boosts alice's post, then undoes both: counts and notifications at Agora", async () => {
  const status = state.alicePosts.public;
  const like = await peer.like("pat", status.uri, alice.uri);
  await eventually("pat's like to count", async () => {
    const s = await alice.get(`/api/v1/statuses/${status.id}`);
    return s.favourites_count === 1;
  });
  const likers = await alice.get(`/api/v1/statuses/${status.id}/favourited_by`);
  assert.deepEqual(likers.map((a) => a.id), [patAccount.id]);
  const favourite = await alice.get("/api/v1/notifications?types[]=favourite");
  assert.ok(favourite.some((n) => n.account.id === patAccount.id && n.status.id === status.id));
  await peer.undo("pat", [alice.uri], like);
  await eventually("pat's like to be undone", async () => {
    const s = await alice.get(`/api/v1/statuses/${status.id}`);
    return s.favourites_count === 0;
  });

  const announce = await peer.announce("pat", status.uri, alice.uri);
  await eventually("pat's boost to count", async () => {
    const s = await alice.get(`/api/v1/statuses/${status.id}`);
    return s.reblogs_count === 1;
  });
  const boosters = await alice.get(`/api/v1/statuses/${status.id}/reblogged_by`);
  assert.deepEqual(boosters.map((a) => a.id), [patAccount.id]);
  const reblog = await alice.get("/api/v1/notifications?types[]=reblog");
  assert.ok(reblog.some((n) => n.account.id === patAccount.id && n.status.id === status.id));
  await peer.undo("pat", [alice.uri, "followers"], announce);
  await eventually("pat's boost to be undone", async () => {
    const s = await alice.get(`/api/v1/statuses/${status.id}`);
    return s.reblogs_count === 0;
  });
});

test("the peer reacts to alice's post with an emoji (a favourite at Agora), then undoes it", async () => {
  const status = state.alicePosts.unlisted;
  const react = await peer.react("pat", status.uri, alice.uri, "👍");
  await eventually("the reaction to count as a favourite", async () => {
    const s = await alice.get(`/api/v1/statuses/${status.id}`);
    return s.favourites_count === 1;
  });
  await peer.undo("pat", [alice.uri], react);
  await eventually("the reaction to be undone", async () => {
    const s = await alice.get(`/api/v1/statuses/${status.id}`);
    return s.favourites_count === 0;
  });
});

test("the peer pins and unpins its post (Add, Remove on its featured collection)", async () => {
  const { note } = state.patPosts.public;
  await peer.feature("pat", ["followers"], note.id.href, true);
  const pinned = await eventually("the pin at Agora", async () => {
    const list = await alice.get(`/api/v1/accounts/${patAccount.id}/statuses?pinned=true`);
    return list.length > 0 && list;
  });
  assert.deepEqual(pinned.map((s) => s.uri), [note.id.href]);
  await peer.feature("pat", ["followers"], note.id.href, false);
  await eventually("the unpin at Agora", async () => {
    const list = await alice.get(`/api/v1/accounts/${patAccount.id}/statuses?pinned=true`);
    return list.length === 0;
  });
});

// --- edits ----------------------------------------------------------------------------------------

test("alice edits a post: the peer receives Update with the new content", async () => {
  const status = state.alicePosts.unlisted;
  await alice.put(`/api/v1/statuses/${status.id}`, {
    status: `@${peer.handle("pat")} an unlisted post, edited on Agora`,
  });
  const update = await received(
    "the Update of alice's post",
    (r) => r.type === "Update" && idOf(r.raw.object) === status.uri,
  );
  assert.equal(update.actor, alice.uri);
  assert.equal(update.raw.object.type, "Note");
  assert.match(update.raw.object.content, /edited on Agora/);
  assert.ok(update.raw.object.updated, JSON.stringify(update.raw.object));
  assert.equal(update.parsed.object.class, "Note");
  assert.match(update.parsed.object.content, /edited on Agora/);
});

test("the peer edits its post: Agora shows the new content and keeps the history", async () => {
  const { note, status } = state.patPosts.unlisted;
  await peer.edit("pat", ["followers", alice.uri], note.id.href, {
    content: `<p><span class="h-card"><a href="${alice.uri}" class="u-url mention">@<span>alice</span></a></span> an unlisted note, edited on Fedify</p>`,
  });
  const edited = await eventually("pat's edit to arrive", async () => {
    const s = await alice.get(`/api/v1/statuses/${status.id}`);
    return /edited on Fedify/.test(s.content) && s;
  });
  assert.ok(edited.edited_at, JSON.stringify(edited));
  const history = await alice.get(`/api/v1/statuses/${status.id}/history`);
  assert.equal(history.length, 2);
  assert.match(history[0].content, /a unlisted note from Fedify/);
  assert.match(history[1].content, /edited on Fedify/);
});

// --- reports (Flag) -------------------------------------------------------------------------------

test("the peer reports alice and her post with a Flag: a remote report at Agora, with the post", async () => {
  const post = state.alicePosts.public;
  const comment = "Reported from Fedify: spam links";
  const flag = await peer.flag("pat", alice.uri, [alice.uri, post.uri], comment);
  const report = await eventually("the Flag's report at Agora", async () => {
    const reports = await mod.get("/api/v1/admin/reports?origin=remote");
    return reports.find((r) => r.agora.uri === flag.id.href);
  });
  assert.equal(report.agora.origin, "remote");
  assert.equal(report.agora.origin_domain, peer.host);
  assert.equal(report.comment, comment);
  assert.equal(report.target_account.id, alice.id);
  assert.equal(report.account.account.id, patAccount.id); // the sender, as Agora knows it
  assert.deepEqual(report.statuses.map((s) => s.uri), [post.uri]);
  assert.equal(report.forwarded, false);
  // Moderators are told.
  await eventually("the moderator's admin.report notification", async () => {
    const notifications = await mod.get("/api/v1/notifications");
    return notifications.some((n) => n.type === "admin.report" && n.report?.id === report.id);
  });
  // The same Flag delivered again (accepted, then applied once) files nothing more.
  await peer.send("pat", [alice.uri], flag);
  await new Promise((resolve) => setTimeout(resolve, 1000)); // time for Agora's inbox worker
  const again = await mod.get("/api/v1/admin/reports?origin=remote");
  assert.equal(again.filter((r) => r.agora.uri === flag.id.href).length, 1);
});

test("alice reports pat and his post, forwarded: the peer receives a Flag from Agora's instance actor", async () => {
  const { note, status } = state.patPosts.public;
  const comment = "Forwarded from Agora: please look at this";
  const report = await alice.post("/api/v1/reports", {
    account_id: patAccount.id,
    status_ids: [status.id],
    comment,
    category: "spam",
    forward: true,
  });
  assert.equal(report.forwarded, true);
  const flag = await received("Agora's Flag", (r) => r.type === "Flag");
  const instanceActor = `${agora.url}/actor`;
  assert.equal(flag.actor, instanceActor); // verified by Fedify: signed by the instance actor
  assert.deepEqual(list(flag.raw.object), [pat, note.id.href]);
  assert.equal(flag.raw.content, comment);
  assert.equal(flag.parsed.class, "Flag");
  // The reporter stays anonymous: alice is named nowhere in what the peer received.
  assert.ok(!JSON.stringify(flag.raw).includes(alice.uri), JSON.stringify(flag.raw));
  // Agora keeps it as alice's report, marked forwarded.
  const kept = await mod.get(`/api/v1/admin/reports/${report.id}`);
  assert.equal(kept.forwarded, true);
  assert.equal(kept.agora.origin, "member");
  assert.equal(kept.account.id, alice.id);
});

// --- deletes --------------------------------------------------------------------------------------

test("alice deletes a post: the peer receives Delete of a Tombstone", async () => {
  const status = state.alicePosts.private;
  await alice.delete(`/api/v1/statuses/${status.id}`);
  const del = await received(
    "the Delete of alice's post",
    (r) => r.type === "Delete" && idOf(r.raw.object) === status.uri,
  );
  assert.equal(del.actor, alice.uri);
  if (typeof del.raw.object === "object") assert.equal(del.raw.object.type, "Tombstone");
});

test("the peer deletes its post: it is gone from Agora", async () => {
  const { note, status } = state.patPosts.private;
  assert.equal(await alice.statusOf(`/api/v1/statuses/${status.id}`), 200);
  await peer.remove("pat", ["followers", alice.uri], note.id.href);
  await eventually("pat's post to be deleted", async () => {
    return (await alice.statusOf(`/api/v1/statuses/${status.id}`)) === 404;
  });
});

// --- profiles -------------------------------------------------------------------------------------

test("alice updates her profile: the peer receives Update{Person}", async () => {
  await alice.patch("/api/v1/accounts/update_credentials", {
    display_name: "Alice of Agora",
    note: "Now federating with Fedify",
  });
  const update = await received(
    "the Update of alice's profile",
    (r) => r.type === "Update" && idOf(r.raw.object) === alice.uri,
  );
  assert.equal(update.actor, alice.uri);
  assert.equal(update.raw.object.type, "Person");
  assert.equal(update.raw.object.name, "Alice of Agora");
  assert.match(update.raw.object.summary, /Now federating with Fedify/);
  assert.equal(update.parsed.object.class, "Person");
});

test("the peer updates its profile: Agora shows the new name", async () => {
  const avatar = `${peer.origin}/media/pat-avatar.png`;
  const header = `${peer.origin}/media/pat-header.png`;
  await peer.updateProfile("pat", { name: "Pat Renamed", summary: "<p>Renamed on Fedify</p>", avatar, header });
  const account = await eventually("pat's new name", async () => {
    const a = await alice.get(`/api/v1/accounts/${patAccount.id}`);
    return a.display_name === "Pat Renamed" && a;
  });
  assert.match(account.note, /Renamed on Fedify/);
  // Remote images are not downloaded: the entity gives the peer's own URLs (api-compatibility.md).
  assert.equal(account.avatar, avatar);
  assert.equal(account.avatar_static, avatar);
  assert.equal(account.header, header);
});

// --- Move -----------------------------------------------------------------------------------------

test("a peer actor moves to another: alice, who followed the old one, follows the new one", async () => {
  const oldActor = await peer.addActor("olduser", { name: "Old account" });
  const oldAccount = await alice.resolveAccount(oldActor);
  await alice.post(`/api/v1/accounts/${oldAccount.id}/follow`);
  await eventually("alice to follow olduser", async () => (await alice.relationship(oldAccount.id)).following);

  const newActor = await peer.addActor("newuser", { name: "New account", aliases: [oldActor] });
  await peer.move("olduser", newActor);
  const follow = await received(
    "alice's Follow of the new account",
    (r) => r.type === "Follow" && r.actor === alice.uri && r.raw.object === newActor,
  );
  assert.ok(follow.id.startsWith(`${alice.uri}#follows/`));
  const newAccount = await alice.resolveAccount(newActor);
  await eventually("alice to follow newuser", async () => (await alice.relationship(newAccount.id)).following);
  assert.equal((await alice.relationship(oldAccount.id)).following, false);
  // The old account names the new one in `moved`, as Mastodon's Account entity does.
  const moved = await alice.get(`/api/v1/accounts/${oldAccount.id}`);
  assert.equal(moved.moved?.id, newAccount.id, JSON.stringify(moved));
  assert.equal(moved.moved.acct, peer.handle("newuser"));
});

test("a peer actor deletes itself: its posts and alice's follow are gone from Agora", async () => {
  const gone = await peer.addActor("leaving", { name: "Leaving soon" });
  const goneAccount = await alice.resolveAccount(gone);
  await alice.post(`/api/v1/accounts/${goneAccount.id}/follow`);
  await eventually("alice to follow leaving", async () => (await alice.relationship(goneAccount.id)).following);
  const note = await peer.post("leaving", ["followers"], {
    content: "<p>a last post</p>",
    to: [PUBLIC],
    cc: [peer.followersUri("leaving")],
  });
  const status = await eventually("the last post", () => alice.findStatus(note.id.href, goneAccount.id));
  await peer.deleteActor("leaving", [alice.uri]);
  await eventually("the post to go", async () => (await alice.statusOf(`/api/v1/statuses/${status.id}`)) === 404);
  await eventually("the follow to end", async () => !(await alice.relationship(goneAccount.id)).following);
});

// --- unfollows ------------------------------------------------------------------------------------

test("both unfollow: Undo{Follow} each way", async () => {
  await peer.undo("pat", [alice.uri], state.patFollow);
  await eventually("pat to stop following alice", async () => !(await alice.relationship(patAccount.id)).followed_by);

  await alice.post(`/api/v1/accounts/${patAccount.id}/unfollow`);
  const undo = await received(
    "alice's Undo{Follow}",
    (r) => r.type === "Undo" && idOf(r.raw.object) === state.aliceFollow.id,
  );
  assert.equal(undo.actor, alice.uri);
  await eventually("the peer to drop alice from pat's followers", () => peer.followersOf("pat").length === 0);
});

// --- follows refused, approved by hand; blocks ------------------------------------------------------

test("a Fedify actor that approves followers by hand refuses alice: Reject ends the request", async () => {
  const shy = await peer.addActor("shy", { name: "Shy", rejectFollows: true });
  const shyAccount = await alice.resolveAccount(shy);
  assert.equal(shyAccount.locked, true);
  const answer = await alice.post(`/api/v1/accounts/${shyAccount.id}/follow`);
  assert.equal(answer.requested, true, JSON.stringify(answer));
  await received("alice's Follow of shy", (r) => r.type === "Follow" && r.raw.object === shy);
  await eventually("the Reject to end alice's request", async () => {
    const r = await alice.relationship(shyAccount.id);
    return !r.requested && !r.following;
  });
});

test("alice and bob approve followers by hand: the peer gets Accept from one, Reject from the other", async () => {
  for (const member of [alice, bob]) {
    const me = await member.patch("/api/v1/accounts/update_credentials", { locked: true });
    assert.equal(me.locked, true);
  }
  const toAlice = await peer.follow("pat", alice.uri);
  const toBob = await peer.follow("pat", bob.uri);
  const requests = await eventually("pat's follow request to alice", async () => {
    const list = await alice.get("/api/v1/follow_requests");
    return list.length === 1 && list;
  });
  assert.equal(requests[0].id, patAccount.id);
  assert.ok(!peer.received.some((r) => r.type === "Accept" && idOf(r.raw.object) === toAlice.id.href));
  await alice.post(`/api/v1/follow_requests/${patAccount.id}/authorize`);
  const accept = await received("alice's Accept", (r) => r.type === "Accept" && idOf(r.raw.object) === toAlice.id.href);
  assert.equal(accept.actor, alice.uri);
  assert.equal((await alice.relationship(patAccount.id)).followed_by, true);

  const bobsView = await eventually("pat's follow request to bob", async () => {
    const list = await bob.get("/api/v1/follow_requests");
    return list.length === 1 && list;
  });
  await bob.post(`/api/v1/follow_requests/${bobsView[0].id}/reject`);
  const reject = await received("bob's Reject", (r) => r.type === "Reject" && idOf(r.raw.object) === toBob.id.href);
  assert.equal(reject.actor, bob.uri);
  state.patFollowsAlice = toAlice;
  for (const member of [alice, bob]) await member.patch("/api/v1/accounts/update_credentials", { locked: false });
});

test("blocks both ways, and their Undo", async () => {
  // alice blocks pat, who follows her: the follow ends with Reject, then Block; Undo{Block}.
  await alice.post(`/api/v1/accounts/${patAccount.id}/block`);
  const block = await received("alice's Block", (r) => r.type === "Block" && r.actor === alice.uri);
  assert.equal(block.raw.object, pat);
  await received(
    "the Reject of pat's follow that alice's block ends",
    (r) => r.type === "Reject" && r.actor === alice.uri && idOf(r.raw.object) === state.patFollowsAlice.id.href,
  );
  await alice.post(`/api/v1/accounts/${patAccount.id}/unblock`);
  const undo = await received("alice's Undo{Block}", (r) => r.type === "Undo" && idOf(r.raw.object) === block.id);
  assert.equal(undo.actor, alice.uri);

  // pat blocks alice: Agora shows blocked_by, until pat's Undo.
  const patBlock = await peer.block("pat", alice.uri);
  await eventually("alice to be blocked by pat", async () => (await alice.relationship(patAccount.id)).blocked_by);
  await peer.undo("pat", [alice.uri], patBlock);
  await eventually("pat's block to be undone", async () => !(await alice.relationship(patAccount.id)).blocked_by);
});

test("a Fedify server that signs with draft-cavage first federates too", async () => {
  const cavage = await startPeer({
    listen: process.env.FEDIFY_PEER_ADDRESS ?? "127.0.0.1",
    host: process.env.FEDIFY_PEER_HOST ?? "127.0.0.1",
    firstKnock: "draft-cavage-http-signatures-12",
  });
  try {
    const sam = await cavage.addActor("sam", { name: "Sam Cavage" });
    await cavage.follow("sam", alice.uri);
    const samAccount = await eventually("sam's follow to be accepted", async () => {
      const list = await alice.get(`/api/v1/accounts/${alice.id}/followers`);
      return list.find((a) => a.uri === sam);
    });
    assert.equal(samAccount.acct, cavage.handle("sam"));
    const accept = await eventually("Agora's Accept at the second peer", () =>
      cavage.received.find((r) => r.type === "Accept"),
    );
    assert.equal(accept.actor, alice.uri);
    const note = await cavage.post("sam", [alice.uri], {
      content: "<p>signed the old way</p>",
      to: [alice.uri],
      tags: [{ mention: alice.uri, name: `@${alice.handle}` }],
    });
    const status = await eventually("sam's note", () => alice.findStatus(note.id.href, samAccount.id));
    assert.equal(status.visibility, "direct");
    // sam, a follower, fetches alice's followers-only post with this server's signed loader.
    const privatePost = await alice.post("/api/v1/statuses", { status: "for my followers, sam included", visibility: "private" });
    const fetched = await cavage.lookupAs("sam", privatePost.uri);
    assert.equal(fetched?.id?.href, privatePost.uri);
    assert.equal(await cavage.lookupAs("sam", state.alicePosts.direct.uri), null); // not mentioned
    assert.deepEqual(cavage.unverified, []);
  } finally {
    cavage.close();
  }
});

test("every delivery to the peer was verified by Fedify", () => {
  assert.deepEqual(peer.unverified, []);
  assert.deepEqual(peer.errors, []);
  const refused = peer.inboxAnswers.filter((a) => a.status >= 300);
  assert.deepEqual(refused, []);
});
