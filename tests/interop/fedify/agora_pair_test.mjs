// Two Agora nodes federating with each other (issue 4's "Proof"): the scenario of
// federation_test.mjs with Agora on both sides, driven through both nodes' client APIs and
// checked on the receiving node. Each step runs both ways (agora-a.test → agora-b.test, then back).
// Reports forwarded as `Flag` arrive as remote reports, read by the receiving node's moderator.
// Run by run_federation_test.py --nodes 2. Not covered: `Move` (Agora has no way yet for a member
// to move their account).
import assert from "node:assert/strict";
import { before, test } from "node:test";

import { makePng } from "../helpers.mjs";
import { AgoraNode, eventually } from "./agora_api.mjs";

const nodes = JSON.parse(process.env.AGORA_FEDERATION_NODES ?? "[]").map((n) => new AgoraNode(n));
assert.equal(nodes.length, 2, "run through run_federation_test.py --nodes 2 (ctest -R interop_agora_federation)");
const VISIBILITIES = ["public", "unlisted", "private", "direct"];

// One side of the pair: its node, its members, and how it sees the other side's alice.
const sides = nodes.map((node) => ({ node, posts: {} }));

before(async () => {
  for (const side of sides) {
    side.alice = await side.node.signIn("alice");
    side.bob = await side.node.signIn("bob");
    side.mod = await side.node.signIn("mod", "read write follow admin:read admin:write");
  }
});

// The directions every step runs in: [sender, receiver].
const DIRECTIONS = [
  [0, 1],
  [1, 0],
];
const name = (from, to) => `${sides[from].node.domain} → ${sides[to].node.domain}`;
const both = (title, step) => {
  for (const [from, to] of DIRECTIONS) {
    test(`${name(from, to)}: ${title}`, () => step(sides[from], sides[to]));
  }
};

// The receiving side's status for `uri` (a status of the sender's alice), once it arrived.
function arrived(receiver, sender, uri, member = receiver.alice) {
  return eventually(`${uri} to arrive at ${receiver.node.domain}`, () =>
    member.findStatus(uri, receiver.remoteAlice.id),
  );
}

// --- follows ----------------------------------------------------------------------------------------

both("alice finds the other node's alice by URL and follows her: Follow, Accept", async (from, to) => {
  from.remoteAlice = await from.alice.resolveAccount(to.alice.uri);
  assert.equal(from.remoteAlice.acct, to.alice.handle);
  await from.alice.post(`/api/v1/accounts/${from.remoteAlice.id}/follow`);
  await eventually("the follow to be accepted", async () => (await from.alice.relationship(from.remoteAlice.id)).following);
  // The receiving node shows the new follower.
  const followers = await eventually("the follower at the receiving node", async () => {
    const list = await to.alice.get(`/api/v1/accounts/${to.alice.id}/followers`);
    return list.some((a) => a.acct === from.alice.handle) && list;
  });
  assert.ok(followers.length >= 1);
  const notifications = await to.alice.get("/api/v1/notifications?types[]=follow");
  assert.ok(notifications.some((n) => n.account.acct === from.alice.handle), JSON.stringify(notifications));
});

test("each alice knows the other as an account of the other node", () => {
  for (const [from, to] of DIRECTIONS) assert.equal(sides[from].remoteAlice.uri, sides[to].alice.uri);
});

// --- posts ------------------------------------------------------------------------------------------

