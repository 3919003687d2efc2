/**
 * Net change of warehouses planned together (a multi-warehouse run), through the real server (NET_CHANGE=1): after
 * stock and demand changes in either warehouse the current plans — planned orders, purchase suggestions, planned
 * transfers, open planning exceptions — equal what a new run of the group plans from the same data, and the
 * destination never buys what a planned transfer brings.
 *
 * PLANT and DC, a transit lane DC → PLANT of 2 days; daily buckets from 2026-11-30.
 *   FG (make, 2 days) = 2 × PART (buy, 3 days); PLANT needs 10 FG due 12-20 → FG 10 released 12-18 → PART 20 due 12-18.
 *   DC holds 15 PART → a transfer of 15 leaving 12-16, PLANT buys 5.
 *   RAW (buy, 3 days): PLANT needs 20 due 12-14, DC holds 50 → a transfer of 20 leaving 12-12, nothing bought.
 */
import { inTransaction } from "../../src/db/transaction";
import { planWarehouses } from "../../src/domain/mrp";
import { loadWarehousesInput } from "../../src/domain/planning/load-warehouses-input";
import { snapshotOf, storedSnapshot } from "../../src/domain/planning/net-change-group";
import { startTestHub, type TestHub } from "../support/test-hub";
import { until } from "../support/until";

let t: TestHub;
const RUN = { warehouseCodes: ["PLANT", "DC"], bucket: "DAY", horizonBuckets: 30, startDate: "2026-11-30T00:00:00Z" };

const ok = async (query: string, variables: Record<string, unknown> = {}) => {
  const res = await t.gql(query, variables);
  expect(res.errors).toBeUndefined();
  return res.data;
};

const receive = (code: string, warehouse: string, quantity: string) =>
  ok(`mutation($input: ReceiveStockInput!) { receiveStock(input: $input) { replayed } }`, { input: { materialCode: code, warehouseCode: warehouse, locationCode: "A1", quantity } });
const issue = (code: string, warehouse: string, quantity: string) =>
  ok(`mutation($input: IssueStockInput!) { issueStock(input: $input) { replayed } }`, { input: { materialCode: code, warehouseCode: warehouse, quantity } });

const PEGS = `pegs { mpsLineId pseudoDemand quantity }`;
const pegs = (list: { mpsLineId: string | null; pseudoDemand: string | null; quantity: string }[]) => list.map((p) => `${p.mpsLineId ?? p.pseudoDemand}=${p.quantity}`).sort().join(",");
const day = (d: string) => d.slice(0, 10);

/** A warehouse's current plan, comparable whatever the ids: supplies, transfers into or out of it, open planning exceptions. */
async function planOf(warehouse: string) {
  const data = await ok(`query {
    plannedOrders(warehouseCode: "${warehouse}", first: 100) { nodes { mrpRunId material { code } quantity releaseDate dueDate ${PEGS} } }
    purchaseSuggestions(warehouseCode: "${warehouse}", first: 100) { nodes { mrpRunId material { code } quantity releaseDate dueDate ${PEGS} } }
    plannedTransfers(warehouseCode: "${warehouse}") { nodes { material { code } fromWarehouse { code } toWarehouse { code } quantity shipDate dueDate status ${PEGS} } }
    exceptions(filter: { warehouseCode: "${warehouse}", types: [LATE, EXCESS, UNCOVERED_DEMAND], statuses: [OPEN, ACKNOWLEDGED] }, first: 100) { nodes { type materialId message } } }`);
  type Supply = { material: { code: string }; quantity: string; releaseDate: string; dueDate: string; pegs: [] };
  const supply = (kind: string) => (s: Supply) => `${kind} ${s.material.code} ${s.quantity} ${day(s.releaseDate)}→${day(s.dueDate)} ${pegs(s.pegs)}`;
  return {
    supplies: [...data.plannedOrders.nodes.map(supply("MAKE")), ...data.purchaseSuggestions.nodes.map(supply("BUY"))].sort() as string[],
    transfers: data.plannedTransfers.nodes
      .map((x: Supply & { fromWarehouse: { code: string }; toWarehouse: { code: string }; shipDate: string; status: string }) =>
        `${x.material.code} ${x.fromWarehouse.code}→${x.toWarehouse.code} ${x.quantity} ${day(x.shipDate)}→${day(x.dueDate)} ${x.status} ${pegs(x.pegs)}`)
      .sort() as string[],
    exceptions: data.exceptions.nodes.map((e: { type: string; materialId: string; message: string }) => `${e.type} ${e.materialId} ${e.message}`).sort() as string[],
  };
}
const plans = async () => ({ PLANT: await planOf("PLANT"), DC: await planOf("DC") });

