/**
 * The living demo (`npm start`) comes with history enough for a curve of every KPI over its 90 days: each
 * series has values on many days, and they vary (a flat line or a single point shows nothing).
 */
import { DEMO_HISTORY_DAYS } from "../../src/demo/demo-history";
import { startTestHub, type TestHub } from "../support/test-hub";

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ demo: "living" });
}, 600_000);
afterAll(() => t?.stop());

const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

test("every KPI of the demo plant draws a curve over its history", async () => {
  const from = day(DEMO_HISTORY_DAYS - 1);
  const refreshed = await t.gql(`mutation($from: Date!) { refreshKpis(from: $from) { rows } }`, { from });
  expect(refreshed.errors).toBeUndefined();
  const res = await t.gql(`query($filter: KpiFilter) { kpis(filter: $filter) { kpi current series { day value } } }`, { filter: { from } });
  expect(res.errors).toBeUndefined();
  const curves = Object.fromEntries(
    (res.data.kpis as { kpi: string; series: { value: number | null }[] }[]).map((f) => {
      const values = f.series.map((p) => p.value).filter((v): v is number => v !== null);
      return [f.kpi, { days: values.length, distinct: new Set(values.map((v) => v.toFixed(4))).size, max: Math.max(0, ...values) }];
    }),
  );
  for (const [kpi, c] of Object.entries(curves)) {
    expect({ kpi, many: c.days >= 10, varies: c.distinct >= 2, positive: c.max > 0 }).toEqual({ kpi, many: true, varies: true, positive: true });
  }
  // stock KPIs are there every day; fewer exceptions are seen in the quarter's last month than in its first
  expect(curves.INVENTORY_VALUE.days).toBe(DEMO_HISTORY_DAYS);
  const ack = await t.gql(`query($a: Date, $b: Date) { first: kpis(filter: { from: $a, to: $b }) { kpi current } }`, { a: from, b: day(DEMO_HISTORY_DAYS - 30) });
  const last = await t.gql(`query($a: Date) { last: kpis(filter: { from: $a }) { kpi current } }`, { a: day(29) });
  const hours = (rows: { kpi: string; current: number }[]) => rows.find((r) => r.kpi === "EXCEPTION_ACKNOWLEDGE_HOURS")!.current;
  expect(hours(last.data.last)).toBeLessThan(hours(ack.data.first));
});

test("the purchasing cycle (suggested → ordered → received) has a series over past days, though the runs that suggested are purged", async () => {
  const from = day(DEMO_HISTORY_DAYS - 1);
  const res = await t.gql(`query($from: Date) { kpis(filter: { from: $from, warehouseCode: "PLANT-1", materialCode: "FILTER-SCALE" }) { kpi series { day value } }
    mrpRuns(first: 100) { totalCount nodes { purgedAt } } }`, { from });
  expect(res.errors).toBeUndefined();
  const series = (kpi: string) => (res.data.kpis as { kpi: string; series: { day: string; value: number | null }[] }[]).find((f) => f.kpi === kpi)!.series.filter((p) => p.value !== null);
  const ordered = series("SUGGESTION_TO_ORDER_DAYS");
  const cycle = series("PURCHASE_CYCLE_DAYS");
  // released 1–3 working days after the Monday run, received around the due day two weeks on
  expect(ordered.length).toBeGreaterThanOrEqual(5);
  for (const p of ordered) expect(p.value).toBeGreaterThan(0);
  expect(cycle.length).toBeGreaterThanOrEqual(5);
  for (const p of cycle) expect(p.value).toBeGreaterThan(5);
  expect(cycle.every((p) => p.day < day(0))).toBe(true);
  // the runs behind most of them are purged (all but the current one and MRP_KEEP_RUNS before it), yet kept with the
  // suggestions released from them: every purchase order still names an existing suggestion
  const runs = res.data.mrpRuns.nodes as { purgedAt: string | null }[];
  expect(runs.length).toBe(res.data.mrpRuns.totalCount);
  expect(runs.length).toBeGreaterThan(t.config.mrpKeepRuns + 1);
  expect(runs.filter((r) => r.purgedAt === null).length).toBe(t.config.mrpKeepRuns + 1);
  const [{ lost, kept }] = await t.db.sql.query<{ lost: number; kept: number }>(
    `SELECT count(*) FILTER (WHERE s.id IS NULL)::int AS lost, count(s.id)::int AS kept
       FROM purchase_order p LEFT JOIN purchase_suggestion s ON s.id = p.purchase_suggestion_id WHERE p.purchase_suggestion_id IS NOT NULL`,
  );
  expect(lost).toBe(0);
  expect(kept).toBeGreaterThanOrEqual(ordered.length);
});
