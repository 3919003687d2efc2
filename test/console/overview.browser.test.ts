/**
 * The plant overview in a real browser, on the living demo: KPI tiles and curves, the latest MRP run, materials
 * below their reorder point, open exceptions and active alarms; changes made through the graph while the page is
 * open (a work order short of stock raising an exception, stock received raising the inventory value tile — the
 * live KPI refresh, KPI_LIVE_SECONDS —, an adjustment taking a material below its reorder point and another
 * bringing it back, an MRP run) appear on it without a reload. With CONSOLE_SCREENSHOTS=1 it saves docs/console/overview(-zh).png.
 */
import { until } from "../support/until";
import { openConsoleBrowser, type ConsoleBrowser } from "./console-browser";

let c: ConsoleBrowser;

beforeAll(async () => {
  c = await openConsoleBrowser({ hub: { demo: "living", env: { KPI_LIVE_SECONDS: "1" } } });
  // the KPI job is off in tests: the figures of the last 30 days, as the running hub would have them
  const from = new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10);
  const refreshed = await c.t.gql(`mutation($from: Date) { refreshKpis(from: $from) { rows } }`, { from });
  expect(refreshed.errors).toBeUndefined();
}, 600_000);
afterAll(async () => {
  await c?.close();
});

const panel = (testId: string) => c.page.getByTestId(testId);

test("the overview shows the living demo's figures, run, alerts, exceptions and alarms, in English and Chinese", async () => {
  const { page } = c;
  await c.open("overview");
  await c.signIn();
  await page.getByRole("heading", { name: "Plant overview" }).waitFor();
  // figures, not dashes, once the KPIs arrive
  await until(async () => /\d/.test(await page.locator('[data-kpi="INVENTORY_VALUE"] .kpi-value').innerText()), "the inventory value tile", 60_000);
  await panel("mrp-status").getByText("Completed").waitFor();
  await panel("open-exceptions").locator("tbody tr td").first().waitFor();
  expect(await panel("open-exceptions").getByText("No open exception.").count()).toBe(0);
  await panel("active-alarms").locator("tbody tr td").first().waitFor();
  expect(await panel("active-alarms").getByText("No active alarm.").count()).toBe(0);
  await c.checkAccessibility();
  await c.screenshot("overview");

  await c.setLanguage("zh");
  await page.getByRole("heading", { name: "工厂总览" }).waitFor();
  await panel("mrp-status").getByText("已完成").waitFor();
  await c.checkAccessibility();
  await c.screenshot("overview-zh");
  await c.setLanguage("en");
  c.expectClean();
}, 300_000);

test("an exception raised, the KPIs moving, stock going low and back and an MRP run appear live, without a reload", async () => {
  const { page, t } = c;
  await page.getByRole("heading", { name: "Plant overview" }).waitFor();
  const marker = await page.evaluate(() => ((globalThis as unknown as { overviewMarker: number }).overviewMarker = Math.random()));

  // a work order with far too little stock: SHORT, and a SHORTAGE exception
  const created = await t.gql(`mutation { createWorkOrder(input: { materialCode: "KETTLE-17", warehouseCode: "PLANT-1", quantity: "90000" }) { workOrder { number status } } }`);
  expect(created.data.createWorkOrder.workOrder.status).toBe("SHORT");
  const number = created.data.createWorkOrder.workOrder.number;
  const raised = await until(async () => {
    const r = await t.gql(`query($n: String) { exceptions(filter: { workOrderNumber: $n, types: [SHORTAGE] }) { nodes { message } } }`, { n: number });
    return r.data.exceptions.nodes[0]?.message as string | undefined;
  }, "the SHORTAGE exception");
  await panel("open-exceptions").getByText(raised).waitFor({ timeout: 30_000 });

  // RELAY-10A at PLANT-1 raised well above its reorder point, then taken down to 10 (other locations emptied
  // first): the last adjustment crosses the reorder point
  const adjust = async (location: string, quantity: number) => {
    const r = await t.gql(`mutation($q: Decimal!, $l: String) { adjustStock(input: { materialCode: "RELAY-10A", warehouseCode: "PLANT-1", locationCode: $l, quantity: $q, reasonCode: "FOUND" }) { entries { quantity } } }`, {
      q: String(quantity),
      l: location,
    });
    expect(r.errors).toBeUndefined();
  };
  const balances = async () =>
    (await t.gql(`{ stockAvailability(materialCode: "RELAY-10A", warehouseCode: "PLANT-1") { balances { available location { code } } } }`)).data.stockAvailability[0].balances as {
      available: string;
      location: { code: string };
    }[];
  const [kept, ...others] = await balances();
  const tile = page.locator('[data-kpi="INVENTORY_VALUE"] .kpi-value');
  const shown = async () => Number((await tile.innerText()).replace(/[^\d]/g, ""));
  const valueBefore = await shown();
  await adjust(kept.location.code, 100_000);
  // the live refresh after the stock event: the tile grows with 100,000 relays more
  await until(async () => (await shown()) > valueBefore, "the inventory value tile to grow", 60_000);
  for (const b of others) if (Number(b.available) > 0) await adjust(b.location.code, -Number(b.available));
  const left = (await balances()).find((b) => b.location.code === kept.location.code)!;
  await adjust(kept.location.code, 10 - Number(left.available));
  const relay = panel("low-stock").locator("tbody tr", { hasText: "RELAY-10A" }).filter({ hasText: "PLANT-1" });
  await relay.getByRole("cell", { name: "10", exact: true }).waitFor({ timeout: 30_000 });
  // back above the reorder point: off the list
  await adjust(kept.location.code, 100_000);
  await relay.waitFor({ state: "detached", timeout: 30_000 });

  // an MRP run: the overview follows it to the end
  const run = await t.gql(`mutation { startMrpRun(input: { warehouseCode: "PLANT-1", horizonBuckets: 4 }) { id } }`);
  expect(run.errors).toBeUndefined();
  await panel("mrp-status").getByText(`Run ${run.data.startMrpRun.id}`).waitFor({ timeout: 60_000 });
  await panel("mrp-status").getByText("Completed").waitFor({ timeout: 120_000 });

  // the same page all along
  expect(await page.evaluate(() => (globalThis as unknown as { overviewMarker?: number }).overviewMarker)).toBe(marker);
  c.expectClean();
}, 300_000);
