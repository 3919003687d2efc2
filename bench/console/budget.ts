/**
 * bench/console (`npm run bench:console`): the console's budgets of issue #17, measured in a real browser —
 * initial JavaScript under 300 KB gzip and first paint on localhost under 1 s — for the sign-in page and each
 * page of the console, on a real hub (production settings, the living demo plant, the console's operations
 * registered and sent by hash), signed in with the demo credential (the one the demo sign-in button uses).
 *
 * Each load is a new browser context (an empty cache: a first visit). Per page, the median of `--loads` loads of:
 *   - initial JavaScript: the scripts requested before the page's heading was drawn (its code loaded and run),
 *     as transferred (gzip) — what is loaded later, once the page shows (echarts, with its first chart), is not;
 *   - all JavaScript: every script the page loaded until the network was idle;
 *   - the browser's own paint timing: first contentful paint (the first text drawn: the sign-in page's, or the
 *     signed-in shell's "Signing in…" while the graph says who is signed in), the page's heading painted (its
 *     `main h1`, marked for Element Timing as it is inserted: the first meaningful paint) and largest contentful
 *     paint (what was largest once the page's data was drawn; the element is named).
 *
 * The baseline, measured the same way in the same run: a page of one heading and no script, from a plain node:http
 * server — what a paint costs on this machine at its present load, whatever the console does; the paints are also
 * printed as multiples of it.
 *
 * `--timeline=1` also prints one load per page as a timeline: each request's start and end (scripts, style sheets,
 * the graph's answers by operation) beside the paints, to see what the heading waited for.
 *
 *   npm run bench:console [-- --loads=5] [-- --timeline=1]
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { signToken } from "../../src/auth/jwt";
import { Role } from "../../src/auth/roles";
import { openDatabase } from "../../src/db/database";
import { migrate } from "../../src/db/migrator";
import { seedLivingDemo } from "../../src/demo/demo-history";
import { buildOutput } from "../../src/runtime/build-output";
import { loadConfig } from "../../src/runtime/config";
import { createLogger } from "../../src/runtime/logger";
import { compileTrustedDocuments } from "../../src/security/trusted-documents";
import { startHub } from "../../src/server";
import { createScratchDatabase } from "../../test/support/scratch-database";
import { benchFlags, environment, figure, runBench, type Cleanup } from "../harness";

const CHROMIUM = "/usr/bin/chromium";
const JS_BUDGET_KB = 300;
const PAINT_BUDGET_MS = 1000;

/** The pages measured: the sign-in page (no credential), then each page signed in. */
const PAGES: { name: string; path: string; signedIn: boolean }[] = [
  { name: "sign-in", path: "", signedIn: false },
  { name: "overview", path: "overview", signedIn: true },
  { name: "materials", path: "materials/PCBA-CTRL", signedIn: true },
  { name: "planning", path: "planning", signedIn: true },
  { name: "work-orders", path: "work-orders", signedIn: true },
  { name: "exceptions", path: "exceptions", signedIn: true },
  { name: "devices", path: "devices", signedIn: true },
  { name: "integrations", path: "integrations", signedIn: true },
  { name: "storekeeper", path: "storekeeper", signedIn: true },
];

interface Load {
  initialJs: number;
  allJs: number;
  fcp: number;
  heading: number;
  lcp: number;
  lcpElement: string;
  scripts: string[];
  timeline: string[];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const kb = (bytes: number) => bytes / 1024;

/** What the page's side of this bench uses of the browser (the bench is compiled without the DOM's types). */
interface Entry {
  name: string;
  startTime: number;
  responseEnd: number;
  initiatorType: string;
  encodedBodySize: number;
  identifier?: string;
  element?: { tagName: string; className: string } | null;
}
interface InPage {
  __contentAt?: number;
  __heading?: number;
  __lcp?: Entry;
  document: { querySelector(selector: string): { setAttribute(name: string, value: string): void } | null };
  performance: { now(): number; getEntriesByType(type: string): Entry[]; getEntriesByName(name: string): Entry[] };
  sessionStorage: { setItem(key: string, value: string): void };
  requestAnimationFrame(callback: () => void): void;
  PerformanceObserver: new (callback: (list: { getEntries(): Entry[] }) => void) => { observe(options: { type: string; buffered: boolean }): void };
  MutationObserver: new (callback: () => void) => { observe(target: unknown, options: { childList: boolean; subtree: boolean }): void; disconnect(): void };
}

/**
 * In the page before any of its scripts: when a heading first appears in <main> — marked then for Element Timing,
 * before it is painted (a mutation observer runs before the next frame), to learn when it was painted — and the
 * largest paint so far.
 */
function observe() {
  const w = globalThis as unknown as InPage;
  new w.PerformanceObserver((list) => void (w.__lcp = list.getEntries().at(-1)!)).observe({ type: "largest-contentful-paint", buffered: true });
  new w.PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.identifier === "heading") w.__heading ??= e.startTime;
  }).observe({ type: "element", buffered: true });
  const seen = new w.MutationObserver(() => {
    const heading = w.document.querySelector("main h1");
    if (heading) {
      heading.setAttribute("elementtiming", "heading");
      w.__contentAt = w.performance.now();
      seen.disconnect();
    }
  });
  seen.observe(w.document, { childList: true, subtree: true });
}

