/**
 * Inventory policies over the real hub (demo plant): safety stock and reorder point from a posted demand
 * history and purchase-order lead times, low-stock alerts at the reorder point, ABC/XYZ classes from a
 * consumption table built through the graph, what each recomputation changed, and bad input refused with
 * nothing written. Expected values are computed here from the data the test posts.
 * The history is posted as the demo's is: through the services, `atTime` its day (src/runtime/clock.ts).
 */
import { SYSTEM } from "../../src/auth/principal";
import { Role } from "../../src/auth/roles";
import { atTime } from "../../src/runtime/clock";
import { startTestHub, wsEvents, type TestHub } from "../support/test-hub";

let t: TestHub;
const DAY = 86_400_000;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const ok = (res: { errors?: readonly unknown[]; data?: any }): any => {
  expect(res.errors).toBeUndefined();
  return res.data;
};
const gql = async (query: string, variables: Record<string, unknown> = {}) => ok(await t.gql(query, variables));
const refusal = (res: { errors?: readonly any[] }) => ({ code: res.errors?.[0]?.extensions?.code, field: res.errors?.[0]?.extensions?.field });

const RECOMPUTE = `mutation($input: RecomputeInventoryPoliciesInput) { recomputeInventoryPolicies(input: $input) {
  recomputationId classified policies
  changes { material { code } warehouse { code } oldSafetyStock newSafetyStock oldReorderPoint newReorderPoint oldAbcClass newAbcClass oldXyzClass newXyzClass } } }`;
const POLICY = `query($m: String) { inventoryPolicies(warehouseCode: "DC-1", materialCode: $m) {
  material { code } warehouse { code } serviceLevel z bucket historyBuckets meanDemand demandSigma leadTimeDays leadTimeSigmaDays leadTimeSamples safetyStock reorderPoint } }`;

/** Sample standard deviation, as a statistics book writes it. */
const sampleSigma = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1));
};
const ceilTo3 = (x: number) => Math.ceil(x * 1000) / 1000;

/** Monday 00:00 UTC of the current ISO week. */
const thisWeek = () => {
  const d = new Date();
  const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY);
};

// S-01 in DC-1: eight complete weeks of demand, mean 100, Σ(d − d̄)² = 1200
const WEEKS = [80, 90, 100, 110, 120, 90, 110, 100];
// three purchase orders received 10, 12 and 14 days after they were placed: σLT = 2 days
const ORDERS: [week: number, days: number][] = [[0, 10], [2, 12], [4, 14]];
// standard normal quantiles from a table
const Z98 = 2.053748911;
const Z90 = 1.281551566;

let ss: number;
let rop: number;

beforeAll(async () => {
  t = await startTestHub({ demo: true });
  await gql(`mutation { createMaterial(input: { code: "S-01", name: "Steady seller", uomCode: "KG", type: BUY, leadTimeDays: 14, abcClass: A }) { id } }`);
  await gql(`mutation { receiveStock(input: { materialCode: "S-01", warehouseCode: "DC-1", locationCode: "B-01", quantity: "2000" }) { replayed } }`);
  const monday = thisWeek();
  const weekStart = (k: number) => new Date(monday.getTime() - (WEEKS.length - k) * 7 * DAY);
  const s = t.hub.services;
  for (const [k, quantity] of WEEKS.entries()) {
    await atTime(new Date(weekStart(k).getTime() + DAY + 10 * 3_600_000), () =>
      s.stock.issue({ materialCode: "S-01", warehouseCode: "DC-1", locationCode: "B-01", quantity: String(quantity) }, SYSTEM));
  }
  for (const [i, [week, days]] of ORDERS.entries()) {
    const ordered = new Date(weekStart(week).getTime() + 2 * DAY);
    const number = `PO-S01-${i}`;
    await atTime(ordered, () => s.purchaseOrders.sync({ number, materialCode: "S-01", warehouseCode: "DC-1", quantity: "50", dueDate: new Date(ordered.getTime() + 14 * DAY) }, SYSTEM));
    await atTime(new Date(ordered.getTime() + days * DAY), () =>
      s.stock.receive({ materialCode: "S-01", warehouseCode: "DC-1", locationCode: "B-01", purchaseOrderNumber: number, quantity: "50" }, SYSTEM));
  }
}, 180_000);
afterAll(() => t?.stop());

