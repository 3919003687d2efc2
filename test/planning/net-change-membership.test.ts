/**
 * Net change follows which materials are planned (NET_CHANGE=1, the real server): a material archived after the
 * run leaves the current plan — its suggestions and open planning exceptions, and with its BOM its components'
 * dependent demand — and one created after the run enters it, each as a full run on the same data plans it.
 *
 * The plant: FG (make, 7 days) = 2 × PART; KIT (make, 7 days) = 1 × PART; PART (buy, 14 days); TOOL (buy, 7 days,
 * in no BOM) — weekly buckets from Monday 2026-11-30. Demand: 10 FG and 4 KIT due 2026-12-28, 5 TOOL due
 * 2026-12-01 (too late to buy: a LATE exception) and a purchase order of 2 TOOL.
 */
import { startTestHub, type TestHub } from "../support/test-hub";
import { until } from "../support/until";

let t: TestHub;
const RUN = { warehouseCode: "W1", bucket: "WEEK", horizonBuckets: 8, startDate: "2026-11-30T00:00:00Z" };

const SUPPLY = `kind material { code } quantity releaseDate dueDate pegs { mpsLineId pseudoDemand quantity }`;
const PLAN = `query { plannedOrders(warehouseCode: "W1", first: 100) { nodes { ${SUPPLY} } } purchaseSuggestions(warehouseCode: "W1", first: 100) { nodes { ${SUPPLY} } } }`;
const WHAT_IF = `query($run: MrpRunInput!) { mrpWhatIf(run: $run, overrides: {}) { plannedOrders { ${SUPPLY} } purchaseSuggestions { ${SUPPLY} } exceptions { type materialId message } } }`;
const OPEN_EXCEPTIONS = `query { exceptions(filter: { warehouseCode: "W1", types: [LATE, EXCESS, UNCOVERED_DEMAND], statuses: [OPEN, ACKNOWLEDGED] }, first: 100) {
  nodes { type materialId message } } }`;

interface Supply { kind: string; material: { code: string }; quantity: string; releaseDate: string; dueDate: string; pegs: { mpsLineId: string | null; pseudoDemand: string | null; quantity: string }[] }

const ok = async (query: string, variables?: Record<string, unknown>) => {
  const res = await t.gql(query, variables);
  expect(res.errors).toBeUndefined();
  return res.data;
};

const comparable = (supplies: Supply[]) =>
  supplies
    .map((s) => [s.kind, s.material.code, s.quantity, s.releaseDate.slice(0, 10), s.dueDate.slice(0, 10), s.pegs.map((p) => `${p.mpsLineId ?? p.pseudoDemand}=${p.quantity}`).sort().join(",")].join(" "))
    .sort();
const exceptionsOf = (nodes: { type: string; materialId: string; message: string }[]) => nodes.map((e) => `${e.type} ${e.materialId} ${e.message}`).sort();

/** The current plan: its supplies and open planning exceptions. */
const currentPlan = async () => {
  const data = await ok(PLAN);
  const exceptions = (await ok(OPEN_EXCEPTIONS)).exceptions.nodes;
  return { supplies: comparable([...data.plannedOrders.nodes, ...data.purchaseSuggestions.nodes]), exceptions: exceptionsOf(exceptions) };
};
/** What a full run would plan now from the same data (a what-if without overrides writes nothing). */
const fullRunPlan = async () => {
  const { mrpWhatIf: plan } = await ok(WHAT_IF, { run: RUN });
  return { supplies: comparable([...plan.plannedOrders, ...plan.purchaseSuggestions]), exceptions: exceptionsOf(plan.exceptions) };
};
/** Waits until the current plan is what a full run plans now, and returns it. */
const untilFullRun = async (what: string) => {
  const expected = JSON.stringify(await fullRunPlan());
  return until(async () => {
    const plan = await currentPlan();
    return JSON.stringify(plan) === expected && plan;
  }, what);
};
const of = (supplies: string[], code: string) => supplies.filter((s) => s.split(" ")[1] === code).map((s) => s.split(" ")[2]);

const createMaterial = (input: Record<string, unknown>) => ok(`mutation($input: CreateMaterialInput!) { createMaterial(input: $input) { id } }`, { input: { uomCode: "EA", name: input.code, ...input } });
const demand = (materialCode: string, quantity: string, dueDate: string) =>
  ok(`mutation($input: MpsLineInput!) { createMpsLine(input: $input) { id } }`, { input: { materialCode, warehouseCode: "W1", quantity, dueDate } });
const masterEvents = async (afterId: number) =>
  t.db.sql.query<{ id: string; materialIds: number[]; cause: string }>(
    `SELECT id, payload->'materialIds' AS "materialIds", payload->>'cause' AS cause FROM event WHERE topic = 'planning.masterChanged' AND id > $1 ORDER BY id`,
    [afterId],
  );
const lastEventId = async () => Number((await t.db.sql.query<{ id: string | null }>(`SELECT max(id) AS id FROM event`))[0].id ?? 0);
const idOf = async (code: string) => Number((await ok(`query($code: String!) { material(code: $code) { id } }`, { code })).material.id);

