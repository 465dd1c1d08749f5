// A small fediverse server built on Fedify, for the federation interop scenario: actors with RSA
// and Ed25519 keys, followers and featured collections, notes (some only to signed GETs), polls,
// articles and replies collections served at their ids, and inboxes that record every activity
// Fedify received and verified (its HTTP signature checked, its signer the actor), with Fedify's own
// reading of it. It answers Follows with Accept (or Reject), acts on the driver's behalf (post,
// like, boost, follow, edit, move, report with Flag...), and fetches others' objects with its
// actors' signatures.
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";

import { createFederation, generateCryptoKeyPair, MemoryKvStore, signRequest } from "@fedify/fedify";
import {
  Accept,
  Activity,
  Add,
  Announce,
  Article,
  Block,
  Collection,
  CollectionPage,
  Create,
  Delete,
  Document,
  EmojiReact,
  Endpoints,
  Flag,
  Follow,
  Hashtag,
  Image,
  Like,
  Mention,
  Move,
  Note,
  Person,
  PUBLIC_COLLECTION,
  Question,
  Reject,
  Remove,
  Tombstone,
  Undo,
  Update,
} from "@fedify/vocab";
import { LanguageString } from "@fedify/vocab-runtime";
import { Temporal } from "@js-temporal/polyfill";

export const PUBLIC = PUBLIC_COLLECTION.href;

const now = () => Temporal.Instant.from(new Date().toISOString());

// Starts the peer on `listen` (a loopback address) and `port` (0: a free one), named `host` in
// its URLs (a host name that resolves to `listen`, or the address itself). `firstKnock` is the
// signature scheme Fedify tries first (its default: RFC 9421). Returns the Peer.
export async function startPeer({ listen = "127.0.0.1", host = listen, port = 0, firstKnock } = {}) {
  const peer = new Peer(firstKnock);
  await peer.start(listen, host, port);
  return peer;
}

class Peer {
  constructor(firstKnock) {
    this.actors = new Map(); // identifier -> {name, summary, aliases, movedTo, followers, featured...}
    this.keys = new Map(); // identifier -> [RSA CryptoKeyPair, Ed25519 CryptoKeyPair]
    this.objects = new Map(); // object id -> Note, Question or Article served at that id
    this.received = []; // {type, id, actor, recipient, raw, parsed}: verified activities, in order
    this.inboxAnswers = []; // {path, status}: every POST to an inbox and Fedify's answer
    this.unverified = []; // {id, reason}: deliveries Fedify refused to verify
    this.errors = []; // errors thrown by the inbox listener
    this.rawBodies = new Map(); // activity id -> the JSON body as it arrived
    this.signedOnly = new Set(); // ids of objects served only to signed GETs (authorized fetch)
    this.fetchSigners = []; // {id, signer}: GETs of those objects, and who signed them (or null)
    this.federation = createFederation({
      kv: new MemoryKvStore(),
      allowPrivateAddress: true,
      ...(firstKnock ? { firstKnock } : {}),
    });
    this.setUpDispatchers();
  }

