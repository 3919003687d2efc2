/**
 * The console served by the hub under /console, in development and in production: the app's routes get its
 * page (with the hub's settings for it), hashed assets are cached for good and sent gzipped, nothing outside the
 * bundle is served, and the page keeps to the hub's origin (CSP, no CDN).
 */
import { startTestHub, type TestHub } from "../support/test-hub";
import { ensureConsoleBuilt } from "./console-browser";

const CDN = /unpkg\.com|jsdelivr|esm\.sh|cdnjs|skypack|googleapis|gstatic|cloudflare|jspm\.io|bootcdn|staticfile/i;
const headers = { Authorization: "Bearer demo-token-for-the-console" };

let dev: TestHub;
let prod: TestHub;
beforeAll(async () => {
  ensureConsoleBuilt();
  // documents by hash off: whether the console sends hashes would otherwise depend on what dist/ holds (the
  // browser tests cover hashes, test/console/console-browser.ts)
  const off = { TRUSTED_DOCUMENTS: "off" };
  [dev, prod] = await Promise.all([startTestHub({ demoHeaders: () => headers, env: off }), startTestHub({ env: { ...off, NODE_ENV: "production" } })]);
}, 180_000);
afterAll(() => Promise.all([dev?.stop(), prod?.stop()]));

const at = (t: TestHub, path: string, init?: RequestInit) => fetch(new URL(path, t.hub.url), { redirect: "manual", ...init });
const configOf = (html: string) => JSON.parse(html.match(/<script id="console-config" type="application\/json">(.*?)<\/script>/)![1]);

test("every route of the app gets the console's page, with the hub's settings and its policy", async () => {
  for (const path of ["/console", "/console/", "/console/overview", "/console/materials/TOASTER-2S"]) {
    const res = await at(dev, path, { headers: { accept: "text/html" } });
    expect([path, res.status]).toEqual([path, 200]);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("content-security-policy")).toMatch(/default-src 'self'.*connect-src 'self'/);
    expect(configOf(await res.text())).toEqual({ graphqlPath: "/graphql", persisted: false, demoHeaders: headers, explorerPath: "/graphql" });
  }
});

test("in production the console is served without the demo credential or the explorer", async () => {
  const res = await at(prod, "/console/overview", { headers: { accept: "text/html" } });
  expect(res.status).toBe(200);
  expect(configOf(await res.text())).toEqual({ graphqlPath: "/graphql", persisted: false, demoHeaders: null, explorerPath: null });
});

test("hashed assets are cached for good and gzipped; all come from the hub", async () => {
  const html = await (await at(dev, "/console/")).text();
  expect(html).not.toMatch(CDN);
  const assets = [...html.matchAll(/(?:src|href)="(\/console\/assets\/[^"]+)"/g)].map((m) => m[1]);
  expect(assets.length).toBeGreaterThanOrEqual(2);
  for (const asset of assets) {
    const res = await at(dev, asset, { headers: { "accept-encoding": "gzip" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(res.headers.get("content-encoding")).toBe("gzip");
    expect(res.headers.get("content-type")).toMatch(/^text\/(javascript|css)/);
    expect(await res.text()).not.toMatch(CDN);
  }
});

test("a route's page names what the route loads after the entry, so that the browser fetches it beside the entry", async () => {
  const linked = async (path: string, rel: string) =>
    [...(await (await at(dev, path)).text()).matchAll(new RegExp(`<link rel="${rel}" crossorigin href="(/console/assets/[^"]+)">`, "g"))].map((m) => m[1]);
  // the sign-in page (the console's root) loads nothing more
  expect(await linked("/console/", "modulepreload")).toEqual([]);
  const overview = await linked("/console/overview", "modulepreload");
  // the signed-in console's chunk, the page's chunk and its dictionary at least; the same for any path under the route
  expect(overview.length).toBeGreaterThanOrEqual(3);
  expect(await linked("/console/overview/anything", "modulepreload")).toEqual(overview);
  const materials = await linked("/console/materials/TOASTER-2S", "modulepreload");
  expect(materials).not.toEqual(overview);
  const styles = await linked("/console/materials/TOASTER-2S", "stylesheet");
  expect(styles.some((s) => s.endsWith(".css"))).toBe(true);
  for (const asset of [...overview, ...materials, ...styles]) expect([asset, (await at(dev, asset)).status]).toEqual([asset, 200]);
  // nothing the entry itself loads is named twice
  const entry = (await (await at(dev, "/console/")).text()).match(/<script type="module" crossorigin src="([^"]+)">/)![1];
  expect(overview).not.toContain(entry);
});

test("nothing outside the bundle: missing assets, other files and other methods are refused", async () => {
  expect((await at(dev, "/console/assets/missing.js")).status).toBe(404);
  expect((await at(dev, "/console/vite.config.ts")).status).toBe(404);
  expect((await at(dev, "/console/src/main.tsx")).status).toBe(404);
  expect((await at(dev, "/console/..%2fpackage.json")).status).toBe(404);
  expect((await at(dev, "/console/assets/../../package.json")).status).toBe(404);
  expect((await at(dev, "/console/", { method: "POST", body: "{}" })).status).toBe(405);
});

test("a browser opening the hub's address lands in the console", async () => {
  const res = await at(dev, "/", { headers: { accept: "text/html" } });
  expect(res.status).toBe(302);
  expect(res.headers.get("location")).toBe("/console/");
  expect((await at(dev, "/")).status).toBe(404);
});
