/**
 * The explorer at the graph's URL (development): GraphiQL served by the hub itself, every asset from the hub
 * (no CDN, no other host), the demo credential pre-filled; absent in production.
 */
import { startTestHub, type TestHub } from "../support/test-hub";
import { ensureExplorerBuilt } from "./explorer-bundle";

/** Hosts that serve JavaScript and fonts to pages: none of them may appear in the bundle. */
const CDN = /unpkg\.com|jsdelivr|esm\.sh|cdnjs|skypack|googleapis|gstatic|cloudflare|jspm\.io|bootcdn|staticfile/i;

let t: TestHub;
const headers = { Authorization: "Bearer demo-token-for-the-explorer" };
beforeAll(async () => {
  ensureExplorerBuilt();
  t = await startTestHub({ demoHeaders: () => headers });
}, 180_000);
afterAll(() => t?.stop());

const origin = () => new URL(t.hub.url).origin;
const page = () => fetch(t.hub.url, { headers: { accept: "text/html" } });

test("a browser opening the graph's URL gets the explorer, with the demo credential and the graph's paths", async () => {
  const res = await page();
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/html/);
  expect(res.headers.get("content-security-policy")).toMatch(/default-src 'self'/);
  const html = await res.text();
  expect(html).toMatch(/<div id="explorer">/);
  const config = JSON.parse(html.match(/<script id="explorer-config" type="application\/json">(.*?)<\/script>/)![1]);
  expect(config).toEqual({ graphqlPath: "/graphql", assets: "/graphql/explorer", headers });
});

test("the page and every asset it references come from the hub, with no other host and no CDN", async () => {
  const html = await (await page()).text();
  expect(html.match(/https?:\/\/[^\s"'<>]+/g) ?? []).toEqual([]);
  // (the icon is an empty data: URL, so that the browser asks for no /favicon.ico)
  const referenced = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]).filter((ref) => ref !== "data:,");
  expect(referenced.length).toBeGreaterThanOrEqual(2);
  const assets = new Map<string, string>();
  const load = async (url: URL) => {
    expect(url.origin).toBe(origin());
    const res = await fetch(url);
    expect(`${url.pathname} ${res.status}`).toBe(`${url.pathname} 200`);
    const body = await res.text();
    assets.set(url.pathname, body);
    return body;
  };
  for (const ref of referenced) {
    const url = new URL(ref, t.hub.url);
    const body = await load(url);
    // what the stylesheet loads (Monaco's icon font) and the workers the script starts
    if (url.pathname.endsWith(".css")) for (const [, inner] of body.matchAll(/url\((?!data:)["']?([^"')]+)["']?\)/g)) await load(new URL(inner, url));
    for (const [, worker] of body.matchAll(/"([a-z]+\.worker\.js)"/g)) await load(new URL(`/graphql/explorer/${worker}`, url));
  }
  expect([...assets.keys()].filter((p) => p.endsWith(".worker.js")).sort()).toEqual(["/graphql/explorer/editor.worker.js", "/graphql/explorer/graphql.worker.js", "/graphql/explorer/json.worker.js"]);
  expect([...assets.keys()].some((p) => p.endsWith(".ttf"))).toBe(true);
  for (const [file, body] of assets) expect(`${file}: ${body.match(CDN)?.[0] ?? "no CDN"}`).toBe(`${file}: no CDN`);
});

test("the assets are sent gzipped to browsers that take it; nothing outside the bundle is served", async () => {
  const gz = await fetch(new URL("/graphql/explorer/explorer.js", t.hub.url), { headers: { "accept-encoding": "gzip" } });
  expect(gz.headers.get("content-encoding")).toBe("gzip");
  expect((await gz.text()).length).toBeGreaterThan(100_000); // fetch inflates it
  for (const p of ["/graphql/explorer/index.json", "/graphql/explorer/explorer.js.gz", "/graphql/explorer/..%2F..%2Fpackage.json", "/graphql/explorer/"]) {
    expect(`${p} ${(await fetch(new URL(p, t.hub.url))).status}`).toBe(`${p} 404`);
  }
});

test("operations still run at the same URL: GET with a query, and POST", async () => {
  const get = await fetch(`${t.hub.url}?query=${encodeURIComponent("{ units { code } }")}`, {
    headers: { accept: "text/html, application/json", authorization: `Bearer ${await t.token()}`, "apollo-require-preflight": "true" },
  });
  expect(get.headers.get("content-type")).toMatch(/json/);
  expect(((await get.json()) as { data: unknown }).data).toEqual({ units: [] });
  expect((await t.gql(`{ units { code } }`)).data).toEqual({ units: [] });
});
