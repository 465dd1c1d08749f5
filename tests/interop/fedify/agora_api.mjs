// A minimal client of Agora's Mastodon client API for the federation scenarios (fetch only):
// signs a member in with the password grant and calls the API as that member; plus `eventually`,
// the bounded poll every step uses to wait for asynchronous delivery and inbox processing.
import assert from "node:assert/strict";

const HTTP_TIMEOUT_MS = 15_000;

export class ApiError extends Error {
  constructor(method, path, status, body) {
    super(`${method} ${path} answered ${status}: ${body.slice(0, 500)}`);
    this.status = status;
  }
}

// An Agora node as the test knows it: {url, domain, accounts: {name: {password}}}.
export class AgoraNode {
  constructor({ url, domain, accounts }) {
    this.url = url;
    this.domain = domain;
    this.accounts = accounts;
  }

  // Signs `username` in with `scope` (a moderator adds "admin:read admin:write").
  async signIn(username, scope = "read write follow") {
    if (!this.app) {
      this.app = await call(this.url, null, "POST", "/api/v1/apps", {
        client_name: "federation interop",
        redirect_uris: "urn:ietf:wg:oauth:2.0:oob",
        scopes: "read write follow admin:read admin:write",
      });
    }
    const token = await call(this.url, null, "POST", "/oauth/token", {
      grant_type: "password",
      client_id: this.app.client_id,
      client_secret: this.app.client_secret,
      redirect_uri: "urn:ietf:wg:oauth:2.0:oob",
      username,
      password: this.accounts[username].password,
      scope,
    });
    const member = new Member(this, username, token.access_token);
    member.account = await member.get("/api/v1/accounts/verify_credentials");
    member.id = member.account.id;
    member.uri = `${this.url}/users/${username}`;
    return member;
  }
}

// A signed-in member of a node.
export class Member {
  constructor(node, username, token) {
    this.node = node;
    this.username = username;
    this.token = token;
  }

  get handle() {
    return `${this.username}@${this.node.domain}`;
  }

  get(path) {
    return call(this.node.url, this.token, "GET", path);
  }
  post(path, body = {}) {
    return call(this.node.url, this.token, "POST", path, body);
  }
  put(path, body = {}) {
    return call(this.node.url, this.token, "PUT", path, body);
  }
  patch(path, body = {}) {
    return call(this.node.url, this.token, "PATCH", path, body);
  }
  delete(path) {
    return call(this.node.url, this.token, "DELETE", path);
  }

  // The HTTP status of a GET (for "this member may not see that": 404).
  async statusOf(path) {
    try {
      await this.get(path);
      return 200;
    } catch (error) {
      if (error instanceof ApiError) return error.status;
      throw error;
    }
  }

  // Opens a server-sent events stream (GET /api/v1/streaming/...): `events` fills with
  // {event, payload} as they come; close() ends it. Resolves once the server answered.
  async stream(path) {
    const controller = new AbortController();
    const response = await fetch(`${this.node.url}${path}`, {
      headers: { authorization: `Bearer ${this.token}`, accept: "text/event-stream" },
      signal: controller.signal,
    });
    if (!response.ok) throw new ApiError("GET", path, response.status, await response.text());
    const stream = { events: [], close: () => controller.abort() };
    (async () => {
      const decoder = new TextDecoder();
      let buffer = "";
      try {
        for await (const chunk of response.body) {
          buffer += decoder.decode(chunk, { stream: true });
          let end;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = block.match(/^event: ?(.*)$/m)?.[1];
            const data = block.match(/^data: ?(.*)$/m)?.[1];
            if (event) stream.events.push({ event, payload: data && data.startsWith("{") ? JSON.parse(data) : data });
          }
        }
      } catch {
        // aborted by close()
      }
    })();
    return stream;
  }

  // POST /api/v2/media with a file (bytes) and its alt text; the MediaAttachment.
  async upload(bytes, filename, mediaType, description) {
    const form = new FormData();
    form.append("file", new Blob([bytes], { type: mediaType }), filename);
    form.append("description", description);
    const response = await fetch(`${this.node.url}/api/v2/media`, {
      method: "POST",
      headers: { authorization: `Bearer ${this.token}` },
      body: form,
      signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
    });
    const text = await response.text();
    if (!response.ok) throw new ApiError("POST", "/api/v2/media", response.status, text);
    return JSON.parse(text);
  }

  // Finds another server's account by its actor URL (search with resolve=true); its Account.
  async resolveAccount(actorUri) {
    const query = new URLSearchParams({ q: actorUri, resolve: "true", type: "accounts" });
    const found = await this.get(`/api/v2/search?${query}`);
    assert.equal(found.accounts.length, 1, `search for ${actorUri}: ${JSON.stringify(found)}`);
    return found.accounts[0];
  }

  async relationship(accountId) {
    const [relationship] = await this.get(`/api/v1/accounts/relationships?id[]=${accountId}`);
    return relationship;
  }

  // The status whose ActivityPub id is `uri`, among those this member may find: its home feed,
  // its notifications, and the author's statuses. Null when it is not there (yet).
  async findStatus(uri, authorId) {
    const home = await this.get("/api/v1/timelines/home?limit=40");
    const inHome = home.find((s) => s.uri === uri || s.reblog?.uri === uri);
    if (inHome) return inHome.uri === uri ? inHome : inHome.reblog;
    const notifications = await this.get("/api/v1/notifications?limit=80");
    const notified = notifications.find((n) => n.status?.uri === uri);
    if (notified) return notified.status;
    if (authorId) {
      const statuses = await this.get(`/api/v1/accounts/${authorId}/statuses?limit=40`);
      const own = statuses.find((s) => s.uri === uri);
      if (own) return own;
    }
    return null;
  }
}

async function call(base, token, method, path, body) {
  const headers = { accept: "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const init = { method, headers, signal: AbortSignal.timeout(HTTP_TIMEOUT_MS) };
  if (body !== undefined && method !== "GET" && method !== "DELETE") {
    headers["content-type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(`${base}${path}`, init);
  const text = await response.text();
  if (!response.ok) throw new ApiError(method, path, response.status, text);
  return text ? JSON.parse(text) : null;
}

// Calls `probe` until it returns a truthy value (which is returned) or `timeoutMs` passes; the
// last error thrown by `probe` (an assertion, say) is reported when time runs out.
export async function eventually(what, probe, { timeoutMs = 20_000, intervalMs = 100 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError = null;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
      lastError = null;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const reason = lastError ? `: ${lastError.message}` : "";
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${reason}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