describe("safety stock and reorder point", () => {
  test("computed from eight weeks of demand and three purchase orders' lead times, at class A's 98 %", async () => {
    const sigmaD = Math.sqrt(1200 / 7);
    // LT 14 days = 2 weeks, σLT 2 days = 2/7 week
    const exact = Z98 * Math.sqrt(2 * sigmaD ** 2 + 100 ** 2 * (2 / 7) ** 2);
    ss = ceilTo3(exact);
    rop = ceilTo3(exact + 100 * 2);

    const run = (await gql(RECOMPUTE, { input: { warehouseCode: "DC-1", historyBuckets: 8 } })).recomputeInventoryPolicies;
    expect(run).toMatchObject({ classified: false, policies: 1 });
    expect(run.changes).toEqual([{
      material: { code: "S-01" }, warehouse: { code: "DC-1" }, oldSafetyStock: null, newSafetyStock: String(ss), oldReorderPoint: null, newReorderPoint: String(rop),
      oldAbcClass: null, newAbcClass: null, oldXyzClass: null, newXyzClass: null,
    }]);
    const [p] = (await gql(POLICY, { m: "S-01" })).inventoryPolicies;
    expect(p).toMatchObject({ material: { code: "S-01" }, warehouse: { code: "DC-1" }, serviceLevel: 0.98, bucket: "WEEK", historyBuckets: 8, leadTimeSamples: 3 });
    expect(p.z).toBeCloseTo(Z98, 8);
    expect(Number(p.meanDemand)).toBe(100);
    expect(Number(p.demandSigma)).toBeCloseTo(sigmaD, 6);
    expect(Number(p.leadTimeDays)).toBe(14);
    expect(Number(p.leadTimeSigmaDays)).toBe(2);
    expect(Number(p.safetyStock)).toBe(ss);
    expect(Number(p.reorderPoint)).toBe(rop);
  });

  test("a recomputation that changes nothing lists nothing", async () => {
    const run = (await gql(RECOMPUTE, { input: { warehouseCode: "DC-1", historyBuckets: 8 } })).recomputeInventoryPolicies;
    expect(run).toMatchObject({ policies: 1, changes: [] });
  });

  test("low stock is raised when available stock falls below the reorder point, not the bare safety stock", async () => {
    const available = 2000 + 3 * 50 - 800;
    expect(rop).toBeGreaterThan(ss);
    const issue = (q: string) => gql(`mutation($q: Decimal!) { issueStock(input: { materialCode: "S-01", warehouseCode: "DC-1", locationCode: "B-01", quantity: $q }) { replayed } }`, { q });
    // down to the reorder point exactly: not below it yet
    await issue((available - rop).toFixed(3));
    await issue("0.001");
    const LOW = `subscription { stockLow(warehouseCode: "DC-1", afterEventId: "0") { materialCode available safetyStock reorderPoint } }`;
    const events = (await wsEvents(t.ws(), LOW, {}, (seen) => seen.some((e) => e.stockLow.materialCode === "S-01"))).map((e) => e.stockLow).filter((e) => e.materialCode === "S-01");
    expect(events).toHaveLength(1);
    expect(Number(events[0].available)).toBeCloseTo(rop - 0.001, 6);
    expect(Number(events[0].reorderPoint)).toBe(rop);
    expect(Number(events[0].safetyStock)).toBe(ss);
  });

  test("below the reorder point now: lowStock lists it, within the caller's warehouses, until stock rises above", async () => {
    const LOW_NOW = `query($w: String, $first: Int) { lowStock(warehouseCode: $w, first: $first) { totalCount nodes { materialCode warehouseCode available safetyStock reorderPoint } } }`;
    const s01 = (res: any) => res.lowStock.nodes.filter((n: any) => n.materialCode === "S-01");
    const [row] = s01(await gql(LOW_NOW, { w: "DC-1" }));
    expect(row).toMatchObject({ warehouseCode: "DC-1", reorderPoint: String(rop), safetyStock: String(ss) });
    expect(Number(row.available)).toBeCloseTo(rop - 0.001, 6);
    // every warehouse in scope when none is named: DC-1's identity sees it, PLANT-1's does not
    const as = async (warehouses: string[]) => ok(await t.gql(LOW_NOW, {}, { auth: await t.token([Role.VIEWER], warehouses) }));
    expect(s01(await as(["DC-1"]))).toHaveLength(1);
    const plant = await as(["PLANT-1"]);
    expect(plant.lowStock.nodes.every((n: any) => n.warehouseCode === "PLANT-1")).toBe(true);
    expect(refusal(await t.gql(LOW_NOW, { w: "DC-1" }, { auth: await t.token([Role.VIEWER], ["PLANT-1"]) })).code).toBe("FORBIDDEN");
    expect(refusal(await t.gql(LOW_NOW, { first: 0 }))).toEqual({ code: "BAD_USER_INPUT", field: "first" });
    expect(refusal(await t.gql(LOW_NOW, { first: -1 }))).toEqual({ code: "BAD_USER_INPUT", field: "first" });
    // the most short first, and `first` limits the list, not the count
    const all = (await gql(LOW_NOW, {})).lowStock;
    const ratios = all.nodes.map((n: any) => Number(n.available) / Number(n.reorderPoint));
    expect(ratios).toEqual([...ratios].sort((a, b) => a - b));
    expect((await gql(LOW_NOW, { first: 1 })).lowStock).toEqual({ totalCount: all.totalCount, nodes: all.nodes.slice(0, 1) });
    // back at the reorder point: off the list
    await gql(`mutation { receiveStock(input: { materialCode: "S-01", warehouseCode: "DC-1", locationCode: "B-01", quantity: "0.001" }) { replayed } }`);
    expect(s01(await gql(LOW_NOW, { w: "DC-1" }))).toEqual([]);
  });

  test("MRP plans to the computed safety stock of the warehouse (the material's own is 0)", async () => {
    const WHAT_IF = `query($onHand: Decimal!) { mrpWhatIf(run: { warehouseCode: "DC-1", horizonBuckets: 4 }, overrides: { onHand: [{ materialCode: "S-01", quantity: $onHand }] }) {
      purchaseSuggestions { materialId quantity } } }`;
    const [{ id }] = await t.db.sql.query<{ id: number }>(`SELECT id FROM material WHERE code = 'S-01'`);
    const suggested = async (onHand: string) =>
      (await gql(WHAT_IF, { onHand })).mrpWhatIf.purchaseSuggestions.filter((s: any) => Number(s.materialId) === id).map((s: any) => Number(s.quantity));
    // 60 on hand, nothing else wanted: bought up to the safety stock
    expect(await suggested("60")).toEqual([Number((ss - 60).toFixed(3))]);
    expect(await suggested(String(ss))).toEqual([]);
  });
});

