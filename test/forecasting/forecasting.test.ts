/**
 * Forecasting over the real hub: demand history from the ledger, a forecast run as a job with progress,
 * the forecast with its method and accuracy in the graph, a planner's override kept across runs, and MRP
 * planning from the forecast less the sales orders that consume it.
 *
 * W1, weekly buckets, history of the 12 weeks before Monday 2026-11-30 (asOf):
 *   KETTLE: 10 issued every week (an issue, a backflush and a transfer shipment of 10 in turn)
 *   SPARE:  demand only in the last 2 weeks (too short for a hold-out of 3)
 *   IDLE:   no demand at all
 * W2: KETTLE 99 a week (another warehouse: never in W1's forecast)
 */
import { demandHistory } from "../../src/domain/stock/demand-history.queries";
import { Role } from "../../src/auth/roles";
import { startTestHub, type TestHub } from "../support/test-hub";
import { until } from "../support/until";

let t: TestHub;
const AS_OF = "2026-11-30T12:00:00Z";
const RUN = { warehouseCodes: ["W1"], bucket: "WEEK", historyBuckets: 12, horizonBuckets: 4, holdOutBuckets: 3, asOf: AS_OF };
const START = `mutation($input: ForecastRunInput!) { startForecastRun(input: $input) { id status warehouseId } }`;
const FORECASTS = `query($w: String!, $m: String) { forecasts(warehouseCode: $w, materialCode: $m) { totalCount nodes {
  materialCode method bucket buckets { bucketStart forecast override quantity } accuracy { method mape mase wape chosen } } } }`;
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const weekOf = (i: number) => new Date(day("2026-09-07").getTime() + i * 7 * 86_400_000);

async function post(type: string, material: string, warehouse: string, quantity: number, at: Date) {
  await t.db.sql.query(
    `INSERT INTO stock_ledger_entry (posted_at, type, material_id, warehouse_id, location_id, quantity, posted_by)
     SELECT $1, $2::"MovementType", m.id, w.id, l.id, $3, 'history' FROM material m, warehouse w JOIN location l ON l.warehouse_id = w.id
      WHERE m.code = $4 AND w.code = $5`,
    [at, type, -quantity, material, warehouse],
  );
}

async function runToEnd(input: object, auth?: string) {
  const started = await t.gql(START, { input }, auth ? { auth } : {});
  expect(started.errors).toBeUndefined();
  const [run] = started.data.startForecastRun;
  expect(run.status).toBe("QUEUED");
  const done = await until(async () => {
    const r = (await t.gql(`query($id: ID!) { forecastRun(id: $id) { id status progress counts error } }`, { id: run.id })).data.forecastRun;
    return (r.status === "COMPLETED" || r.status === "FAILED") && r;
  }, "the forecast run to end");
  expect(done.error).toBeNull();
  return done;
}

beforeAll(async () => {
  t = await startTestHub();
  await t.db.sql.query(`INSERT INTO unit_of_measure (code, name, precision) VALUES ('EA', 'each', 0)`);
  await t.db.sql.query(`INSERT INTO warehouse (code, name) VALUES ('W1', 'Plant'), ('W2', 'Store')`);
  await t.db.sql.query(`INSERT INTO location (warehouse_id, code, name) SELECT id, 'A1', 'Rack' FROM warehouse`);
  for (const code of ["KETTLE", "SPARE", "IDLE"]) {
    const created = await t.gql(`mutation($c: String!) { createMaterial(input: { code: $c, name: $c, uomCode: "EA", type: BUY, leadTimeDays: 0 }) { id } }`, { c: code });
    expect(created.errors).toBeUndefined();
  }
  const kinds = ["ISSUE", "BACKFLUSH", "TRANSFER_SHIP"];
  for (let i = 0; i < 12; i++) {
    const wednesday = new Date(weekOf(i).getTime() + 2 * 86_400_000);
    await post(kinds[i % 3], "KETTLE", "W1", 10, wednesday);
    await post("ISSUE", "KETTLE", "W2", 99, wednesday);
    // not demand: scrap and adjustments
    await post("SCRAP", "KETTLE", "W1", 1, wednesday);
    await post("ADJUSTMENT", "KETTLE", "W1", 2, wednesday);
  }
  await post("ISSUE", "SPARE", "W1", 4, day("2026-11-17"));
  await post("ISSUE", "SPARE", "W1", 6, day("2026-11-25"));
}, 120_000);
afterAll(() => t?.stop());