both("posts of each visibility, with a mention and a hashtag, arrive with their visibility", async (from, to) => {
  for (const visibility of VISIBILITIES) {
    const status = await from.alice.post("/api/v1/statuses", {
      status: `@${to.alice.handle} a ${visibility} post #PairInterop`,
      visibility,
    });
    assert.equal(status.mentions.length, 1, JSON.stringify(status.mentions));
    const there = await arrived(to, from, status.uri);
    from.posts[visibility] = { status, there };
    assert.equal(there.visibility, visibility);
    assert.match(there.content, new RegExp(`a ${visibility} post`));
    assert.deepEqual(there.mentions.map((m) => m.acct), ["alice"]);
    assert.deepEqual(there.tags.map((t) => t.name), ["pairinterop"]);
    assert.equal(there.account.acct, from.alice.handle);
    const mention = await eventually("the mention notification", async () => {
      const list = await to.alice.get("/api/v1/notifications?types[]=mention");
      return list.find((n) => n.status?.uri === status.uri);
    });
    assert.equal(mention.account.acct, from.alice.handle);
    // bob, at the receiving node, follows nobody and is not mentioned.
    const bobSees = await to.bob.statusOf(`/api/v1/statuses/${there.id}`);
    assert.equal(bobSees, visibility === "public" || visibility === "unlisted" ? 200 : 404, visibility);
  }
  const timeline = await to.alice.get("/api/v1/timelines/tag/pairinterop");
  assert.ok(timeline.some((s) => s.uri === from.posts.public.status.uri), "public post in the hashtag timeline");
  assert.ok(!timeline.some((s) => s.uri === from.posts.private.status.uri), "followers-only post in the hashtag timeline");
});

both("a reply to the other node's post is threaded under it there", async (from, to) => {
  // `from` replies to the public post `to` wrote (as `from` stored it).
  const parent = to.posts.public;
  const reply = await from.alice.post("/api/v1/statuses", {
    status: `@${to.alice.handle} a reply across nodes`,
    in_reply_to_id: parent.there.id,
  });
  assert.equal(reply.in_reply_to_id, parent.there.id);
  const there = await arrived(to, from, reply.uri);
  assert.equal(there.in_reply_to_id, parent.status.id);
  const context = await to.alice.get(`/api/v1/statuses/${parent.status.id}/context`);
  assert.ok(context.descendants.some((s) => s.uri === reply.uri), JSON.stringify(context));
});

both("a post found by URL (never delivered), and its author's reply fetched with its thread", async (from, to) => {
  // bob has no follower on the other node: neither his post nor his own reply to it is sent there.
  const post = await from.bob.post("/api/v1/statuses", { status: "a post only found by its URL", visibility: "public" });
  // Seven replies of his own: the collection's first page lists five, its next page the rest.
  const replies = [];
  for (let i = 1; i <= 7; ++i) {
    replies.push(
      await from.bob.post("/api/v1/statuses", {
        status: `its continuation ${i}, only in the replies collection`,
        visibility: "public",
        in_reply_to_id: post.id,
      }),
    );
  }
  const query = new URLSearchParams({ q: post.uri, resolve: "true", type: "statuses" });
  const found = await to.alice.get(`/api/v2/search?${query}`);
  assert.equal(found.statuses.length, 1, JSON.stringify(found));
  const [there] = found.statuses;
  assert.equal(there.uri, post.uri);
  assert.match(there.content, /a post only found by its URL/);
  assert.equal(there.account.acct, from.bob.handle);
  // Opening its context fetches its replies collection, page by page, in the background.
  const context = await eventually("the replies in the context", async () => {
    const c = await to.alice.get(`/api/v1/statuses/${there.id}/context`);
    return c.descendants.length === replies.length && c;
  });
  const uris = context.descendants.map((s) => s.uri);
  assert.deepEqual([...uris].sort(), replies.map((r) => r.uri).sort());
  for (const reply of context.descendants) {
    assert.match(reply.content, /its continuation \d/);
    assert.equal(reply.in_reply_to_id, there.id);
  }
});

both("a poll arrives, and a vote from the other node is counted", async (from, to) => {
  const status = await from.alice.post("/api/v1/statuses", {
    status: "Tea or coffee, across nodes?",
    poll: { options: ["tea", "coffee"], expires_in: 3600 },
  });
  const there = await arrived(to, from, status.uri);
  assert.deepEqual(there.poll.options.map((o) => o.title), ["tea", "coffee"]);
  await to.alice.post(`/api/v1/polls/${there.poll.id}/votes`, { choices: [1] });
  const poll = await eventually("the vote to count", async () => {
    const p = await from.alice.get(`/api/v1/polls/${status.poll.id}`);
    return p.votes_count === 1 && p;
  });
  assert.deepEqual(poll.options.map((o) => o.votes_count), [0, 1]);
  const context = await from.alice.get(`/api/v1/statuses/${status.id}/context`);
  assert.deepEqual(context.descendants, [], "a vote is not a reply");
});