describe("bad input is refused naming the field, and nothing is written", () => {
  const written = async () =>
    (await t.db.sql.query(`SELECT (SELECT count(*) FROM inventory_policy_run)::int AS runs, (SELECT count(*) FROM classification_settings)::int AS settings,
                                  (SELECT string_agg(safety_stock::text, ',' ORDER BY id) FROM inventory_policy) AS policies`))[0];

  test.each([
    [{ serviceLevelA: 1 }, "serviceLevelA"],
    [{ serviceLevelC: 0 }, "serviceLevelC"],
    [{ abcCutoffs: [80, 15, 4] }, "abcCutoffs"],
    [{ abcCutoffs: [80, 25, -5] }, "abcCutoffs"],
    [{ xyzThresholds: [1, 0.5] }, "xyzThresholds"],
    [{ historyBuckets: 2 }, "historyBuckets"],
  ])("settings %j", async (input, field) => {
    const before = await written();
    expect(refusal(await t.gql(`mutation($i: ClassificationSettingsInput!) { setClassificationSettings(input: $i) { updatedAt } }`, { i: input })))
      .toEqual({ code: "BAD_USER_INPUT", field });
    expect(await written()).toEqual(before);
  });

  test.each([
    [{ warehouseCode: "DC-1", historyBuckets: 3 }, "historyBuckets"],
    // PLANT-1 has consumed nothing yet
    [{ warehouseCode: "PLANT-1", historyBuckets: 8 }, "history"],
  ])("recomputation %j", async (input, field) => {
    const before = await written();
    expect(refusal(await t.gql(RECOMPUTE, { input }))).toEqual({ code: "BAD_USER_INPUT", field });
    expect(await written()).toEqual(before);
  });

  test("a negative standard cost", async () => {
    expect(refusal(await t.gql(`mutation { setStandardCost(input: { materialCode: "S-01", cost: "-1", currency: "EUR" }) { cost } }`))).toEqual({ code: "BAD_USER_INPUT", field: "cost" });
  });
});