  async start(listen, host, port) {
    this.server = createServer((req, res) => this.serve(req, res));
    await new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, listen, resolve);
    });
    const bound = this.server.address().port;
    this.host = bound === 80 ? host : `${host}:${bound}`; // the domain of its handles
    this.origin = `http://${this.host}`;
    this.ctx = this.federation.createContext(new URL(this.origin), undefined);
  }

  close() {
    this.server.closeAllConnections?.();
    this.server.close();
  }

  // --- actors ------------------------------------------------------------------------------------

  // `rejectFollows`: the actor approves followers by hand and refuses every Follow (Reject).
  // Each actor has an RSA key (HTTP signatures) and an Ed25519 key (Fedify adds Object Integrity
  // Proofs to what it sends), as Fedify's documentation recommends.
  async addActor(identifier, { name = identifier, summary = "", aliases = [], rejectFollows = false } = {}) {
    this.keys.set(identifier, [
      await generateCryptoKeyPair("RSASSA-PKCS1-v1_5"),
      await generateCryptoKeyPair("Ed25519"),
    ]);
    this.actors.set(identifier, {
      name,
      summary,
      aliases,
      rejectFollows,
      movedTo: null,
      followers: new Map(),
      featured: [], // ids of pinned objects
    });
    return this.actorUri(identifier);
  }

  actorUri(identifier) {
    return this.ctx.getActorUri(identifier).href;
  }

  followersUri(identifier) {
    return this.ctx.getFollowersUri(identifier).href;
  }

  handle(identifier) {
    return `${identifier}@${this.host}`;
  }

  // The actor ids following `identifier` here.
  followersOf(identifier) {
    return [...this.actors.get(identifier).followers.keys()];
  }

  setUpDispatchers() {
    const federation = this.federation;
    federation
      .setActorDispatcher("/users/{identifier}", async (ctx, identifier) => {
        const actor = this.actors.get(identifier);
        if (!actor) return null;
        const pairs = await ctx.getActorKeyPairs(identifier);
        return new Person({
          id: ctx.getActorUri(identifier),
          preferredUsername: identifier,
          name: actor.name,
          summary: actor.summary,
          inbox: ctx.getInboxUri(identifier),
          endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
          followers: ctx.getFollowersUri(identifier),
          featured: ctx.getFeaturedUri(identifier),
          publicKey: pairs[0].cryptographicKey,
          assertionMethods: pairs.map((pair) => pair.multikey),
          aliases: actor.aliases.map((uri) => new URL(uri)),
          manuallyApprovesFollowers: actor.rejectFollows,
          icon: actor.avatar ? new Image({ url: new URL(actor.avatar), mediaType: "image/png" }) : null,
          image: actor.header ? new Image({ url: new URL(actor.header), mediaType: "image/png" }) : null,
          successor: actor.movedTo ? new URL(actor.movedTo) : null,
        });
      })
      .setKeyPairsDispatcher(async (_ctx, identifier) => this.keys.get(identifier) ?? []);

    federation
      .setFollowersDispatcher("/users/{identifier}/followers", async (_ctx, identifier) => {
        const actor = this.actors.get(identifier);
        if (!actor) return null;
        return { items: [...actor.followers.values()].map(recipientOf) };
      })
      .setCounter(async (_ctx, identifier) => this.actors.get(identifier)?.followers.size ?? null);

    federation.setFeaturedDispatcher("/users/{identifier}/featured", async (_ctx, identifier) => {
      const actor = this.actors.get(identifier);
      if (!actor) return null;
      return { items: actor.featured.map((id) => this.objects.get(id)).filter(Boolean) };
    });

    const served = (cls) => async (ctx, values) => {
      const object = this.objects.get(ctx.getObjectUri(cls, values).href);
      return object instanceof cls ? object : null;
    };
    // Objects in `signedOnly` need a signature Fedify verifies, by fetching the signer's key.
    const authorized = (cls) => async (ctx, values) => {
      const id = ctx.getObjectUri(cls, values).href;
      if (!this.signedOnly.has(id)) return true;
      const owner = await ctx.getSignedKeyOwner();
      this.fetchSigners.push({ id, signer: owner?.id?.href ?? null });
      return owner != null;
    };
    federation.setObjectDispatcher(Note, "/users/{identifier}/notes/{id}", served(Note)).authorize(authorized(Note));
    federation.setObjectDispatcher(Question, "/users/{identifier}/polls/{id}", served(Question));
    federation.setObjectDispatcher(Article, "/users/{identifier}/articles/{id}", served(Article));
    federation.setObjectDispatcher(Collection, "/users/{identifier}/collections/{id}", served(Collection));

    federation
      .setInboxListeners("/users/{identifier}/inbox", "/inbox")
      .on(Activity, (ctx, activity) => this.onActivity(ctx, activity))
      .onUnverifiedActivity((_ctx, activity, reason) => {
        this.unverified.push({ id: activity.id?.href, reason: JSON.stringify(reason) });
      })
      .onError((_ctx, error) => {
        this.errors.push(String(error?.stack ?? error));
      });
  }

  // --- receiving ---------------------------------------------------------------------------------

  async onActivity(ctx, activity) {
    const id = activity.id?.href;
    const raw = this.rawBodies.get(id) ?? (await activity.toJsonLd());
    const loaders = { documentLoader: ctx.documentLoader, contextLoader: ctx.contextLoader };
    const record = { type: raw.type, id, actor: activity.actorId?.href, recipient: ctx.recipient, raw };
    record.parsed = await parsedView(activity, loaders);
    this.received.push(record);
    if (activity instanceof Follow) {
      const target = ctx.parseUri(activity.objectId);
      if (target?.type !== "actor" || !this.actors.has(target.identifier)) return;
      const follower = await activity.getActor(loaders);
      if (!follower?.id || !follower.inboxId) return;
      const actorUri = ctx.getActorUri(target.identifier);
      if (this.actors.get(target.identifier).rejectFollows) {
        const id = new URL(`${actorUri.href}#rejects/${randomUUID()}`);
        await ctx.sendActivity({ identifier: target.identifier }, follower, new Reject({ id, actor: actorUri, object: activity }));
        return;
      }
      this.actors.get(target.identifier).followers.set(follower.id.href, {
        id: follower.id.href,
        inbox: follower.inboxId.href,
        sharedInbox: follower.endpoints?.sharedInbox?.href ?? null,
      });
      await ctx.sendActivity(
        { identifier: target.identifier },
        follower,
        new Accept({
          id: new URL(`${ctx.getActorUri(target.identifier).href}#accepts/${randomUUID()}`),
          actor: ctx.getActorUri(target.identifier),
          object: activity,
        }),
      );
    } else if (activity instanceof Undo) {
      const undone = await activity.getObject(loaders);
      if (!(undone instanceof Follow)) return;
      const target = ctx.parseUri(undone.objectId);
      if (target?.type === "actor" && this.actors.has(target.identifier)) {
        this.actors.get(target.identifier).followers.delete(activity.actorId?.href);
      }
    }
  }

  // --- the HTTP server ---------------------------------------------------------------------------

  async serve(req, res) {
    try {
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      const body = Buffer.concat(chunks);
      if (req.method === "POST") {
        try {
          const json = JSON.parse(body.toString("utf8"));
          if (typeof json?.id === "string") this.rawBodies.set(json.id, json);
        } catch {
          // not JSON: Fedify answers it
        }
      }
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        headers.set(name, Array.isArray(value) ? value.join(", ") : value);
      }
      const request = new Request(`http://${req.headers.host}${req.url}`, {
        method: req.method,
        headers,
        body: req.method === "GET" || req.method === "HEAD" ? undefined : body,
      });
      const response = await this.federation.fetch(request, { contextData: undefined });
      if (req.method === "POST") this.inboxAnswers.push({ path: req.url, status: response.status });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      this.errors.push(String(error?.stack ?? error));
      res.writeHead(500, { "content-type": "text/plain" });
      res.end(String(error));
    }
  }

  // --- acting ------------------------------------------------------------------------------------

  // Another server's actor, fetched (for its inbox), as a Fedify object.
  async lookup(uri) {
    const object = await this.ctx.lookupObject(uri);
    if (!object) throw new Error(`the peer could not look up ${uri}`);
    return object;
  }

  // A new object id of `identifier` (for an object that must be named before it is made).
  objectUri(identifier, cls = Note) {
    return this.ctx.getObjectUri(cls, { identifier, id: randomUUID() }).href;
  }

  // Fedify's document loader that signs its GETs with `identifier`'s key (its authorized fetch).
  signedLoader(identifier) {
    return this.ctx.getDocumentLoader({ identifier });
  }

  // Looks an object up as `identifier` (signed GETs); null when it is not served to that actor.
  async lookupAs(identifier, uri) {
    return await this.ctx.lookupObject(uri, { documentLoader: await this.signedLoader(identifier) });
  }

  // A GET of `uri` for ActivityStreams, signed with Fedify's signRequest and `identifier`'s RSA key
  // (`spec`: "rfc9421" or "draft-cavage-http-signatures-12"): the raw Response, headers included.
  async signedFetch(identifier, uri, spec = "rfc9421") {
    const [pair] = await this.ctx.getActorKeyPairs(identifier);
    const request = new Request(uri, { headers: { accept: "application/activity+json" }, redirect: "manual" });
    const signed = await signRequest(request, pair.privateKey, pair.keyId, { spec });
    return await fetch(signed, { signal: AbortSignal.timeout(15_000) });
  }

  newId(identifier, kind) {
    return new URL(`${this.actorUri(identifier)}#${kind}/${randomUUID()}`);
  }

  // Sends `activity` as `identifier` to the recipients: actor ids (looked up), or "followers".
  async send(identifier, recipients, activity) {
    const targets = [];
    for (const recipient of recipients) {
      if (recipient === "followers") {
        targets.push(...[...this.actors.get(identifier).followers.values()].map(recipientOf));
      } else {
        targets.push(await this.lookup(recipient));
      }
    }
    if (targets.length === 0) throw new Error(`nobody to send ${activity.id?.href} to`);
    await this.ctx.sendActivity({ identifier }, targets, activity, { preferSharedInbox: true });
  }

  async follow(identifier, target) {
    const follow = new Follow({
      id: this.newId(identifier, "follows"),
      actor: new URL(this.actorUri(identifier)),
      object: new URL(target),
    });
    await this.send(identifier, [target], follow);
    return follow;
  }

  async undo(identifier, recipients, activity) {
    const undo = new Undo({
      id: this.newId(identifier, "undos"),
      actor: new URL(this.actorUri(identifier)),
      object: activity,
      tos: activity.toIds,
      ccs: activity.ccIds,
    });
    await this.send(identifier, recipients, undo);
    return undo;
  }

  // Builds a Note (or a Question when `poll` is given) of `identifier`, stored and served at its id.
  // tags: [{mention: actorUri, name}] or [{hashtag: name, href}].
  // `language` gives the content as contentMap; `summary` a content warning; `attachments`
  // [{url, mediaType, name, width, height}] Documents; `article` makes an Article (with `url`).
  makeObject(identifier, fields) {
    const { content, to = [], cc = [], tags = [], inReplyTo, name, poll, id, published } = fields;
    const { summary, sensitive, language, attachments = [], article, url, replies, repliesUri } = fields;
    const actorUri = this.actorUri(identifier);
    const cls = poll ? Question : article ? Article : Note;
    const objectId = id ?? this.ctx.getObjectUri(cls, { identifier, id: randomUUID() });
    const values = {
      id: new URL(objectId),
      attribution: new URL(actorUri),
      content: language && content ? new LanguageString(content, language) : content,
      name,
      summary,
      sensitive,
      tos: to.map((uri) => new URL(uri)),
      ccs: cc.map((uri) => new URL(uri)),
      published: published ?? now(),
      replyTarget: inReplyTo ? new URL(inReplyTo) : null,
      url: url ? new URL(url) : null,
      // `replies`: the ids of replies, served as an embedded Collection (as Mastodon embeds its own).
      // `repliesUri`: the id of a collection served on its own (see keepCollection).
      replies: replies
        ? new Collection({ id: new URL(`${objectId}/replies`), items: replies.map((uri) => new URL(uri)) })
        : repliesUri
          ? new URL(repliesUri)
          : null,
      attachments: attachments.map(
        (a) => new Document({ url: new URL(a.url), mediaType: a.mediaType, name: a.name, width: a.width, height: a.height }),
      ),
      tags: tags.map((tag) =>
        tag.mention
          ? new Mention({ href: new URL(tag.mention), name: tag.name })
          : new Hashtag({ href: new URL(tag.href), name: `#${tag.hashtag}` }),
      ),
    };
    if (poll) {
      const options = poll.options.map(
        (title) => new Note({ name: title, replies: new Collection({ totalItems: 0 }) }),
      );
      if (poll.multiple) values.inclusiveOptions = options;
      else values.exclusiveOptions = options;
      values.endTime = Temporal.Instant.from(new Date(Date.now() + poll.expiresInSeconds * 1000).toISOString());
      values.voters = 0;
    }
    return new cls(values);
  }

  // Stores an object, served at its id, without sending it to anyone.
  keep(identifier, fields) {
    const object = this.makeObject(identifier, fields);
    this.objects.set(object.id.href, object);
    return object;
  }

  // Stores a Collection of `identifier` served at its own id, whose first page (embedded) lists
  // `items` (ids); returns its id.
  keepCollection(identifier, items) {
    const id = this.ctx.getObjectUri(Collection, { identifier, id: randomUUID() });
    const first = new CollectionPage({ partOf: id, items: items.map((uri) => new URL(uri)) });
    this.objects.set(id.href, new Collection({ id, totalItems: items.length, first }));
    return id.href;
  }

  // Posts a Note (or Question) with Create to `recipients` ("followers" and/or actor ids).
  async post(identifier, recipients, fields) {
    const object = this.makeObject(identifier, fields);
    if (!fields.vote) this.objects.set(object.id.href, object);
    const create = new Create({
      id: new URL(`${object.id.href}/activity`),
      actor: new URL(this.actorUri(identifier)),
      object,
      tos: object.toIds,
      ccs: object.ccIds,
      published: object.published,
    });
    await this.send(identifier, recipients, create);
    return object;
  }

  // Edits a stored object: the new version, with `updated`, sent in an Update.
  async edit(identifier, recipients, objectId, changes) {
    const old = this.objects.get(objectId);
    const edited = old.clone({ ...changes, updated: now() });
    this.objects.set(objectId, edited);
    const update = new Update({
      id: this.newId(identifier, "updates"),
      actor: new URL(this.actorUri(identifier)),
      object: edited,
      tos: edited.toIds,
      ccs: edited.ccIds,
    });
    await this.send(identifier, recipients, update);
    return edited;
  }

  // Publishes new vote counts of a stored poll (Update{Question} without a newer `updated`, as
  // Mastodon sends them): counts is one number per option.
  async publishPollCounts(identifier, recipients, objectId, counts, voters) {
    const old = this.objects.get(objectId);
    const options = [];
    for await (const option of old.getExclusiveOptions()) options.push(option);
    const counted = options.map((option, i) =>
      option.clone({ replies: new Collection({ totalItems: counts[i] }) }),
    );
    const question = old.clone({ exclusiveOptions: counted, voters });
    this.objects.set(objectId, question);
    const update = new Update({
      id: this.newId(identifier, "updates"),
      actor: new URL(this.actorUri(identifier)),
      object: question,
      tos: question.toIds,
      ccs: question.ccIds,
    });
    await this.send(identifier, recipients, update);
    return question;
  }

  async remove(identifier, recipients, objectId) {
    const old = this.objects.get(objectId);
    this.objects.delete(objectId);
    const del = new Delete({
      id: this.newId(identifier, "deletes"),
      actor: new URL(this.actorUri(identifier)),
      object: new Tombstone({ id: new URL(objectId) }),
      tos: [PUBLIC_COLLECTION],
      ccs: old ? old.ccIds : [],
    });
    await this.send(identifier, recipients, del);
    return del;
  }

  async block(identifier, target) {
    const block = new Block({
      id: this.newId(identifier, "blocks"),
      actor: new URL(this.actorUri(identifier)),
      object: new URL(target),
    });
    await this.send(identifier, [target], block);
    return block;
  }

  // Pins (Add) or unpins (Remove) one of the actor's objects in its featured collection.
  async feature(identifier, recipients, objectId, pinned) {
    const featured = this.actors.get(identifier).featured;
    if (pinned) featured.unshift(objectId);
    else featured.splice(featured.indexOf(objectId), 1);
    const cls = pinned ? Add : Remove;
    const activity = new cls({
      id: this.newId(identifier, pinned ? "adds" : "removes"),
      actor: new URL(this.actorUri(identifier)),
      object: new URL(objectId),
      target: this.ctx.getFeaturedUri(identifier),
    });
    await this.send(identifier, recipients, activity);
    return activity;
  }

  // Reports `objects` (an actor id first, then its objects' ids) to the server of `recipient`
  // (an actor id there: the Flag goes to its shared inbox), with `content` as the comment, as
  // Mastodon forwards a report.
  async flag(identifier, recipient, objects, content) {
    const flag = new Flag({
      id: this.newId(identifier, "flags"),
      actor: new URL(this.actorUri(identifier)),
      objects: objects.map((uri) => new URL(uri)),
      content,
    });
    await this.send(identifier, [recipient], flag);
    return flag;
  }

  async react(identifier, objectId, authorUri, emoji) {
    const react = new EmojiReact({
      id: this.newId(identifier, "reacts"),
      actor: new URL(this.actorUri(identifier)),
      object: new URL(objectId),
      content: emoji,
    });
    await this.send(identifier, [authorUri], react);
    return react;
  }

  async like(identifier, objectId, authorUri) {
    const like = new Like({
      id: this.newId(identifier, "likes"),
      actor: new URL(this.actorUri(identifier)),
      object: new URL(objectId),
    });
    await this.send(identifier, [authorUri], like);
    return like;
  }

  async announce(identifier, objectId, authorUri) {
    const announce = new Announce({
      id: this.newId(identifier, "announces"),
      actor: new URL(this.actorUri(identifier)),
      object: new URL(objectId),
      tos: [PUBLIC_COLLECTION],
      ccs: [new URL(authorUri), new URL(this.followersUri(identifier))],
      published: now(),
    });
    await this.send(identifier, [authorUri, "followers"], announce);
    return announce;
  }

  // Changes the actor's profile and tells its followers with Update{Person}.
  async updateProfile(identifier, changes) {
    Object.assign(this.actors.get(identifier), changes);
    const person = await this.lookupOwnActor(identifier);
    const update = new Update({
      id: this.newId(identifier, "updates"),
      actor: new URL(this.actorUri(identifier)),
      object: person,
      tos: [PUBLIC_COLLECTION],
      ccs: [new URL(this.followersUri(identifier))],
    });
    await this.send(identifier, ["followers"], update);
    return update;
  }

  async lookupOwnActor(identifier) {
    const request = new Request(this.actorUri(identifier), {
      headers: { accept: "application/activity+json" },
    });
    const response = await this.federation.fetch(request, { contextData: undefined });
    return await Person.fromJsonLd(await response.json(), {
      documentLoader: this.ctx.documentLoader,
      contextLoader: this.ctx.contextLoader,
    });
  }

  // Deletes the actor: it is no longer served (404), and Delete{Person}, signed with its key,
  // goes to `recipients`.
  async deleteActor(identifier, recipients) {
    const actorUri = new URL(this.actorUri(identifier));
    const targets = [];
    for (const recipient of recipients) targets.push(await this.lookup(recipient));
    this.actors.delete(identifier);
    const del = new Delete({
      id: this.newId(identifier, "delete"),
      actor: actorUri,
      object: actorUri,
      tos: [PUBLIC_COLLECTION],
    });
    await this.ctx.sendActivity({ identifier }, targets, del, { preferSharedInbox: true });
    return del;
  }

  // Moves `identifier` to `target` (an actor of this peer whose aliases name it): the old actor
  // publishes movedTo, then sends Move to its followers.
  async move(identifier, target) {
    this.actors.get(identifier).movedTo = target;
    const move = new Move({
      id: this.newId(identifier, "moves"),
      actor: new URL(this.actorUri(identifier)),
      object: new URL(this.actorUri(identifier)),
      target: new URL(target),
      tos: [new URL(this.followersUri(identifier))],
    });
    await this.send(identifier, ["followers"], move);
    return move;
  }
}