beforeAll(async () => {
  t = await startTestHub({ env: { NET_CHANGE: "1" } });
  await t.db.sql.query(`INSERT INTO unit_of_measure (code, name, precision) VALUES ('EA', 'each', 0)`);
  await t.db.sql.query(`INSERT INTO warehouse (code, name) VALUES ('W1', 'Plant')`);
  await createMaterial({ code: "FG", type: "MAKE", leadTimeDays: 7 });
  await createMaterial({ code: "KIT", type: "MAKE", leadTimeDays: 7 });
  await createMaterial({ code: "PART", type: "BUY", leadTimeDays: 14 });
  await createMaterial({ code: "TOOL", type: "BUY", leadTimeDays: 7 });
  await ok(`mutation { replaceBom(input: { materialCode: "FG", baseQuantity: "1", lines: [{ componentCode: "PART", quantityPer: "2" }] }) { id } }`);
  await ok(`mutation { replaceBom(input: { materialCode: "KIT", baseQuantity: "1", lines: [{ componentCode: "PART", quantityPer: "1" }] }) { id } }`);
  await demand("FG", "10", "2026-12-28T00:00:00Z");
  await demand("KIT", "4", "2026-12-28T00:00:00Z");
  await demand("TOOL", "5", "2026-12-01T00:00:00Z");
  await ok(`mutation($input: PurchaseOrderInput!) { syncPurchaseOrder(input: $input) { purchaseOrderId } }`, {
    input: { number: "PO-TOOL", materialCode: "TOOL", warehouseCode: "W1", quantity: "2", dueDate: "2026-12-21T00:00:00Z" },
  });
  const runId = (await ok(`mutation($input: MrpRunInput!) { startMrpRun(input: $input) { id } }`, { input: RUN })).startMrpRun.id;
  await until(async () => (await t.gql(`query($id: ID!) { mrpRun(id: $id) { status } }`, { id: runId })).data.mrpRun.status === "COMPLETED", "the full run");
  const plan = await untilFullRun("the planner to settle after the run");
  expect(of(plan.supplies, "PART")).toEqual(["24"]);
  expect(of(plan.supplies, "TOOL")).toEqual(["5"]);
  expect(plan.exceptions.some((e) => e.startsWith("LATE") && e.includes("TOOL"))).toBe(true);
}, 120_000);
afterAll(() => t?.stop());

test("archiving a material in no BOM takes its suggestions and open exceptions out of the current plan, as a full run leaves it out", async () => {
  const after = await lastEventId();
  const tool = await idOf("TOOL");
  await ok(`mutation { archiveMaterial(code: "TOOL") { archivedAt } }`);
  expect(await masterEvents(after)).toEqual([{ id: expect.any(String), materialIds: [tool], cause: "MATERIAL" }]);
  const plan = await untilFullRun("the plan to drop the archived material");
  expect(of(plan.supplies, "TOOL")).toEqual([]);
  expect(plan.exceptions.filter((e) => e.includes("TOOL"))).toEqual([]);
});

test("archiving a material with a BOM takes it and its components' dependent demand out of the current plan", async () => {
  const after = await lastEventId();
  const [fg, part] = [await idOf("FG"), await idOf("PART")];
  await ok(`mutation { archiveMaterial(code: "FG") { archivedAt } }`);
  // in the archive's own transaction: the material, and its BOM's components to re-plan
  expect(await masterEvents(after)).toEqual([{ id: expect.any(String), materialIds: [fg, part], cause: "MATERIAL" }]);
  const plan = await untilFullRun("the plan to drop the archived material's BOM");
  expect(of(plan.supplies, "FG")).toEqual([]);
  // only KIT's 4 are left to buy
  expect(of(plan.supplies, "PART")).toEqual(["4"]);
});

test("a material created after the run enters the current plan with its demand, as a full run plans it", async () => {
  const after = await lastEventId();
  const { createMaterial: created } = await createMaterial({ code: "NEW", type: "BUY", leadTimeDays: 7, safetyStock: "3" });
  expect(await masterEvents(after)).toEqual([{ id: expect.any(String), materialIds: [Number(created.id)], cause: "MATERIAL" }]);
  // its safety stock alone is a requirement a full run plans for
  expect(of((await untilFullRun("the plan to take the new material")).supplies, "NEW")).toEqual(["3"]);
  await demand("NEW", "6", "2026-12-21T00:00:00Z");
  const plan = await untilFullRun("the plan to follow the new material's demand");
  expect(of(plan.supplies, "NEW").length).toBeGreaterThan(0);
});

test("a full run after the archives plans without the archived materials (their demand and purchase orders left out) and equals the kept plan", async () => {
  const kept = await currentPlan();
  const runId = (await ok(`mutation($input: MrpRunInput!) { startMrpRun(input: $input) { id } }`, { input: RUN })).startMrpRun.id;
  const run = await until(async () => {
    const { mrpRun } = await ok(`query($id: ID!) { mrpRun(id: $id) { status error } }`, { id: runId });
    return mrpRun.status !== "QUEUED" && mrpRun.status !== "RUNNING" && mrpRun;
  }, "the second full run");
  expect(run).toEqual({ status: "COMPLETED", error: null });
  expect(await untilFullRun("the second run's plan")).toEqual(kept);
});
