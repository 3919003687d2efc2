/**
 * The Planning page in a real browser against the demo plant: an MPS line added, an MRP run started and its
 * progress bar followed live to the end, the purchase suggestions with their pegging, some released at once;
 * a suggestion released meanwhile elsewhere is refused with the reason; a viewer is offered no action; what-if
 * beside the current plan (and a bad change refused); the capacity load chart; a superseded run shown purged
 * (MRP_KEEP_RUNS=0: only the current run keeps its whole plan); axe-core throughout.
 */
import { openConsoleBrowser, Role, type ConsoleBrowser } from "./console-browser";
import { until } from "../support/until";

let c: ConsoleBrowser;

beforeAll(async () => {
  c = await openConsoleBrowser({ hub: { env: { MRP_KEEP_RUNS: "0" } } });
}, 300_000);
afterAll(async () => {
  await c?.close();
});

const DAY = 86_400_000;
/** a date input's value, `days` from today (the browser runs in UTC) */
const inputDay = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
/** a date as the console shows it in English */
const shown = (iso: string) => new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" }).format(new Date(iso));

interface Suggestion {
  id: string;
  status: string;
  dueDate: string;
  material: { code: string };
}

async function suggestions(): Promise<Suggestion[]> {
  const res = await c.t.gql(`{ purchaseSuggestions(warehouseCode: "PLANT-1", first: 200) { nodes { id status dueDate material { code } } } }`);
  expect(res.errors).toBeUndefined();
  return res.data.purchaseSuggestions.nodes;
}

/** suggestions no other one shares material and due day with (the console names a row by them) */
const unambiguous = (list: Suggestion[]) => list.filter((s) => list.filter((o) => o.material.code === s.material.code && shown(o.dueDate) === shown(s.dueDate)).length === 1);

const checkbox = (s: Suggestion) => c.page.getByRole("checkbox", { name: `Select ${s.material.code} due ${shown(s.dueDate)}` });

test("an MPS line, an MRP run followed live to 100 %, suggestions with their pegging, some released at once", async () => {
  const { page } = c;
  await c.signIn();
  await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Planning" }).click();
  await page.getByRole("tab", { name: "MPS lines" }).click();
  await page.getByRole("textbox", { name: "Material code" }).fill("TOASTER-2S");
  await page.getByRole("textbox", { name: "Quantity" }).fill("400");
  await page.locator('input[name="dueDate"]').fill(inputDay(28));
  await page.getByRole("textbox", { name: "Reference" }).fill("SO-UI-1");
  await page.getByRole("button", { name: "Add line" }).click();
  await page.getByRole("status").getByText("MPS line added.").waitFor();
  await page.getByRole("row").filter({ hasText: "SO-UI-1" }).filter({ hasText: "TOASTER-2S" }).waitFor();
  await c.checkAccessibility();

  await page.getByRole("tab", { name: "MRP run and plan" }).click();
  await page.getByRole("button", { name: "Start MRP run" }).click();
  await page.getByRole("progressbar").waitFor();
  await page.locator('[role="status"][data-status="COMPLETED"]').waitFor({ timeout: 60_000 });
  expect(await page.getByRole("progressbar").getAttribute("value")).toBe("100");

  const open = unambiguous((await suggestions()).filter((s) => s.status === "SUGGESTED"));
  expect(open.length).toBeGreaterThan(2);
  await checkbox(open[0]).waitFor();
  // pegging: the toaster's purchased parts serve the line added above
  const toasterPart = open.find((s) => s.material.code === "CRUMB-TRAY") ?? open[0];
  await page.getByRole("button", { name: `Pegging of ${toasterPart.material.code} due ${shown(toasterPart.dueDate)}` }).click();
  const pegging = page.locator("section.pegging");
  await pegging.getByRole("heading", { name: new RegExp(`^Pegging of ${toasterPart.material.code}`) }).waitFor();
  await pegging.getByRole("row").filter({ hasText: "SO-UI-1" }).waitFor();
  await c.checkAccessibility();
  await c.screenshot("planning");

  await checkbox(open[0]).check();
  await checkbox(open[1]).check();
  await page.getByRole("button", { name: "Release selected (2)" }).click();
  await page.getByRole("status").getByText(/^Released as purchase orders: \S+, \S+$/).waitFor();
  const after = new Map((await suggestions()).map((s) => [s.id, s.status]));
  expect([after.get(open[0].id), after.get(open[1].id)]).toEqual(["RELEASED", "RELEASED"]);
  await checkbox(open[0]).waitFor({ state: "detached" });
  c.expectClean();
}, 240_000);

