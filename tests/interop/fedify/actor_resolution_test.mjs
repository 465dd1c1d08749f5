// Agora's federation client against a real Fedify server: a Fedify actor served on loopback with
// authorized fetch (every GET of the actor must carry a signature Fedify verifies, by fetching
// Agora's instance actor), resolved by Agora by URL and by WebFinger handle.
// Run by run_signature_test.py with Node 22 and AGORA_RESOLVE_TOOL set.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFederation, generateCryptoKeyPair, MemoryKvStore } from "@fedify/fedify";
import { Endpoints, Person } from "@fedify/vocab";

const tool = process.env.AGORA_RESOLVE_TOOL;
assert.ok(tool, "AGORA_RESOLVE_TOOL must name the agora_resolve_tool binary");

// Who signed each GET of the actor, as Fedify verified it (null: unsigned or not verified).
const signers = [];

async function startPeer() {
  const keys = await generateCryptoKeyPair("RSASSA-PKCS1-v1_5");
  const federation = createFederation({ kv: new MemoryKvStore(), allowPrivateAddress: true });
  federation
    .setActorDispatcher("/users/{identifier}", async (ctx, identifier) => {
      if (identifier !== "alice") return null;
      const pairs = await ctx.getActorKeyPairs(identifier);
      return new Person({
        id: ctx.getActorUri(identifier),
        preferredUsername: identifier,
        name: "Alice <b>Fedify</b>",
        summary: "<p>Hello from Fedify<script>alert(1)</script></p>",
        inbox: ctx.getInboxUri(identifier),
        endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
        publicKey: pairs[0].cryptographicKey,
        assertionMethods: pairs.map((pair) => pair.multikey),
      });
    })
    .setKeyPairsDispatcher(async () => [keys])
    .authorize(async (ctx) => {
      const owner = await ctx.getSignedKeyOwner();
      signers.push(owner?.id?.href ?? null);
      return owner != null;
    });
  federation.setInboxListeners("/users/{identifier}/inbox", "/inbox");

  const server = createServer(async (req, res) => {
    const url = `http://${req.headers.host}${req.url}`;
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const response = await federation.fetch(new Request(url, { method: req.method, headers }), {
      contextData: undefined,
    });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

// Runs the tool (a whole Agora node) on the targets; its answers, one per target.
function resolve(targets) {
  const dir = mkdtempSync(join(tmpdir(), "agora-resolve-"));
  return new Promise((resolvePromise, reject) => {
    const child = spawn(tool, [dir, ...targets], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (err += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), 40_000);
    child.on("error", reject);
    child.on("close", () => {
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      const lines = out.trim().split("\n").filter(Boolean);
      if (lines.length !== targets.length) {
        reject(new Error(`the tool answered ${lines.length} lines: ${out}\n${err}`));
        return;
      }
      resolvePromise(lines.map((line) => JSON.parse(line)));
    });
  });
}

test("Agora resolves a Fedify actor by URL and by handle, with GETs Fedify verifies", async () => {
  const server = await startPeer();
  try {
    const host = `127.0.0.1:${server.address().port}`;
    const actorUri = `http://${host}/users/alice`;
    const [byUrl, byHandle] = await resolve([actorUri, `alice@${host}`]);

    for (const answer of [byUrl, byHandle]) {
      assert.equal(answer.ok, true, JSON.stringify(answer));
      assert.equal(answer.uri, actorUri);
      assert.equal(answer.username, "alice");
      assert.equal(answer.domain, host);
      assert.equal(answer.kind, "person");
      assert.equal(answer.display_name, "Alice Fedify"); // a name is plain text
      assert.equal(answer.note, "<p>Hello from Fedify</p>"); // the script is gone
      assert.equal(answer.inbox, `${actorUri}/inbox`);
      assert.equal(answer.shared_inbox, `http://${host}/inbox`);
      assert.ok(answer.key_id.startsWith(`${actorUri}#`), answer.key_id);
      assert.equal(answer.key_verified, true);
    }
    // Fedify verified every GET of the actor as signed by Agora's instance actor.
    assert.ok(signers.length >= 1);
    for (const signer of signers) assert.equal(signer, byUrl.instance_actor);
  } finally {
    server.close();
  }
});

test("Agora refuses what Fedify does not serve", async () => {
  const server = await startPeer();
  try {
    const host = `127.0.0.1:${server.address().port}`;
    const [missing, unknownHandle] = await resolve([
      `http://${host}/users/nobody`,
      `nobody@${host}`,
    ]);
    assert.equal(missing.ok, false);
    assert.equal(missing.failure, "gone");
    assert.equal(unknownHandle.ok, false);
  } finally {
    server.close();
  }
});