describe("who may recompute and change settings", () => {
  test("a planner of DC-1 recomputes DC-1 only; the classes and settings are the plant's", async () => {
    const planner = await t.token([Role.PLANNER], ["DC-1"]);
    const viewer = await t.token([Role.VIEWER]);
    const as = (auth: string, query: string, variables: Record<string, unknown> = {}) => t.gql(query, variables, { auth });
    expect((await as(planner, RECOMPUTE, { input: { warehouseCode: "DC-1", historyBuckets: 8 } })).errors).toBeUndefined();
    expect(refusal(await as(planner, RECOMPUTE, { input: { warehouseCode: "PLANT-1" } })).code).toBe("FORBIDDEN");
    expect(refusal(await as(planner, RECOMPUTE)).code).toBe("FORBIDDEN");
    expect(refusal(await as(planner, `mutation { setClassificationSettings(input: { serviceLevelA: 0.99 }) { updatedAt } }`)).code).toBe("FORBIDDEN");
    expect(refusal(await as(viewer, RECOMPUTE, { input: { warehouseCode: "DC-1" } })).code).toBe("FORBIDDEN");
    expect((await as(viewer, POLICY, { m: "S-01" })).data?.inventoryPolicies).toHaveLength(1);
  });

  test("inventoryPolicies without a warehouse: every warehouse the caller may see; both names of one is refused", async () => {
    const ANY = `query($m: String) { inventoryPolicies(materialCode: $m) { material { code } warehouse { code } } }`;
    const as = async (warehouses?: string[]) => ok(await t.gql(ANY, { m: "S-01" }, { auth: await t.token([Role.VIEWER], warehouses) })).inventoryPolicies;
    expect(await as()).toEqual([{ material: { code: "S-01" }, warehouse: { code: "DC-1" } }]);
    expect(await as(["DC-1"])).toEqual([{ material: { code: "S-01" }, warehouse: { code: "DC-1" } }]);
    expect(await as(["PLANT-1"])).toEqual([]);
    const all = ok(await t.gql(`{ inventoryPolicies { warehouse { code } } }`)).inventoryPolicies;
    expect(all.length).toBeGreaterThanOrEqual(1);
    const both = await t.gql(`{ inventoryPolicies(warehouseId: "1", warehouseCode: "DC-1") { safetyStock } }`);
    expect(refusal(both)).toEqual({ code: "BAD_USER_INPUT", field: "warehouse" });
  });
});