test("a suggestion released meanwhile elsewhere is refused, with the order it became", async () => {
  const { page } = c;
  await c.open("planning");
  const [target] = unambiguous((await suggestions()).filter((s) => s.status === "SUGGESTED"));
  await checkbox(target).check();
  // the ERP releases it first
  const elsewhere = await c.t.gql(`mutation($id: ID!) { releasePurchaseSuggestion(id: $id) { number } }`, { id: target.id });
  expect(elsewhere.errors).toBeUndefined();
  await page.getByRole("button", { name: "Release selected (1)" }).click();
  const alert = page.getByRole("alert");
  await alert.getByText("Not possible in its current state.").waitFor();
  await alert.getByText(`already released as purchase order ${elsewhere.data.releasePurchaseSuggestion.number}`).waitFor();
  await c.checkAccessibility();
  c.expectClean();
}, 120_000);

test("what-if beside the current plan; a change naming an unknown material is refused", async () => {
  const { page } = c;
  await c.open("planning?tab=whatIf");
  await page.getByRole("textbox", { name: "Material code" }).fill("KETTLE-17");
  await page.getByRole("textbox", { name: "Quantity" }).fill("300");
  await page.locator('input[name="due-0"]').fill(inputDay(35));
  await page.getByRole("button", { name: "Run what-if" }).click();
  const comparison = page.getByRole("table", { name: "Current plan and what-if side by side" });
  await comparison.getByRole("row").filter({ hasText: "Added" }).first().waitFor({ timeout: 60_000 });
  await page.getByRole("table", { name: "Summary" }).getByRole("row").filter({ hasText: "Purchase suggestions" }).waitFor();
  await c.checkAccessibility();

  await page.getByRole("textbox", { name: "Material code" }).fill("NO-SUCH-PART");
  await page.getByRole("button", { name: "Run what-if" }).click();
  await page.getByRole("alert").getByText("Some input is not valid.").waitFor();
  await page.getByRole("alert").getByText(/unknown material "NO-SUCH-PART"/).waitFor();
  c.expectClean();
}, 120_000);

test("capacity load per work center and bucket, as a chart and a table", async () => {
  const { page } = c;
  await c.open("planning?tab=capacity");
  await page.getByRole("img", { name: /^Utilisation per work center and bucket/ }).waitFor();
  await page.getByRole("table", { name: "Load per work center" }).getByRole("row").nth(1).waitFor();
  expect(await page.getByRole("table", { name: "Load per work center" }).getByText("No work center has load in this range.").count()).toBe(0);
  await c.checkAccessibility();
  await c.setLanguage("zh");
  await page.getByRole("heading", { name: "计划", exact: true }).waitFor();
  await page.getByRole("tab", { name: "产能负荷" }).waitFor();
  await c.checkAccessibility();
  await c.setLanguage("en");
  c.expectClean();
}, 120_000);

test("a viewer sees the plan and the lines but is offered no action", async () => {
  const { page, t } = c;
  // a new run supersedes the one started above, which is then purged
  const started = await t.gql(`mutation { startMrpRun(input: { warehouseCode: "PLANT-1", bucket: WEEK, horizonBuckets: 8 }) { id } }`);
  expect(started.errors).toBeUndefined();
  const runId = started.data.startMrpRun.id;
  await until(async () => (await t.gql(`query($id: ID!) { mrpRun(id: $id) { status } }`, { id: runId })).data.mrpRun.status === "COMPLETED", "the new run");
  await page.getByRole("button", { name: "Sign out" }).click();
  // signed in right on the page (leaving another page while its requests run would abort them)
  await c.open("planning");
  await c.signIn(await t.token([Role.VIEWER]));
  await page.getByRole("table", { name: /^Purchase suggestions \(buy\)/ }).getByRole("row").nth(1).waitFor();
  await page.getByRole("table", { name: "Latest runs" }).getByRole("row").filter({ hasText: "Completed" }).first().waitFor();
  await page.getByRole("table", { name: "Latest runs" }).getByRole("row").filter({ hasText: /Purged .*: only its released rows and its exceptions are kept/ }).first().waitFor();
  expect(await page.getByRole("button", { name: "Start MRP run" }).count()).toBe(0);
  expect(await page.getByRole("button", { name: /^Release/ }).count()).toBe(0);
  expect(await page.getByRole("checkbox").count()).toBe(0);
  expect(await page.getByRole("tab", { name: "What-if" }).count()).toBe(0);
  await page.getByRole("tab", { name: "MPS lines" }).click();
  await page.getByRole("row").filter({ hasText: "SO-UI-1" }).waitFor();
  expect(await page.getByRole("button", { name: "Add line" }).count()).toBe(0);
  expect(await page.getByRole("button", { name: "Delete" }).count()).toBe(0);
  await c.checkAccessibility();
  c.expectClean();
}, 120_000);