/** Runs the group and waits until both its runs are current. */
async function groupRun(): Promise<string[]> {
  const id = (await ok(`mutation($input: MrpRunInput!) { startMrpRun(input: $input) { id } }`, { input: RUN })).startMrpRun.id;
  return until(async () => {
    const r = (await ok(`query($id: ID!) { mrpRun(id: $id) { groupRuns { id status isCurrent } } }`, { id })).mrpRun;
    const runs = r.groupRuns as { id: string; status: string; isCurrent: boolean }[];
    if (runs.some((x) => x.status === "FAILED")) throw new Error("the group run failed");
    return runs.every((x) => x.isCurrent) && runs.map((x) => x.id);
  }, "the group run", 60_000);
}

/** What PLANT buys and what is transferred into it (material:quantity), read together. */
const plantSupply = async () => {
  const p = await planOf("PLANT");
  return { buy: p.supplies.filter((s) => s.startsWith("BUY")).map((s) => s.split(" ").slice(1, 3).join(":")), transfers: p.transfers.map((s) => `${s.split(" ")[0]}:${s.split(" ")[2]}`) };
};
const untilPlant = (buy: string[], transfers: string[], what: string) =>
  until(async () => {
    const s = await plantSupply();
    return JSON.stringify(s) === JSON.stringify({ buy, transfers }) && s;
  }, what);

let runs: string[];

beforeAll(async () => {
  // debug: the planner logs a report of each cycle ("net change")
  t = await startTestHub({ env: { NET_CHANGE: "1", LOG_LEVEL: "debug" } });
  await ok(`mutation { createUnit(input: { code: "EA", name: "each", precision: 0 }) { code } }`);
  for (const w of ["PLANT", "DC"]) {
    await ok(`mutation { createWarehouse(input: { code: "${w}", name: "${w}" }) { code } }`);
    await ok(`mutation { createLocation(input: { warehouseCode: "${w}", code: "A1", name: "Rack", kind: STORAGE }) { code } }`);
  }
  await ok(`mutation { createMaterial(input: { code: "FG", name: "FG", uomCode: "EA", type: MAKE, leadTimeDays: 2 }) { code } }`);
  for (const m of ["PART", "RAW"]) await ok(`mutation { createMaterial(input: { code: "${m}", name: "${m}", uomCode: "EA", type: BUY, leadTimeDays: 3 }) { code } }`);
  await ok(`mutation { replaceBom(input: { materialCode: "FG", baseQuantity: "1", lines: [{ componentCode: "PART", quantityPer: "2" }] }) { id } }`);
  await receive("PART", "DC", "15");
  await receive("RAW", "DC", "50");
  await ok(`mutation { setTransitLane(input: { fromWarehouseCode: "DC", toWarehouseCode: "PLANT", transitDays: 2 }) { transitDays } }`);
  await ok(`mutation { createMpsLine(input: { materialCode: "FG", warehouseCode: "PLANT", quantity: "10", dueDate: "2026-12-20T00:00:00Z" }) { id } }`);
  await ok(`mutation { createMpsLine(input: { materialCode: "RAW", warehouseCode: "PLANT", quantity: "20", dueDate: "2026-12-14T00:00:00Z" }) { id } }`);
  runs = await groupRun();
}, 120_000);
afterAll(() => t?.stop());

test("the group run covers PLANT's shortages by transfers from DC and buys the rest", async () => {
  expect(await plantSupply()).toEqual({ buy: ["PART:5"], transfers: ["PART:15", "RAW:20"] });
});