describe("ABC and XYZ classes", () => {
  // a consumption table: [code, standard cost, quantity issued this year]; values 5000, 2000, 1000, 800, 500, 300, 200, 100, 60, 40
  const TABLE: [string, string, number][] = [
    ["T-01", "10", 500], ["T-02", "2", 1000], ["T-03", "10", 100], ["T-04", "4", 200], ["T-05", "2", 250],
    ["T-06", "10", 30], ["T-07", "0.5", 400], ["T-08", "10", 10], ["T-09", "6", 10], ["T-10", "4", 10],
  ];

  /** A material is A while the value ranked above it is under 80 % of the total, B under 95 %, else C. */
  const expectedClasses = (cutoffs: [number, number]) => {
    const rows = TABLE.map(([code, cost, q]) => ({ code, value: Number(cost) * q })).sort((a, b) => b.value - a.value);
    const total = rows.reduce((s, r) => s + r.value, 0);
    let before = 0;
    const out: Record<string, string> = {};
    for (const r of rows) {
      const pct = (100 * before) / total;
      out[r.code] = pct < cutoffs[0] ? "A" : pct < cutoffs[1] ? "B" : "C";
      before += r.value;
    }
    return out;
  };

  const classesOf = async (codes: string[]) =>
    Object.fromEntries(
      await Promise.all(codes.map(async (code) => [code, (await gql(`query($c: String!) { material(code: $c) { abcClass xyzClass classifiedAt } }`, { c: code })).material])),
    );

  beforeAll(async () => {
    for (const [code, cost, quantity] of TABLE) {
      await gql(`mutation($c: String!) { createMaterial(input: { code: $c, name: $c, uomCode: "EA", type: BUY }) { id } }`, { c: code });
      await gql(`mutation($c: String!, $v: Decimal!) { setStandardCost(input: { materialCode: $c, cost: $v, currency: "EUR" }) { cost } }`, { c: code, v: cost });
      await gql(`mutation($c: String!, $q: Decimal!) { receiveStock(input: { materialCode: $c, warehouseCode: "PLANT-1", locationCode: "A-01", quantity: $q }) { replayed } }`, { c: code, q: String(quantity + 1) });
      await gql(`mutation($c: String!, $q: Decimal!) { issueStock(input: { materialCode: $c, warehouseCode: "PLANT-1", locationCode: "A-01", quantity: $q }) { replayed } }`, { c: code, q: String(quantity) });
    }
  }, 120_000);

  test("by annual consumption value with the default cut-offs 80/15/5, listing what changed", async () => {
    const expected = expectedClasses([80, 95]);
    // by hand: cumulative value before each, in %: 0, 50, 70, 80, 88, 93, 96, 98, 99, 99.6
    expect(TABLE.map(([c]) => expected[c]).join("")).toBe("AAABBBCCCC");
    const run = (await gql(RECOMPUTE)).recomputeInventoryPolicies;
    expect(run.classified).toBe(true);
    const got = await classesOf(TABLE.map(([c]) => c));
    expect(Object.fromEntries(Object.entries(got).map(([c, m]: [string, any]) => [c, m.abcClass]))).toEqual(expected);
    // consumed only this week: no complete bucket of demand, no variability to measure
    expect(Object.values(got).every((m: any) => m.xyzClass === null && m.classifiedAt !== null)).toBe(true);
    const classChanges = run.changes.filter((c: any) => c.warehouse === null);
    for (const [code] of TABLE) {
      expect(classChanges).toContainEqual(expect.objectContaining({ material: { code }, oldAbcClass: null, newAbcClass: expected[code], oldXyzClass: null, newXyzClass: null }));
    }

    // S-01 has no standard cost (no consumption value): C, and steady over 52 weeks of which 8 had demand
    const weekly = [...new Array(52 - WEEKS.length).fill(0), ...WEEKS];
    const cv = sampleSigma(weekly) / (800 / 52);
    const xyz = cv <= 0.5 ? "X" : cv <= 1 ? "Y" : "Z";
    expect(classChanges).toContainEqual(expect.objectContaining({ material: { code: "S-01" }, oldAbcClass: "A", newAbcClass: "C", oldXyzClass: null, newXyzClass: xyz }));
    // its policy in DC-1 now at class C's 90 % over the 52 weeks
    const sigma = sampleSigma(weekly);
    const mean = 800 / 52;
    const exact = Z90 * Math.sqrt(2 * sigma ** 2 + mean ** 2 * (2 / 7) ** 2);
    const change = run.changes.find((c: any) => c.material.code === "S-01" && c.warehouse?.code === "DC-1");
    expect([change.oldSafetyStock, change.newSafetyStock, change.oldReorderPoint, change.newReorderPoint].map(Number))
      .toEqual([ss, ceilTo3(exact), rop, ceilTo3(exact + mean * 2)]);
  });

  test("other cut-offs, set by an admin, give other classes; the class sets the count frequency", async () => {
    const settings = (await gql(`mutation { setClassificationSettings(input: { abcCutoffs: [50, 30, 20], countEveryDaysA: 7 }) { abcCutoffs serviceLevelA countEveryDaysA countEveryDaysB } }`))
      .setClassificationSettings;
    expect(settings).toEqual({ abcCutoffs: [50, 30, 20], serviceLevelA: 0.98, countEveryDaysA: 7, countEveryDaysB: t.config.counting.everyDays.B });
    await gql(RECOMPUTE);
    const expected = expectedClasses([50, 80]);
    const got = await classesOf(TABLE.map(([c]) => c));
    expect(Object.fromEntries(Object.entries(got).map(([c, m]: [string, any]) => [c, m.abcClass]))).toEqual(expected);

    const due = (await gql(`{ countDueByClass(warehouseCode: "PLANT-1") { abcClass everyDays locationsDue } locationsDueForCount(warehouseCode: "PLANT-1") { abcClass } }`));
    expect(due.countDueByClass.map((d: any) => [d.abcClass, d.everyDays])).toEqual([["A", 7], ["B", t.config.counting.everyDays.B], ["C", t.config.counting.everyDays.C]]);
    for (const d of due.countDueByClass) expect(d.locationsDue).toBe(due.locationsDueForCount.filter((l: any) => l.abcClass === d.abcClass).length);
    // T-01 (class A) lies in A-01 (one left of what was received): that location is due as A
    expect(due.countDueByClass[0].locationsDue).toBeGreaterThan(0);
  });

  test("the changes are kept, newest first", async () => {
    const changes = (await gql(`{ inventoryPolicyChanges(first: 500) { recomputationId material { code } warehouse { code } newAbcClass } }`)).inventoryPolicyChanges;
    const ids = changes.map((c: any) => Number(c.recomputationId));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    // T-02 (40 % of the value, 50 % before it): A at 80/15/5, then B at 50/30/20
    expect(changes.filter((c: any) => c.material.code === "T-02" && c.warehouse === null).map((c: any) => c.newAbcClass)).toEqual(["B", "A"]);
  });

  test("concurrent recomputations run one after another: each change starts where the one before ended", async () => {
    const results = await Promise.all([
      ...Array.from({ length: 3 }, () => t.gql(RECOMPUTE)),
      ...Array.from({ length: 3 }, () => t.gql(RECOMPUTE, { input: { warehouseCode: "DC-1", historyBuckets: 8 } })),
    ]);
    for (const r of results) expect(r.errors).toBeUndefined();
    const chain = await t.db.sql.query<{ old: string | null; new: string | null }>(
      `SELECT c.old_safety_stock::text AS old, c.new_safety_stock::text AS new FROM inventory_policy_change c
         JOIN material m ON m.id = c.material_id JOIN warehouse w ON w.id = c.warehouse_id
        WHERE m.code = 'S-01' AND w.code = 'DC-1' ORDER BY c.run_id`,
    );
    // 52 weeks then 8 weeks of history give different safety stocks: the runs alternate them
    expect(chain.length).toBeGreaterThan(2);
    for (let i = 1; i < chain.length; i++) expect(chain[i].old).toBe(chain[i - 1].new);
    const [stored] = (await gql(POLICY, { m: "S-01" })).inventoryPolicies;
    expect(Number(stored.safetyStock)).toBe(Number(chain[chain.length - 1].new));
  });

  test("the scheduled run recomputes everything as the system", async () => {
    const run = await t.hub.services.inventoryPolicies.recomputeAll(SYSTEM);
    expect(run.classified).toBe(true);
    const [row] = await t.db.sql.query(`SELECT trigger::text, computed_by AS by, warehouse_id AS "warehouseId" FROM inventory_policy_run WHERE id = $1`, [run.runId]);
    expect(row).toEqual({ trigger: "SCHEDULE", by: "system", warehouseId: null });
  });
});
