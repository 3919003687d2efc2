/**
 * Trusted documents over the real server: operations registered at build time, named by their SHA-256 hash
 * (HTTP POST and GET, WebSocket), in each TRUSTED_DOCUMENTS mode; the same screen as free text for them.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { loadConfig } from "../../src/runtime/config";
import { createLogger } from "../../src/runtime/logger";
import { compileTrustedDocuments, sha256, TrustedDocuments } from "../../src/security/trusted-documents";
import { startTestHub, type TestHub } from "../support/test-hub";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trusted-"));
const documents = path.join(dir, "operations");
fs.mkdirSync(documents);
fs.writeFileSync(path.join(documents, "console.graphql"), `
query WhoAmI { me { ...Who } }
fragment Who on Identity { id roles }
query TooDeep { materials { nodes { bomLines { component { bomLines { component { code } } } } } } }
query Repeats { me { id id id id id id id id id id id } }
`);
// a page's own folder (console/operations/<page>/): registered too
fs.mkdirSync(path.join(documents, "units"));
fs.writeFileSync(path.join(documents, "units", "units.graphql"), "query Units { units { code } }\n");
const manifestFile = path.join(dir, "manifest.json");
const manifest = compileTrustedDocuments([path.join(__dirname, "../documents"), documents]);
fs.writeFileSync(manifestFile, JSON.stringify(manifest));
const hashOf = (name: string) => Object.entries(manifest).find(([, text]) => new RegExp(`^query ${name}\\b`).test(text))![0];

const BROWSER = { origin: "http://console.example" };

/** POSTs a raw body (the test hub's gql always sends a query text) */
async function post(t: TestHub, body: object, headers: Record<string, string> = {}, auth?: string) {
  const res = await fetch(t.hub.url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: auth ?? `Bearer ${await t.token()}`, ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, ...((await res.json()) as { data?: any; errors?: any[] }) };
}
const byHash = (name: string, extra: Record<string, unknown> = {}) => ({ extensions: { persistedQuery: { version: 1, sha256Hash: hashOf(name) } }, ...extra });

/** Subscribes over graphql-ws (with the given upgrade headers) and returns the first result or the errors. */
function overWebSocket(t: TestHub, token: string, payload: { query: string; extensions?: Record<string, unknown> }, headers: Record<string, string> = {}) {
  const client = createClient({
    url: t.hub.wsUrl,
    webSocketImpl: class extends WebSocket {
      constructor(url: string, protocols: string[]) {
        super(url, protocols, { headers });
      }
    },
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
  });
  return new Promise<{ data?: any; errors?: any[] }>((resolve) => {
    client.subscribe(payload, {
      next: (r) => resolve(r as { data?: any; errors?: any[] }),
      error: (e) => resolve({ errors: Array.isArray(e) ? e : [e] }),
      complete: () => undefined,
    });
  }).finally(() => client.dispose());
}

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test("the manifest keys each operation, with the fragments it uses, by the SHA-256 of its text", () => {
  for (const [hash, text] of Object.entries(manifest)) expect(sha256(text)).toBe(hash);
  expect(manifest[hashOf("WhoAmI")]).toMatch(/^query WhoAmI \{[\s\S]*\}\n\nfragment Who on Identity/);
  expect(Object.values(manifest).some((text) => /^mutation ReplaceBom\b/.test(text))).toBe(true); // test/documents
});

test("every selection set below the root selects __typename once, as urql's document cache adds it to what it sends", () => {
  expect(manifest[hashOf("WhoAmI")]).toBe("query WhoAmI {\n  me {\n    ...Who\n    __typename\n  }\n}\n\nfragment Who on Identity {\n  id\n  roles\n  __typename\n}");
  expect(manifest[hashOf("Units")]).toBe("query Units {\n  units {\n    code\n    __typename\n  }\n}");
});

