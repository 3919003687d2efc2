/**
 * The console in a real browser, for every page's test (test/console/<page>.browser.test.ts): builds the console
 * once (scripts/build.js console: skipped when nothing changed), starts a real hub (test/support/test-hub.ts, the
 * demo plant by default) whose only-browser trusted documents are the test documents and the console's
 * operations — so a page whose operation is not registered fails —, and headless Chromium on /console (Debian's
 * /usr/bin/chromium through playwright-core; .ci/run installs it with fonts-wqy-microhei for Chinese).
 *
 * It collects what must not happen and `expectClean()` fails on it: a page error, a console error, a response
 * of 400 or more, a failed request, a request that leaves the hub's origin. `checkAccessibility()` runs axe-core
 * on the page as it is and fails on serious or critical violations. `screenshot(name)` saves
 * docs/console/<name>.png when CONSOLE_SCREENSHOTS=1 (so that ordinary runs leave the tree unchanged).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { Role } from "../../src/auth/roles";
import { compileTrustedDocuments } from "../../src/security/trusted-documents";
import { startTestHub, type TestHub, type TestHubOptions } from "../support/test-hub";

export const CHROMIUM = "/usr/bin/chromium";
const ROOT = path.join(__dirname, "..", "..");
const SCREENSHOTS = path.join(ROOT, "docs", "console");

export interface ConsoleBrowserOptions {
  /** options of the hub (default: the demo plant, `demo: true`); `demoHeaders` is always the admin token */
  hub?: Omit<TestHubOptions, "demoHeaders">;
  /** the browser's window (default 1280×800); e.g. { width: 390, height: 844 } for a phone */
  viewport?: { width: number; height: number };
  /** the browser's language, which the console starts in until one is chosen (default en-US) */
  locale?: string;
  /** a touch screen (a phone or a handheld terminal): touch events and a mobile viewport */
  touch?: boolean;
}

export interface ConsoleBrowser {
  t: TestHub;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** the hub's origin, e.g. http://127.0.0.1:41234 */
  origin: string;
  /** what went wrong so far (see expectClean) */
  problems: string[];
  /** every URL the page asked for (WebSockets included) */
  requests: string[];
  /** opens /console/<path> (default the overview) */
  open(path?: string): Promise<void>;
  /**
   * Signs in: with no argument, with the demo credential (the one-click button development shows); with a
   * token (`await t.token([Role.VIEWER])`) or an API key (`hub_…`), through the form. Resolves once the shell shows.
   */
  signIn(credential?: string): Promise<void>;
  /** switches the language with the header's switch */
  setLanguage(language: "zh" | "en"): Promise<void>;
  /** axe-core on the page as it is now: fails on serious or critical violations */
  checkAccessibility(): Promise<void>;
  /** no page or console error, no failed response or request, nothing outside the hub's origin */
  expectClean(): void;
  /** docs/console/<name>.png of the whole page, when CONSOLE_SCREENSHOTS=1 */
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: unknown }[];
}

/** Brings dist/console up to date (rebuilt only when console/, the schema or the lock file changed). */
export function ensureConsoleBuilt(): void {
  execFileSync(process.execPath, [path.join(ROOT, "scripts", "build.js"), "console"], { stdio: "inherit" });
}

export async function openConsoleBrowser(options: ConsoleBrowserOptions = {}): Promise<ConsoleBrowser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium fonts-wqy-microhei (.ci/run does)`);
  ensureConsoleBuilt();
  const manifestDir = fs.mkdtempSync(path.join(os.tmpdir(), "console-documents-"));
  const manifest = path.join(manifestDir, "trusted-documents.json");
  fs.writeFileSync(manifest, JSON.stringify(compileTrustedDocuments([path.join(ROOT, "test", "documents"), path.join(ROOT, "console", "operations")])));
  const hubOptions = options.hub ?? {};
  const t = await startTestHub({
    demo: true,
    ...hubOptions,
    env: { TRUSTED_DOCUMENTS: "only-browser", TRUSTED_DOCUMENTS_FILE: manifest, ...hubOptions.env },
    demoHeaders: (token) => ({ Authorization: `Bearer ${token}` }),
  });
  const origin = new URL(t.hub.url).origin;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 }, locale: options.locale ?? "en-US", timezoneId: "UTC", hasTouch: options.touch, isMobile: options.touch });
  const page = await context.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  page.on("request", (r) => void requests.push(r.url()));
  page.on("websocket", (ws) => void requests.push(ws.url()));
  page.on("requestfailed", (r) => {
    const reason = r.failure()?.errorText;
    // the page cancelling a request it no longer needs (urql drops a superseded query; leaving a page aborts what
    // is in flight) is not a failure; a refused or broken request is
    if (reason !== "net::ERR_ABORTED") problems.push(`request failed: ${r.url()} ${reason}`);
  });
  page.on("response", (r) => void (r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`)));
  page.on("pageerror", (e) => void problems.push(`page error: ${e.message} ${e.stack}`));
  page.on("console", (m) => void (m.type() === "error" && problems.push(`console error: ${m.text()} ${m.location().url}`)));

  const session: ConsoleBrowser = {
    t,
    browser,
    context,
    page,
    origin,
    problems,
    requests,
    async open(at = "overview") {
      await page.goto(`${origin}/console/${at}`, { waitUntil: "load" });
    },
    async signIn(credential) {
      if (!page.url().startsWith(`${origin}/console`)) await session.open();
      if (credential === undefined) {
        await page.getByRole("button", { name: /demo/i }).click();
      } else {
        await page.getByRole("radio", { name: credential.startsWith("hub_") ? /api key/i : /bearer/i }).check();
        await page.locator('input[name="credential"]').fill(credential);
        await page.locator('form.sign-in-form button[type="submit"]').click();
      }
      await page
        .locator("nav.sidenav")
        .waitFor({ timeout: 60_000 })
        .catch(async (e: Error) => {
          throw new Error(`${e.message}\nthe page says: ${await page.locator("body").innerText()}\nproblems: ${problems.join("\n")}`);
        });
    },
    async setLanguage(language) {
      await page.getByTestId("language").selectOption(language);
      await page.waitForFunction((lang) => (globalThis as unknown as { document: { documentElement: { lang: string } } }).document.documentElement.lang === lang, language === "zh" ? "zh-CN" : "en");
    },
    async checkAccessibility() {
      // evaluated through the debugging protocol: the page's CSP (script-src 'self') does not apply
      await page.evaluate(fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8"));
      const violations = await page.evaluate(async () => {
        const { axe, document } = globalThis as unknown as { document: unknown; axe: { run(context: unknown, options: unknown): Promise<{ violations: Violation[] }> } };
        const result = await axe.run(document, { resultTypes: ["violations"] });
        return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target) }));
      });
      expect(violations).toEqual([]);
    },
    expectClean() {
      const away = requests.filter((u) => !u.startsWith(origin) && !u.startsWith(origin.replace(/^http/, "ws")) && !/^(data|blob):/.test(u));
      expect(away).toEqual([]);
      expect(problems).toEqual([]);
    },
    async screenshot(name) {
      if (process.env.CONSOLE_SCREENSHOTS !== "1") return;
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
    async close() {
      await browser.close();
      await t.stop();
      fs.rmSync(manifestDir, { recursive: true, force: true });
    },
  };
  return session;
}

export { Role };