async function load(browser: Browser, url: string, credential: string | null): Promise<Load> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-US" });
  try {
    if (credential) await context.addInitScript((c) => (globalThis as unknown as InPage).sessionStorage.setItem("console.credential", c), credential);
    await context.addInitScript(observe);
    const page = await context.newPage();
    const problems: string[] = [];
    // the graph's requests by operation (a timeline names them), in the order they were sent
    const operations: string[] = [];
    page.on("request", (r) => void (r.method() === "POST" && operations.push(String((r.postDataJSON() as { operationName?: string } | null)?.operationName))));
    page.on("pageerror", (e) => void problems.push(e.message));
    page.on("response", (r) => void (r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`)));
    await page.goto(url, { waitUntil: "networkidle" });
    await page.locator("main h1").first().waitFor();
    // the largest paint is final once the page has been idle: give it a frame to be reported
    await page.evaluate(() => new Promise((resolve) => (globalThis as unknown as InPage).requestAnimationFrame(() => setTimeout(resolve, 50))));
    const m = await page.evaluate(() => {
      const w = globalThis as unknown as InPage & { __contentAt: number };
      const scripts = w.performance.getEntriesByType("resource").filter((r) => new URL(r.name).pathname.endsWith(".js"));
      const size = (rs: Entry[]) => rs.reduce((sum, r) => sum + r.encodedBodySize, 0);
      const initial = scripts.filter((r) => r.startTime < w.__contentAt);
      const lcpAt = w.__lcp?.element;
      return {
        initialJs: size(initial),
        allJs: size(scripts),
        fcp: w.performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN,
        heading: w.__heading ?? NaN,
        lcp: w.__lcp?.startTime ?? NaN,
        // `tag.firstClass` of the largest paint's element, to say what it was
        lcpElement: lcpAt ? `${lcpAt.tagName.toLowerCase()}${typeof lcpAt.className === "string" && lcpAt.className ? `.${lcpAt.className.split(" ")[0]}` : ""}` : "?",
        scripts: scripts.map((r) => `${new URL(r.name).pathname.split("/").at(-1)}${initial.includes(r) ? "" : " (later)"} ${(r.encodedBodySize / 1024).toFixed(1)} KB`),
        requests: w.performance.getEntriesByType("resource").map((r) => ({ name: new URL(r.name).pathname.split("/").at(-1)!, kind: r.initiatorType, start: r.startTime, end: r.responseEnd })),
        navigation: w.performance.getEntriesByType("navigation").map((r) => r.responseEnd)[0] ?? NaN,
      };
    });
    if (problems.length > 0) throw new Error(`${url}: ${problems.join("; ")}`);
    let posted = 0;
    const at = (ms: number) => `${ms.toFixed(0)}`.padStart(6);
    const timeline = [
      ...m.requests.map((r) => ({ at: r.start, line: `${at(r.start)}–${at(r.end)} ms  ${r.kind === "fetch" ? `graph: ${operations[posted++]}` : r.name}` })),
      { at: m.navigation, line: `     0–${at(m.navigation)} ms  the page (HTML)` },
      { at: m.fcp, line: `${at(m.fcp)}        first contentful paint` },
      { at: m.heading, line: `${at(m.heading)}        heading painted` },
    ].sort((a, b) => a.at - b.at);
    return { ...m, timeline: timeline.map((t) => t.line) };
  } finally {
    await context.close();
  }
}

async function main(cleanup: Cleanup) {
  const o = benchFlags({ loads: 5, timeline: 0 }, { min: 0 });
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  const root = path.dirname(buildOutput());
  execFileSync(process.execPath, [path.join(root, "scripts", "build.js"), "console"], { cwd: root, stdio: "inherit" });

  const scratch = await createScratchDatabase("hub_bench_console");
  cleanup.add(() => scratch.drop());
  const documents = fs.mkdtempSync(path.join(os.tmpdir(), "bench-console-"));
  cleanup.add(() => fs.rmSync(documents, { recursive: true, force: true }));
  const manifest = path.join(documents, "trusted-documents.json");
  fs.writeFileSync(manifest, JSON.stringify(compileTrustedDocuments([path.join(root, "console", "operations")])));
  const config = loadConfig({
    NODE_ENV: "production", PORT: "0", HOST: "127.0.0.1", DATABASE_URL: scratch.url, AUTH_JWT_SECRET: randomBytes(32).toString("hex"), LOG_LEVEL: "warn",
    RATE_LIMIT_PER_MINUTE: "10000000", TRUSTED_DOCUMENTS: "only-browser", TRUSTED_DOCUMENTS_FILE: manifest,
  });
  const db = await openDatabase({ url: scratch.url, poolSize: config.dbPoolSize });
  cleanup.add(() => db.close());
  await migrate(db);
  const log = createLogger(config);
  await seedLivingDemo(db, config, log);
  // the demo credential, as `npm start` hands it to the console's demo sign-in (src/main.ts)
  const demoHeaders = { Authorization: `Bearer ${await signToken(config.auth, { sub: "demo", roles: [Role.ADMIN] })}` };
  const hub = await startHub({ config, db, log, demoHeaders });
  cleanup.add(() => hub.stop());
  const origin = new URL(hub.url).origin;
  const credential = JSON.stringify({ authorization: demoHeaders.Authorization });

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
  cleanup.add(() => browser.close());

  const baseline = http.createServer((_req, res) => {
    res.setHeader("content-type", "text/html; charset=utf-8");
    res.end('<!doctype html><html lang="en"><title>Baseline</title><main><h1>A heading</h1></main></html>');
  });
  await new Promise<void>((resolve) => baseline.listen(0, "127.0.0.1", resolve));
  cleanup.add(() => {
    baseline.closeAllConnections();
    return new Promise((resolve) => baseline.close(resolve));
  });
  const { port } = baseline.address() as { port: number };

  console.log(`${environment()}; the living demo plant; Chromium ${browser.version()}; median of ${o.loads} loads, each with an empty cache`);
  console.log(`  ${"page".padEnd(13)} ${"initial JS".padStart(12)} ${"all JS".padStart(12)} ${"FCP".padStart(9)} ${"heading".padStart(9)} ${"LCP".padStart(9)}`);
  let floor = NaN;
  const targets = [{ name: "baseline", url: `http://127.0.0.1:${port}/`, signedIn: false }, ...PAGES.map((p) => ({ ...p, url: `${origin}/console/${p.path}` }))];
  for (const { name, url, signedIn } of targets) {
    await load(browser, url, signedIn ? credential : null); // warms the hub (its first queries), not measured
    const loads: Load[] = [];
    for (let i = 0; i < o.loads; i++) loads.push(await load(browser, url, signedIn ? credential : null));
    const initialJs = kb(median(loads.map((l) => l.initialJs)));
    const allJs = kb(median(loads.map((l) => l.allJs)));
    const fcp = median(loads.map((l) => l.fcp));
    const heading = median(loads.map((l) => l.heading));
    const lcp = median(loads.map((l) => l.lcp));
    const ms = (x: number) => `${x.toFixed(0)} ms`.padStart(9);
    console.log(`  ${name.padEnd(13)} ${`${initialJs.toFixed(1)} KB`.padStart(12)} ${`${allJs.toFixed(1)} KB`.padStart(12)} ${ms(fcp)} ${ms(heading)} ${ms(lcp)}`);
    if (name === "baseline") {
      floor = heading;
      figure("console", "baseline: heading painted", heading, "ms");
      continue;
    }
    const times = (x: number) => `×${(x / floor).toFixed(1)}`.padStart(9);
    console.log(`  ${"".padEnd(13)} ${"".padStart(12)} ${"".padStart(12)} ${times(fcp)} ${times(heading)} ${times(lcp)}`);
    console.log(`  ${"".padEnd(13)} largest: ${[...new Set(loads.map((l) => l.lcpElement))].join(" | ")}; ${loads.at(-1)!.scripts.join(", ")}`);
    if (o.timeline) for (const line of loads.at(-1)!.timeline) console.log(`  ${"".padEnd(13)} ${line}`);
    figure("console", `${name}: initial JavaScript (gzip)`, initialJs, "KB", { atMost: JS_BUDGET_KB });
    figure("console", `${name}: first contentful paint`, fcp, "ms", { atMost: PAINT_BUDGET_MS });
    figure("console", `${name}: heading painted`, heading, "ms", { atMost: PAINT_BUDGET_MS });
    figure("console", `${name}: largest contentful paint`, lcp, "ms", { atMost: PAINT_BUDGET_MS });
  }
}

runBench(main);