both("a multiple-choice vote from the other node: one Note per option, one voter", async (from, to) => {
  const status = await from.alice.post("/api/v1/statuses", {
    status: "Which days, across nodes?",
    poll: { options: ["monday", "tuesday", "wednesday"], expires_in: 3600, multiple: true },
  });
  const there = await arrived(to, from, status.uri);
  assert.equal(there.poll.multiple, true);
  await to.alice.post(`/api/v1/polls/${there.poll.id}/votes`, { choices: [0, 2] });
  const poll = await eventually("both choices to count", async () => {
    const p = await from.alice.get(`/api/v1/polls/${status.poll.id}`);
    return p.votes_count === 2 && p;
  });
  assert.deepEqual(poll.options.map((o) => o.votes_count), [1, 0, 1]);
  assert.equal(poll.voters_count, 1);
});

both("a follow request across nodes waits for approval, then the follow is accepted", async (from, to) => {
  await to.bob.patch("/api/v1/accounts/update_credentials", { locked: true });
  const remoteBob = await from.alice.resolveAccount(to.bob.uri);
  const answer = await from.alice.post(`/api/v1/accounts/${remoteBob.id}/follow`);
  assert.equal(answer.requested, true, JSON.stringify(answer));
  const requests = await eventually("the request at the other node", async () => {
    const list = await to.bob.get("/api/v1/follow_requests");
    return list.find((a) => a.acct === from.alice.handle) && list;
  });
  const requester = requests.find((a) => a.acct === from.alice.handle);
  assert.equal((await from.alice.relationship(remoteBob.id)).following, false);
  await to.bob.post(`/api/v1/follow_requests/${requester.id}/authorize`);
  await eventually("the follow to be accepted", async () => (await from.alice.relationship(remoteBob.id)).following);
});

both("an image with alt text arrives with its description", async (from, to) => {
  const alt = `A gradient from ${from.node.domain}`;
  const media = await from.alice.upload(makePng(64, 48), "gradient.png", "image/png", alt);
  const status = await from.alice.post("/api/v1/statuses", { status: "a picture", media_ids: [media.id] });
  const there = await arrived(to, from, status.uri);
  assert.equal(there.media_attachments.length, 1, JSON.stringify(there));
  const [attachment] = there.media_attachments;
  assert.equal(attachment.type, "image");
  assert.equal(attachment.description, alt);
  assert.equal(attachment.blurhash, media.blurhash);
  const file = await fetch(attachment.remote_url ?? attachment.url);
  assert.equal(file.status, 200);
});

both("a like and a boost from the other node count, and their Undo uncounts them", async (from, to) => {
  // `from` likes and boosts the public post `to` wrote.
  const target = to.posts.public;
  const countOf = async (field) => (await to.alice.get(`/api/v1/statuses/${target.status.id}`))[field];
  await from.alice.post(`/api/v1/statuses/${target.there.id}/favourite`);
  await eventually("the like to count", async () => (await countOf("favourites_count")) === 1);
  const favourites = await to.alice.get("/api/v1/notifications?types[]=favourite");
  assert.ok(favourites.some((n) => n.account.acct === from.alice.handle && n.status.id === target.status.id));
  await from.alice.post(`/api/v1/statuses/${target.there.id}/unfavourite`);
  await eventually("the like to be undone", async () => (await countOf("favourites_count")) === 0);

  await from.alice.post(`/api/v1/statuses/${target.there.id}/reblog`);
  await eventually("the boost to count", async () => (await countOf("reblogs_count")) === 1);
  const boosters = await to.alice.get(`/api/v1/statuses/${target.status.id}/reblogged_by`);
  assert.deepEqual(boosters.map((a) => a.acct), [from.alice.handle]);
  await from.alice.post(`/api/v1/statuses/${target.there.id}/unreblog`);
  await eventually("the boost to be undone", async () => (await countOf("reblogs_count")) === 0);
});