describe("demand history", () => {
  test("issues, backflush and shipments per material, warehouse and week; scrap and adjustments are not demand", async () => {
    const points = await demandHistory(t.db.sql, { bucket: "WEEK", from: day("2026-09-07"), to: day("2026-11-30"), warehouseIds: undefined });
    const w1 = (await t.db.sql.query<{ id: number }>(`SELECT id FROM warehouse WHERE code = 'W1'`))[0].id;
    const [kettle, spare] = (await t.db.sql.query<{ id: number }>(`SELECT id FROM material WHERE code IN ('KETTLE', 'SPARE') ORDER BY code`)).map((r) => r.id);
    const kettleW1 = points.filter((p) => p.materialId === kettle && p.warehouseId === w1);
    expect(kettleW1.map((p) => [p.bucketStart.toISOString().slice(0, 10), Number(p.quantity)])).toEqual(
      Array.from({ length: 12 }, (_, i) => [weekOf(i).toISOString().slice(0, 10), 10]),
    );
    expect(points.filter((p) => p.materialId === kettle && p.warehouseId !== w1).every((p) => Number(p.quantity) === 99)).toBe(true);
    expect(points.filter((p) => p.materialId === spare).map((p) => Number(p.quantity))).toEqual([4, 6]);
  });

  test("movements posted through the graph today are in today's bucket", async () => {
    const receive = await t.gql(`mutation { receiveStock(input: { materialCode: "IDLE", warehouseCode: "W1", locationCode: "A1", quantity: "50" }) { replayed } }`);
    expect(receive.errors).toBeUndefined();
    for (const quantity of ["7", "3"]) {
      const issued = await t.gql(`mutation($q: Decimal!) { issueStock(input: { materialCode: "IDLE", warehouseCode: "W1", locationCode: "A1", quantity: $q }) { replayed } }`, { q: quantity });
      expect(issued.errors).toBeUndefined();
    }
    const scrapped = await t.gql(`mutation { scrapStock(input: { materialCode: "IDLE", warehouseCode: "W1", locationCode: "A1", quantity: "5", reasonCode: "DAMAGE" }) { replayed } }`);
    expect(scrapped.errors).toBeUndefined();
    const now = new Date();
    const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    const [idle] = await t.db.sql.query<{ id: number }>(`SELECT id FROM material WHERE code = 'IDLE'`);
    const points = await demandHistory(t.db.sql, { bucket: "DAY", from: today, to: new Date(today.getTime() + 86_400_000), materialIds: [idle.id] });
    expect(points.map((p) => [p.bucketStart.getTime(), Number(p.quantity)])).toEqual([[today.getTime(), 10]]);
  });
});

