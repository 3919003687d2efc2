/**
 * The console's shell in a real browser: it loads from the hub alone, signs in with the demo credential (and
 * with a token through the form; a bad one is refused with a translated reason), switches between English and
 * Chinese (remembered across a reload), offers the pages of the viewer's role, and passes axe-core.
 */
import { openConsoleBrowser, Role, type ConsoleBrowser } from "./console-browser";

let c: ConsoleBrowser;

beforeAll(async () => {
  c = await openConsoleBrowser();
}, 300_000);
afterAll(async () => {
  await c?.close();
});

test("signs in with the demo credential; the navigation follows the language, which is remembered", async () => {
  const { page } = c;
  await c.open();
  await page.getByRole("heading", { name: "Sign in to the console" }).waitFor();
  await c.checkAccessibility();
  await c.signIn();
  const nav = page.getByRole("navigation", { name: "Pages" });
  await nav.getByRole("link", { name: "Overview" }).waitFor();
  expect(await nav.getByRole("link", { name: "GraphQL explorer" }).getAttribute("href")).toBe("/graphql");
  expect(await page.getByText("Signed in as user:test-admin").count()).toBe(1);
  await c.checkAccessibility();

  await c.setLanguage("zh");
  await page.getByRole("navigation", { name: "页面" }).getByRole("link", { name: "总览" }).waitFor();
  expect(await page.title()).toBe("制造集成中枢 · 控制台");
  await page.reload({ waitUntil: "load" });
  await page.getByRole("navigation", { name: "页面" }).getByRole("link", { name: "总览" }).waitFor();
  await c.checkAccessibility();

  await c.setLanguage("en");
  await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Overview" }).waitFor();
  c.expectClean();
}, 180_000);

test("a token signs in through the form, as its identity; a bad one is refused with a translated reason", async () => {
  const { page, t } = c;
  await page.getByRole("button", { name: "Sign out" }).click();
  await c.signIn(await t.token([Role.VIEWER]));
  await page.getByText("Signed in as user:test-viewer").waitFor();
  await page.getByRole("button", { name: "Sign out" }).click();

  await page.getByRole("radio", { name: "Bearer token" }).check();
  await page.locator('input[name="credential"]').fill("not-a-token");
  await page.locator('form.sign-in-form button[type="submit"]').click();
  await page.getByRole("alert").getByText("Sign-in failed: the credential is not valid or has expired.").waitFor();
  // the refusal itself is the only thing that went wrong
  expect(c.problems.length).toBeGreaterThan(0);
  expect(c.problems.every((p) => p.startsWith("401 ") || p.includes("401 (Unauthorized)"))).toBe(true);
  c.problems.splice(0);
  await c.checkAccessibility();
  c.expectClean();
}, 180_000);