both("a report forwarded to the other node arrives as a Flag: a remote report there, reporter anonymous", async (from, to) => {
  // `from`'s alice reports the other node's alice and the public post she wrote.
  const target = to.posts.public;
  const comment = `Forwarded from ${from.node.domain}: please check`;
  const report = await from.alice.post("/api/v1/reports", {
    account_id: from.remoteAlice.id,
    status_ids: [target.there.id],
    comment,
    category: "violation",
    forward: true,
  });
  assert.equal(report.forwarded, true);
  const received = await eventually(`the report at ${to.node.domain}`, async () => {
    const reports = await to.mod.get("/api/v1/admin/reports?origin=remote");
    return reports.find((r) => r.comment === comment);
  });
  assert.equal(received.agora.origin, "remote");
  assert.equal(received.agora.origin_domain, from.node.domain);
  assert.equal(received.agora.uri, `${from.node.url}/actor#flags/${report.id}`);
  assert.equal(received.target_account.id, to.alice.id);
  assert.deepEqual(received.statuses.map((s) => s.id), [target.status.id]);
  // Sent by the instance actor: the reporter's name travels nowhere.
  assert.equal(received.account.account.uri, `${from.node.url}/actor`);
  assert.notEqual(received.account.account.acct, from.alice.handle);
  const notifications = await to.mod.get("/api/v1/notifications");
  assert.ok(notifications.some((n) => n.type === "admin.report" && n.report?.id === received.id));
});

both("an edit arrives, with its history", async (from, to) => {
  const { status, there } = from.posts.unlisted;
  await from.alice.put(`/api/v1/statuses/${status.id}`, {
    status: `@${to.alice.handle} an unlisted post, edited`,
  });
  const edited = await eventually("the edit to arrive", async () => {
    const s = await to.alice.get(`/api/v1/statuses/${there.id}`);
    return /edited/.test(s.content) && s;
  });
  assert.ok(edited.edited_at);
  const history = await to.alice.get(`/api/v1/statuses/${there.id}/history`);
  assert.equal(history.length, 2);
});

both("a deletion arrives: the post is gone there", async (from, to) => {
  const { status, there } = from.posts.private;
  await from.alice.delete(`/api/v1/statuses/${status.id}`);
  await eventually("the post to be deleted", async () => (await to.alice.statusOf(`/api/v1/statuses/${there.id}`)) === 404);
});

both("a profile update arrives", async (from, to) => {
  const displayName = `Alice of ${from.node.domain.split(".")[0]}`;
  await from.alice.patch("/api/v1/accounts/update_credentials", { display_name: displayName, note: "Federating" });
  await eventually("the new name", async () => {
    const account = await to.alice.get(`/api/v1/accounts/${to.remoteAlice.id}`);
    return account.display_name === displayName;
  });
});

both("an unfollow arrives (Undo{Follow}): the follower is gone there", async (from, to) => {
  await from.alice.post(`/api/v1/accounts/${from.remoteAlice.id}/unfollow`);
  await eventually("the follower to be gone", async () => {
    const list = await to.alice.get(`/api/v1/accounts/${to.alice.id}/followers`);
    return !list.some((a) => a.acct === from.alice.handle);
  });
  assert.equal((await to.alice.relationship(to.remoteAlice.id)).followed_by, false);
});

both("a block arrives (blocked_by), and its Undo", async (from, to) => {
  await from.alice.post(`/api/v1/accounts/${from.remoteAlice.id}/block`);
  await eventually("blocked_by at the other node", async () => (await to.alice.relationship(to.remoteAlice.id)).blocked_by);
  await from.alice.post(`/api/v1/accounts/${from.remoteAlice.id}/unblock`);
  await eventually("the block to be undone", async () => !(await to.alice.relationship(to.remoteAlice.id)).blocked_by);
});