describe("bad input: a typed error naming the field, nothing written", () => {
  const runs = async () => (await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM forecast_run`))[0].n;
  const events = async () => (await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM event WHERE topic = 'forecast.progress'`))[0].n;
  test.each([
    ["horizon 0", { horizonBuckets: 0 }, "horizonBuckets"],
    ["a negative horizon", { horizonBuckets: -2 }, "horizonBuckets"],
    ["a hold-out as long as the history", { holdOutBuckets: 12 }, "holdOutBuckets"],
    ["a hold-out longer than the history", { holdOutBuckets: 20 }, "holdOutBuckets"],
    ["too short a history", { historyBuckets: 4, holdOutBuckets: 2 }, "historyBuckets"],
    ["no history at all", { historyBuckets: 0 }, "historyBuckets"],
    ["a named material without any history", { materialCodes: ["IDLE"] }, "materialCodes"],
    ["a named material whose history is too short", { materialCodes: ["KETTLE", "SPARE"] }, "materialCodes"],
    ["no warehouse", { warehouseCodes: [] }, "warehouseCodes"],
  ])("%s", async (_, change, field) => {
    const before = [await runs(), await events()];
    const res = await t.gql(START, { input: { ...RUN, ...change } });
    expect(res.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
    expect([await runs(), await events()]).toEqual(before);
  });

  test("an unknown method is refused by the schema, naming it", async () => {
    const res = await t.gql(START, { input: { ...RUN, methods: ["ARIMA"] } });
    expect(res.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(res.errors?.[0].message).toMatch(/methods.*ARIMA|ARIMA.*ForecastMethod/);
    expect(await runs()).toBe(0);
  });

  test("only planners start runs", async () => {
    const res = await t.gql(START, { input: RUN }, { auth: await t.token([Role.VIEWER]) });
    expect(res.errors?.[0].extensions?.code).toBe("FORBIDDEN");
  });
});

describe("a forecast run", () => {
  let runId: string;

  test("runs as a job with progress, forecasts each material with history and skips the rest", async () => {
    const run = await runToEnd(RUN);
    runId = run.id;
    // SPARE has 2 buckets of history since its first demand (3 needed before a hold-out of 3); IDLE's demand is not in the window
    expect(run.counts).toEqual({ materials: 1, skipped: 1, MOVING_AVERAGE: 1 });
    const progress = await t.db.sql.query<{ status: string; percent: number }>(
      `SELECT payload->>'status' AS status, (payload->>'percent')::int AS percent FROM event WHERE topic = 'forecast.progress' AND (payload->>'runId')::int = $1 ORDER BY id`,
      [Number(runId)],
    );
    expect(progress[0]).toEqual({ status: "QUEUED", percent: 0 });
    expect(progress.slice(1, -1).every((p) => p.status === "RUNNING")).toBe(true);
    expect(progress[progress.length - 1]).toEqual({ status: "COMPLETED", percent: 100 });
  });

  test("runs started at once by several planners all complete, and leave one forecast per bucket", async () => {
    const runs = await Promise.all(Array.from({ length: 4 }, () => runToEnd(RUN)));
    expect(runs.map((r) => r.status)).toEqual(["COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED"]);
    const rows = await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM forecast f JOIN material m ON m.id = f.material_id WHERE m.code = 'KETTLE'`);
    expect(rows[0].n).toBe(RUN.horizonBuckets);
  });

  test("the graph shows the method chosen and every method's hold-out accuracy", async () => {
    const res = await t.gql(FORECASTS, { w: "W1" });
    expect(res.errors).toBeUndefined();
    expect(res.data.forecasts.totalCount).toBe(1);
    const [kettle] = res.data.forecasts.nodes;
    // a flat 10 a week: moving average, SES and Croston forecast it exactly (MAPE 0; the tie goes to the
    // moving average); SBA's (1 − α/2) bias correction is best at the smallest α, 0.1: 5 % low
    expect(kettle.method).toBe("MOVING_AVERAGE");
    const score = Object.fromEntries(kettle.accuracy.map((a: any) => [a.method, a]));
    expect(Object.keys(score).sort()).toEqual(["CROSTON", "MOVING_AVERAGE", "SBA", "SES"]); // Holt-Winters needs two years of weeks
    expect(score.MOVING_AVERAGE).toMatchObject({ mape: 0, wape: 0, chosen: true });
    expect(score.SBA.mape).toBeCloseTo(100 * (0.1 / 2), 9);
    expect(kettle.buckets).toEqual(["2026-11-30", "2026-12-07", "2026-12-14", "2026-12-21"].map((d) => ({
      bucketStart: `${d}T00:00:00.000Z`, forecast: "10", override: null, quantity: "10",
    })));
  });

  test("a planner's override replaces a bucket's quantity and is kept across runs; removing it restores the forecast", async () => {
    const set = await t.gql(`mutation($q: Decimal) { setForecastOverride(input: { materialCode: "KETTLE", warehouseCode: "W1", bucketStart: "2026-12-14T00:00:00Z", quantity: $q, note: "promotion" }) {
      removed override { materialCode warehouseCode quantity bucketStart note } } }`, { q: "25" });
    expect(set.errors).toBeUndefined();
    expect(set.data.setForecastOverride.override).toEqual({ materialCode: "KETTLE", warehouseCode: "W1", quantity: "25", bucketStart: "2026-12-14T00:00:00.000Z", note: "promotion" });
    // not a bucket start (a Tuesday) and negative quantities are refused
    const tuesday = await t.gql(`mutation { setForecastOverride(input: { materialCode: "KETTLE", warehouseCode: "W1", bucketStart: "2026-12-15T00:00:00Z", quantity: "5" }) { removed } }`);
    expect(tuesday.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "bucketStart" });
    const negative = await t.gql(`mutation { setForecastOverride(input: { materialCode: "KETTLE", warehouseCode: "W1", bucketStart: "2026-12-07T00:00:00Z", quantity: "-5" }) { removed } }`);
    expect(negative.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "quantity" });

    await runToEnd(RUN);
    const after = (await t.gql(FORECASTS, { w: "W1", m: "KETTLE" })).data.forecasts.nodes[0];
    expect(after.buckets[2]).toEqual({ bucketStart: "2026-12-14T00:00:00.000Z", forecast: "10", override: "25", quantity: "25" });
  });

  test("MRP plans from the forecast less the sales orders of its week (overrides included)", async () => {
    for (const [quantity, due, source] of [["4", "2026-12-09", "SALES_ORDER"], ["15", "2026-12-23", "SALES_ORDER"], ["2", "2026-12-01", "MPS"]]) {
      const res = await t.gql(`mutation($input: MpsLineInput!) { createMpsLine(input: $input) { id } }`, {
        input: { materialCode: "KETTLE", warehouseCode: "W1", quantity, dueDate: `${due}T00:00:00Z`, source },
      });
      expect(res.errors).toBeUndefined();
    }
    const started = await t.gql(`mutation { startMrpRun(input: { warehouseCode: "W1", bucket: WEEK, horizonBuckets: 4, startDate: "2026-11-30T00:00:00Z" }) { id } }`);
    expect(started.errors).toBeUndefined();
    const status = await until(async () => {
      const r = (await t.gql(`query($id: ID!) { mrpRun(id: $id) { status error } }`, { id: started.data.startMrpRun.id })).data.mrpRun;
      return (r.status === "COMPLETED" || r.status === "FAILED") && r;
    }, "the MRP run to end");
    expect(status).toEqual({ status: "COMPLETED", error: null });
    const plan = await t.gql(`{ purchaseSuggestions(warehouseCode: "W1", materialCode: "KETTLE") { nodes { quantity dueDate pegs { mpsLineId pseudoDemand quantity } } } }`);
    const weeks = plan.data.purchaseSuggestions.nodes.map((n: any) => ({
      week: n.dueDate.slice(0, 10),
      quantity: Number(n.quantity),
      forecast: n.pegs.filter((p: any) => p.pseudoDemand === "FORECAST").reduce((s: number, p: any) => s + Number(p.quantity), 0),
    }));
    // forecast in a week = max(0, forecast − sales orders there); MPS lines add up; the override (25) stands for the forecast
    expect(weeks).toEqual([
      { week: "2026-11-30", quantity: 10 + 2, forecast: 10 },
      { week: "2026-12-07", quantity: 4 + Math.max(0, 10 - 4), forecast: 10 - 4 },
      { week: "2026-12-14", quantity: 25, forecast: 25 },
      { week: "2026-12-21", quantity: 15 + Math.max(0, 10 - 15), forecast: 0 },
    ]);
  });

  test("removing the override restores the computed quantity", async () => {
    const removed = await t.gql(`mutation { setForecastOverride(input: { materialCode: "KETTLE", warehouseCode: "W1", bucketStart: "2026-12-14T00:00:00Z", quantity: null }) { removed override { quantity } } }`);
    expect(removed.data.setForecastOverride).toEqual({ removed: true, override: null });
    const after = (await t.gql(FORECASTS, { w: "W1", m: "KETTLE" })).data.forecasts.nodes[0];
    expect(after.buckets[2]).toEqual({ bucketStart: "2026-12-14T00:00:00.000Z", forecast: "10", override: null, quantity: "10" });
  });

  test("an identity limited to W2 sees none of W1's forecasts or runs", async () => {
    const limited = await t.token([Role.PLANNER], ["W2"]);
    const list = await t.gql(FORECASTS, { w: "W1" }, { auth: limited });
    expect(list.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const run = await t.gql(`query($id: ID!) { forecastRun(id: $id) { id } }`, { id: runId }, { auth: limited });
    expect(run.errors?.[0].extensions?.code).toBe("NOT_FOUND");
    const start = await t.gql(START, { input: RUN }, { auth: limited });
    expect(start.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const override = await t.gql(`mutation { setForecastOverride(input: { materialCode: "KETTLE", warehouseCode: "W1", bucketStart: "2026-12-14T00:00:00Z", quantity: "1" }) { removed } }`, {}, { auth: limited });
    expect(override.errors?.[0].extensions?.code).toBe("FORBIDDEN");
  });

  test("a material none of the methods asked for can fit is skipped, and its forecast kept", async () => {
    // Holt-Winters needs two years of weeks: 12 are not enough
    const run = await runToEnd({ ...RUN, methods: ["HOLT_WINTERS"] });
    expect(run).toMatchObject({ status: "COMPLETED", counts: { materials: 0, skipped: 2 } });
    const kept = (await t.gql(FORECASTS, { w: "W1", m: "KETTLE" })).data.forecasts.nodes[0];
    expect(kept.method).toBe("MOVING_AVERAGE");
  });
});