test("what the group's runs store compares equal to the same plan computed again: net change writes nothing when nothing changed", async () => {
  const rows = await t.db.sql.query<{ id: number; warehouseId: number }>(`SELECT id, warehouse_id AS "warehouseId" FROM mrp_run WHERE is_current ORDER BY id`);
  const parameters = { startDate: new Date(RUN.startDate), bucket: "DAY" as const, horizonBuckets: RUN.horizonBuckets };
  const loaded = await inTransaction(t.db, (tx) => loadWarehousesInput(tx, rows.map((r) => r.warehouseId), parameters));
  const computed = snapshotOf(planWarehouses(loaded.warehouses, loaded.lanes));
  const stored = await storedSnapshot(t.db.sql, { groupId: rows[0].id, runs: new Map(rows.map((r) => [r.warehouseId, r.id])), parameters, stored: undefined });
  expect(computed.transfers.size).toBe(2);
  expect(stored.supplies).toEqual(computed.supplies);
  expect(stored.transfers).toEqual(computed.transfers);
  expect([...computed.exceptions.values()].some((m) => m.size > 0)).toBe(true);
  expect(stored.exceptions).toEqual(computed.exceptions);
});

test("a receipt at the source moves the destination's purchase into a larger transfer", async () => {
  await receive("PART", "DC", "10");
  // DC holds 25 PART: all 20 are transferred, PLANT buys none
  await untilPlant([], ["PART:20", "RAW:20"], "the plan to follow the receipt at DC");
  const marked = await t.db.sql.query<{ id: number }>(`SELECT id FROM mrp_run WHERE is_current AND net_change_at IS NOT NULL ORDER BY id`);
  expect(marked.map((r) => String(r.id))).toEqual(runs);
});

test("stock at the destination lowers its transfer, and it does not buy what a transfer brings", async () => {
  await receive("RAW", "PLANT", "5");
  await untilPlant([], ["PART:20", "RAW:15"], "the plan to follow the receipt at PLANT");
  await issue("RAW", "PLANT", "2");
  await untilPlant([], ["PART:20", "RAW:17"], "the plan to follow the issue at PLANT");
});

test("after demand at the destination and an issue at the source, the current plans equal a new run of the group on the same data", async () => {
  await ok(`mutation { createMpsLine(input: { materialCode: "FG", warehouseCode: "PLANT", quantity: "5", dueDate: "2026-12-20T00:00:00Z" }) { id } }`);
  await issue("PART", "DC", "10");
  // FG 15 → PART 30 at PLANT; DC holds 15: a transfer of 15, 15 bought
  await untilPlant(["PART:15"], ["PART:15", "RAW:17"], "the plan to follow the demand and the issue");
  const netChanged = await plans();
  expect(netChanged.PLANT.supplies.filter((s) => s.startsWith("MAKE")).map((s) => s.split(" ").slice(1, 3).join(":"))).toEqual(["FG:15"]);
  expect(netChanged.DC.transfers).toEqual(netChanged.PLANT.transfers);
  expect((await t.db.sql.query(`SELECT count(*)::int AS n FROM mrp_run`))[0]).toEqual({ n: 2 });

  const next = await groupRun();
  expect(next).not.toEqual(runs);
  expect(await plans()).toEqual(netChanged);
  runs = next;
});

test("net change follows the group's new runs", async () => {
  await receive("PART", "DC", "5");
  await untilPlant(["PART:10"], ["PART:20", "RAW:17"], "the plan to follow the receipt at DC");
  const netChanged = await plans();
  const planRuns = await ok(`query { plannedOrders(warehouseCode: "PLANT", first: 10) { nodes { mrpRunId } } }`);
  expect(planRuns.plannedOrders.nodes.map((n: { mrpRunId: string }) => n.mrpRunId)).toEqual([runs[0]]);
  await groupRun();
  expect(await plans()).toEqual(netChanged);
});

test("a run of the source alone takes it out of the group: the destination is re-planned without its transfers", async () => {
  const id = (await ok(`mutation($input: MrpRunInput!) { startMrpRun(input: $input) { id } }`, { input: { ...RUN, warehouseCodes: undefined, warehouseCode: "DC" } })).startMrpRun.id;
  await until(async () => (await ok(`query($id: ID!) { mrpRun(id: $id) { isCurrent } }`, { id })).mrpRun.isCurrent, "the run of DC");
  // PLANT alone buys all it needs: PART 2 × 15, RAW 20 − 3 on hand
  await untilPlant(["PART:30", "RAW:17"], [], "PLANT re-planned without DC");
  expect((await planOf("DC")).transfers).toEqual([]);
});