// What Fedify itself understood of an activity (its JSON-LD read with Fedify's vocabulary): the
// activity's class and object, with the object's addressing, tags, attachments, reply target and
// poll options, so that the test checks meaning, not only the JSON's shape.
async function parsedView(activity, loaders) {
  const view = { class: activity.constructor.name, objectId: activity.objectId?.href ?? null };
  let object = null;
  try {
    object = await activity.getObject({ ...loaders, suppressError: true });
  } catch {
    object = null;
  }
  if (!object) return view;
  const hrefs = (urls) => urls.map((url) => url.href);
  view.object = { class: object.constructor.name, id: object.id?.href ?? null };
  if (typeof object.toIds === "undefined") return view;
  const o = view.object;
  o.to = hrefs(object.toIds);
  o.cc = hrefs(object.ccIds);
  o.content = object.content?.toString() ?? null;
  o.name = object.name?.toString() ?? null;
  o.inReplyTo = object.replyTargetId?.href ?? null;
  o.attributedTo = object.attributionId?.href ?? null;
  o.tags = [];
  for await (const tag of object.getTags({ ...loaders, suppressError: true })) {
    o.tags.push({ class: tag.constructor.name, href: tag.href?.href ?? null, name: tag.name?.toString() ?? null });
  }
  o.attachments = [];
  for await (const a of object.getAttachments({ ...loaders, suppressError: true })) {
    o.attachments.push({
      class: a.constructor.name,
      mediaType: a.mediaType ?? null,
      name: a.name?.toString() ?? null,
      url: a.url instanceof URL ? a.url.href : (a.url?.href?.href ?? null),
      width: a.width ?? null,
      height: a.height ?? null,
    });
  }
  if (object instanceof Question) {
    o.oneOf = [];
    for await (const option of object.getExclusiveOptions({ ...loaders, suppressError: true })) {
      o.oneOf.push(option.name?.toString() ?? null);
    }
    o.endTime = object.endTime?.toString() ?? null;
  }
  return view;
}

function recipientOf(follower) {
  return {
    id: new URL(follower.id),
    inboxId: new URL(follower.inbox),
    endpoints: follower.sharedInbox ? { sharedInbox: new URL(follower.sharedInbox) } : null,
  };
}
