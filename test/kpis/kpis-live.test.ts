/**
 * Live KPIs over the real server (demo plant, KPI_LIVE_SECONDS=1): stock received through the graph is followed
 * by a refresh of today's KPIs of its warehouse, and `kpisUpdated` subscribers (graphql-ws) get the figures the
 * `kpis` query answers then — those of their filter, within their warehouses. A refresh that changes nothing
 * pushes nothing; a bad filter is refused when subscribing.
 */
import { Role } from "../../src/auth/roles";
import { startTestHub, wsEvents, wsOnce, type TestHub } from "../support/test-hub";
import { until } from "../support/until";

let t: TestHub;

const UPDATED = `subscription($filter: KpiFilter) { kpisUpdated(filter: $filter) { eventId warehouseCode figures { kpi current series { day value } } } }`;
const KPIS = `query($filter: KpiFilter) { kpis(filter: $filter) { kpi current series { day value } } }`;
type Figure = { kpi: string; current: number | null };
const value = (figures: Figure[]) => figures.find((f) => f.kpi === "INVENTORY_VALUE")!.current;
const refreshedEvents = async () => (await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM event WHERE topic = 'kpi.refreshed'`))[0].n;

/** A metric's value from the hub's /metrics (0 when absent). */
async function metric(name: string): Promise<number> {
  const text = await (await fetch(new URL("/metrics", t.hub.url))).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(" ")[1]) : 0;
}

const receive = async (warehouseCode: string, locationCode: string, quantity: string) => {
  const res = await t.gql(`mutation($input: ReceiveStockInput!) { receiveStock(input: $input) { replayed } }`, { input: { materialCode: "RELAY-10A", warehouseCode, locationCode, quantity } });
  expect(res.errors).toBeUndefined();
};

beforeAll(async () => {
  t = await startTestHub({ demo: true, env: { KPI_LIVE_SECONDS: "1" } });
  const cost = await t.gql(`mutation { setStandardCost(input: { materialCode: "RELAY-10A", cost: "2.5", currency: "EUR" }) { cost } }`);
  expect(cost.errors).toBeUndefined();
  // today's snapshots as they stand, so that what follows changes them
  expect((await t.gql(`mutation { refreshKpis { rows } }`)).errors).toBeUndefined();
}, 120_000);
afterAll(() => t?.stop());

test("stock received pushes the warehouse's new figures to its subscribers, as `kpis` answers them; others hear nothing", async () => {
  const filter = { warehouseCode: "PLANT-1" };
  const before = value((await t.gql(KPIS, { filter })).data.kpis) ?? 0;
  const open = await metric("hub_subscriptions_open");
  const plant = wsEvents(t.ws(), UPDATED, { filter }, (seen) => seen.some((e) => (value(e.kpisUpdated.figures) ?? 0) > before));
  // limited to DC-1, no filter: DC-1's events only
  const dc = wsEvents(t.ws(await t.token([Role.VIEWER], ["DC-1"])), UPDATED, {}, (seen) => seen.length >= 1);
  await until(async () => (await metric("hub_subscriptions_open")) >= open + 2, "both subscriptions to run");

  await receive("PLANT-1", "A-03", "400");
  const events = await plant;
  const last = events[events.length - 1].kpisUpdated;
  expect(last.warehouseCode).toBe("PLANT-1");
  expect(value(last.figures)).toBeCloseTo(before + 400 * 2.5, 6);
  expect(last.figures).toEqual((await t.gql(KPIS, { filter })).data.kpis);

  // DC-1's identity heard nothing of PLANT-1: a receipt in DC-1 is its first push
  await receive("DC-1", "B-01", "10");
  expect((await dc).map((e) => e.kpisUpdated.warehouseCode)).toEqual(["DC-1"]);
}, 60_000);

test("a refresh that finds the same figures writes no event (and so pushes nothing)", async () => {
  // the live refresh has handled every stock event (its cursor moves once it has refreshed)
  await until(async () => {
    const [r] = await t.db.sql.query<{ done: boolean }>(
      `SELECT (SELECT last_event_id FROM event_cursor WHERE name = 'kpi-live') >= (SELECT max(position) FROM event WHERE topic IN ('stock.changed', 'workOrder.changed')) AS done`,
    );
    return r.done;
  }, "the live refresh to catch up");
  const n = await refreshedEvents();
  expect((await t.gql(`mutation { refreshKpis(warehouseCode: "PLANT-1") { rows } }`)).errors).toBeUndefined();
  expect(await refreshedEvents()).toBe(n);
});

test("a bad filter is refused when subscribing, as `kpis` refuses it", async () => {
  const reversed = await wsOnce(t.ws(), UPDATED, { filter: { from: "2026-02-01", to: "2026-01-01" } });
  expect(reversed.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "from" });
  const unknown = await wsOnce(t.ws(), UPDATED, { filter: { materialCode: "NO-SUCH" } });
  expect(unknown.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "materialCode" });
  const elsewhere = await wsOnce(t.ws(await t.token([Role.VIEWER], ["DC-1"])), UPDATED, { filter: { warehouseCode: "PLANT-1" } });
  expect(elsewhere.errors?.[0].extensions?.code).toBe("FORBIDDEN");
});