describe("TRUSTED_DOCUMENTS=allow (the default)", () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ env: { TRUSTED_DOCUMENTS_FILE: manifestFile, MAX_QUERY_DEPTH: "4" } });
  });
  afterAll(() => t?.stop());

  test("a registered document runs by its hash, over POST, GET (documentId) and WebSocket", async () => {
    const res = await post(t, byHash("WhoAmI"));
    expect(res.errors).toBeUndefined();
    expect(res.data.me.roles).toEqual(["ADMIN"]);
    expect((await post(t, { documentId: `sha256:${hashOf("Units")}` })).data).toEqual({ units: [] });
    const get = await fetch(`${t.hub.url}?documentId=sha256:${hashOf("WhoAmI")}`, { headers: { authorization: `Bearer ${await t.token()}`, "apollo-require-preflight": "true" } });
    expect(((await get.json()) as any).data.me.roles).toEqual(["ADMIN"]);
    const ws = await overWebSocket(t, await t.token(), { query: "", ...byHash("WhoAmI") });
    expect(ws.errors).toBeUndefined();
    expect(ws.data.me.roles).toEqual(["ADMIN"]);
  });

  test("an answer by hash names its types (__typename), so that a client's document cache knows what a mutation touched", async () => {
    const res = await post(t, byHash("WhoAmI"));
    expect(res.data.me.__typename).toBe("Identity");
    const ws = await overWebSocket(t, await t.token(), { query: "", ...byHash("WhoAmI") });
    expect(ws.data.me.__typename).toBe("Identity");
  });

  test("an unknown hash is PERSISTED_QUERY_NOT_FOUND; a malformed one or a text that is not the hash's is BAD_USER_INPUT", async () => {
    const unknown = await post(t, { extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } });
    expect(unknown.status).toBe(400);
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: "PERSISTED_QUERY_NOT_FOUND", hash: "0".repeat(64) });
    const ws = await overWebSocket(t, await t.token(), { query: "", extensions: { persistedQuery: { version: 1, sha256Hash: "f".repeat(64) } } });
    expect(ws.errors?.[0].extensions?.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    expect((await post(t, { documentId: "sha256:xyz" })).errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "documentId" });
    const mismatch = await post(t, byHash("WhoAmI", { query: "{ units { code } }" }));
    expect(mismatch.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "query" });
  });

  test("a registered document passes the same screen as a text: depth and repeated fields are refused", async () => {
    expect((await post(t, byHash("TooDeep"))).errors?.[0].extensions).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "depth" });
    expect((await post(t, byHash("Repeats"))).errors?.[0].extensions).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "fieldRepeats" });
    const ws = await overWebSocket(t, await t.token(), { query: "", ...byHash("TooDeep") });
    expect(ws.errors?.[0].extensions).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "depth" });
  });

  test("free text is accepted from everyone, browsers included", async () => {
    expect((await post(t, { query: "{ units { code } }" }, BROWSER)).data).toEqual({ units: [] });
  });
});

describe("TRUSTED_DOCUMENTS=only-browser", () => {
  let t: TestHub;
  let apiKey: string;
  beforeAll(async () => {
    t = await startTestHub({ env: { TRUSTED_DOCUMENTS: "only-browser", TRUSTED_DOCUMENTS_FILE: manifestFile } });
    apiKey = (await t.gql(`mutation { createApiKey(input: { name: "erp", roles: [INTEGRATION] }) { key } }`)).data.createApiKey.key;
  });
  afterAll(() => t?.stop());

  test("a browser's free text is refused (Origin or Sec-Fetch-Site), over HTTP and WebSocket", async () => {
    for (const headers of [BROWSER, { "sec-fetch-site": "same-origin" }]) {
      const res = await post(t, { query: "{ units { code } }" }, headers);
      expect(res.status).toBe(400);
      expect(res.errors?.[0].extensions?.code).toBe("TRUSTED_DOCUMENT_REQUIRED");
    }
    const ws = await overWebSocket(t, await t.token(), { query: "{ units { code } }" }, BROWSER);
    expect(ws.errors?.[0].extensions?.code).toBe("TRUSTED_DOCUMENT_REQUIRED");
  });

  test("a browser runs registered documents: by hash, or by sending exactly the registered text", async () => {
    expect((await post(t, byHash("Units"), BROWSER)).data).toEqual({ units: [] });
    expect((await post(t, { query: manifest[hashOf("Units")] }, BROWSER)).data).toEqual({ units: [] });
    const ws = await overWebSocket(t, await t.token(), { query: "", ...byHash("Units") }, BROWSER);
    expect(ws.data).toEqual({ units: [] });
  });

  test("clients that are no browser, and API keys anywhere, still send their own queries", async () => {
    expect((await post(t, { query: "{ units { code } }" })).data).toEqual({ units: [] });
    expect((await post(t, { query: "{ units { code } }" }, BROWSER, `ApiKey ${apiKey}`)).data).toEqual({ units: [] });
    expect((await overWebSocket(t, await t.token(), { query: "{ units { code } }" })).data).toEqual({ units: [] });
  });
});

describe("TRUSTED_DOCUMENTS=off", () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ env: { TRUSTED_DOCUMENTS: "off", TRUSTED_DOCUMENTS_FILE: manifestFile } });
  });
  afterAll(() => t?.stop());

  test("a hash is PERSISTED_QUERY_NOT_SUPPORTED; text runs, from browsers too", async () => {
    const res = await post(t, byHash("Units"));
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions?.code).toBe("PERSISTED_QUERY_NOT_SUPPORTED");
    expect((await post(t, { query: "{ units { code } }" }, BROWSER)).data).toEqual({ units: [] });
  });
});

test("without the manifest, only-browser does not start (browsers could run nothing) and allow goes on with none", () => {
  const log = createLogger(loadConfig({ NODE_ENV: "test" }));
  const file = path.join(dir, "missing.json");
  expect(() => TrustedDocuments.configured({ mode: "only-browser", file }, log)).toThrow(/npm run build/);
  expect(TrustedDocuments.configured({ mode: "allow", file }, log).size).toBe(0);
});
