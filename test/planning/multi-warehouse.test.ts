/**
 * Multi-warehouse MRP through the graph: a run of PLANT and DC, with a transit lane DC → PLANT of 2 days.
 * Daily buckets from 2026-11-30. PLANT needs 20 of each of three bought materials, and holds none:
 *   ENOUGH: DC holds 85, demand due 12-14 → a transfer of 20 leaving DC on 12-12, nothing bought;
 *   SHORT:  DC holds 12, demand due 12-14 → a transfer of 12, a purchase suggestion of 8;
 *   LATE:   DC holds 85, demand due 12-01 → a transfer would have to leave on 11-29, before the start → buy 20.
 * A run of PLANT alone still buys all of it; bad requests write nothing; a released transfer is a transfer order.
 */
import { Role } from "../../src/auth/roles";
import { ErpHubs, FakeErp } from "../support/fake-erp";
import { startTestHub, type TestHub } from "../support/test-hub";

let t: TestHub;
const START = "2026-11-30T00:00:00Z";
const RUN = { bucket: "DAY", horizonBuckets: 30, startDate: START };
const mps: Record<string, string> = {};

const ok = async (query: string, variables: Record<string, unknown> = {}) => {
  const res = await t.gql(query, variables);
  expect(res.errors).toBeUndefined();
  return res.data;
};

beforeAll(async () => {
  t = await startTestHub();
  for (const q of [
    `mutation { createUnit(input: { code: "EA", name: "each", precision: 0 }) { code } }`,
    ...["PLANT", "DC", "STORE"].flatMap((w) => [
      `mutation { createWarehouse(input: { code: "${w}", name: "${w}" }) { code } }`,
      `mutation { createLocation(input: { warehouseCode: "${w}", code: "A1", name: "Rack", kind: STORAGE }) { code } }`,
    ]),
    ...["ENOUGH", "SHORT", "LATE"].map((m) => `mutation { createMaterial(input: { code: "${m}", name: "${m}", uomCode: "EA", type: BUY, leadTimeDays: 3 }) { code } }`),
    `mutation { receiveStock(input: { materialCode: "ENOUGH", warehouseCode: "DC", locationCode: "A1", quantity: "85" }) { replayed } }`,
    `mutation { receiveStock(input: { materialCode: "SHORT", warehouseCode: "DC", locationCode: "A1", quantity: "12" }) { replayed } }`,
    `mutation { receiveStock(input: { materialCode: "LATE", warehouseCode: "DC", locationCode: "A1", quantity: "85" }) { replayed } }`,
    `mutation { setTransitLane(input: { fromWarehouseCode: "DC", toWarehouseCode: "PLANT", transitDays: 2 }) { transitDays } }`,
  ]) await ok(q);
  for (const [material, due] of [["ENOUGH", "2026-12-14"], ["SHORT", "2026-12-14"], ["LATE", "2026-12-01"]]) {
    const line = await ok(`mutation { createMpsLine(input: { materialCode: "${material}", warehouseCode: "PLANT", quantity: "20", dueDate: "${due}T00:00:00Z" }) { id } }`);
    mps[material] = line.createMpsLine.id;
  }
}, 120_000);
afterAll(() => t?.stop());

const START_RUN = `mutation($input: MrpRunInput!) { startMrpRun(input: $input) { id groupId } }`;
const runCount = async () => (await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM mrp_run`))[0].n;

/** Starts a run and waits until it (and every run of its group) has ended. */
async function run(input: Record<string, unknown>) {
  const started = await ok(START_RUN, { input: { ...RUN, ...input } });
  const id = started.startMrpRun.id;
  for (;;) {
    const r = await ok(`query($id: ID!) { mrpRun(id: $id) { status error groupRuns { id status isCurrent warehouseId parameters } } }`, { id });
    const runs = r.mrpRun.groupRuns.length ? r.mrpRun.groupRuns : [r.mrpRun];
    if (runs.every((x: { status: string }) => ["COMPLETED", "FAILED"].includes(x.status))) return { id, started: started.startMrpRun, run: r.mrpRun };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const suggestions = async (warehouse: string) =>
  (await ok(`query { purchaseSuggestions(warehouseCode: "${warehouse}", first: 100) { nodes { material { code } quantity dueDate pegs { mpsLineId quantity } } } }`)).purchaseSuggestions.nodes.map(
    (s: { material: { code: string }; quantity: string; dueDate: string }) => `${s.material.code}:${s.quantity}@${s.dueDate.slice(0, 10)}`,
  );
const TRANSFER_FIELDS = `id material { code } fromWarehouse { code } toWarehouse { code } quantity shipDate dueDate transitDays status transferOrderId pegs { mpsLineId pseudoDemand quantity }`;
const transfers = async (warehouse: string) => (await ok(`query { plannedTransfers(warehouseCode: "${warehouse}") { totalCount nodes { ${TRANSFER_FIELDS} } } }`)).plannedTransfers;

test("a run of one warehouse is planned as before: everything bought, no transfers, no group", async () => {
  const { started, run: r } = await run({ warehouseCode: "PLANT" });
  expect(r.status).toBe("COMPLETED");
  expect(started.groupId).toBeNull();
  expect(r.groupRuns).toEqual([]);
  expect((await suggestions("PLANT")).sort()).toEqual(["ENOUGH:20@2026-12-14", "LATE:20@2026-12-01", "SHORT:20@2026-12-14"]);
  expect((await transfers("PLANT")).totalCount).toBe(0);
});

test("a run of two warehouses covers the shortage by a transfer before buying, buys what the surplus lacks, and buys what a transfer cannot bring in time", async () => {
  const { id, started, run: r } = await run({ warehouseCodes: ["plant", "DC"] });
  expect(started.groupId).toBe(id);
  expect(r.groupRuns.map((x: { status: string; isCurrent: boolean; parameters: { warehouseCode: string } }) => [x.parameters.warehouseCode, x.status, x.isCurrent])).toEqual([
    ["PLANT", "COMPLETED", true],
    ["DC", "COMPLETED", true],
  ]);
  expect((await suggestions("PLANT")).sort()).toEqual(["LATE:20@2026-12-01", "SHORT:8@2026-12-14"]);
  expect(await suggestions("DC")).toEqual([]);
  const planned = await transfers("PLANT");
  expect(planned.nodes.map((x: Record<string, unknown>) => ({ ...x, id: undefined }))).toEqual([
    {
      id: undefined, material: { code: "ENOUGH" }, fromWarehouse: { code: "DC" }, toWarehouse: { code: "PLANT" }, quantity: "20", shipDate: "2026-12-12T00:00:00.000Z",
      dueDate: "2026-12-14T00:00:00.000Z", transitDays: 2, status: "SUGGESTED", transferOrderId: null, pegs: [{ mpsLineId: mps.ENOUGH, pseudoDemand: null, quantity: "20" }],
    },
    {
      id: undefined, material: { code: "SHORT" }, fromWarehouse: { code: "DC" }, toWarehouse: { code: "PLANT" }, quantity: "12", shipDate: "2026-12-12T00:00:00.000Z",
      dueDate: "2026-12-14T00:00:00.000Z", transitDays: 2, status: "SUGGESTED", transferOrderId: null, pegs: [{ mpsLineId: mps.SHORT, pseudoDemand: null, quantity: "12" }],
    },
  ]);
  // the source's current plan shows them too, and both runs list them
  expect((await transfers("DC")).totalCount).toBe(2);
  const [plantRun, dcRun] = r.groupRuns;
  for (const runId of [plantRun.id, dcRun.id]) {
    const onRun = await ok(`query($id: ID!) { mrpRun(id: $id) { counts plannedTransfers { totalCount } } }`, { id: runId });
    expect(onRun.mrpRun.plannedTransfers.totalCount).toBe(2);
  }
  const counts = (await ok(`query($id: ID!) { mrpRun(id: $id) { counts } }`, { id: plantRun.id })).mrpRun.counts;
  expect(counts).toMatchObject({ purchaseSuggestions: 2, plannedTransfers: 2 });

  // the ERP gets the plant's purchase suggestions, then its planned transfers (the hub's field names)
  const erp = new FakeErp();
  await erp.up();
  const hubs = new ErpHubs(t, erp, { ERP_BATCH_SIZE: "2", ERP_RETRY_BASE_MS: "1" });
  try {
    const { hub } = await hubs.start();
    const res = await fetch(hub.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${await t.token()}` },
      body: JSON.stringify({ query: `mutation($id: ID!) { pushPlanToErp(runId: $id) { lines batches delivered deadLettered } }`, variables: { id: plantRun.id } }),
    });
    expect(((await res.json()) as { data: unknown }).data).toEqual({ pushPlanToErp: { lines: 2, batches: 2, delivered: 2, deadLettered: 0 } });
    const pushed = erp.received.filter((x) => x.body.runId === Number(plantRun.id)).slice(-2);
    expect(pushed.map((x) => [x.key.replace(/-\d+-\d+$/, ""), x.body.batch, x.body.batches, x.body.suggestions?.length, x.body.transfers?.length])).toEqual([
      [`mrp-run-${plantRun.id}-suggestions`, 1, 2, 2, undefined],
      [`mrp-run-${plantRun.id}-transfers`, 2, 2, undefined, 2],
    ]);
    expect(pushed[1].body.transfers[0]).toMatchObject({
      runId: Number(plantRun.id), materialCode: "ENOUGH", fromWarehouseCode: "DC", toWarehouseCode: "PLANT", quantity: "20", uom: "EA", shipDate: "2026-12-12", dueDate: "2026-12-14",
    });
  } finally {
    await hubs.stopAll();
    await erp.down();
  }
});

test.each([
  ["an unknown warehouse", { warehouseCodes: ["PLANT", "NOPE"] }, "NOT_FOUND", undefined],
  ["the same warehouse twice", { warehouseCodes: ["PLANT", "dc", "DC"] }, "BAD_USER_INPUT", "warehouseCodes[2]"],
  ["an empty code", { warehouseCodes: ["PLANT", " "] }, "BAD_USER_INPUT", "warehouseCodes[1]"],
  ["an empty list", { warehouseCodes: [] }, "BAD_USER_INPUT", "warehouseCodes"],
  ["one warehouse and a list", { warehouseCode: "PLANT", warehouseCodes: ["PLANT", "DC"] }, "BAD_USER_INPUT", "warehouseCodes"],
  ["a bad horizon", { warehouseCodes: ["PLANT", "DC"], horizonBuckets: 0 }, "BAD_USER_INPUT", "horizonBuckets"],
])("a run with %s is refused and writes nothing", async (_label, input, code, field) => {
  const before = await runCount();
  const res = await t.gql(START_RUN, { input: { ...RUN, ...input } });
  expect(res.errors?.[0].extensions).toMatchObject({ code, ...(field ? { field } : {}) });
  expect(await runCount()).toBe(before);
});

test("a caller needs every warehouse of the run in its scope; a run while one of them is running is a conflict", async () => {
  const before = await runCount();
  const plantOnly = await t.token([Role.PLANNER], ["PLANT"]);
  const res = await t.gql(START_RUN, { input: { ...RUN, warehouseCodes: ["PLANT", "DC"] } }, { auth: plantOnly });
  expect(res.errors?.[0].extensions).toMatchObject({ code: "FORBIDDEN", warehouse: "DC" });
  expect(await runCount()).toBe(before);
  const [busy] = await t.db.sql.query<{ id: number }>(
    `INSERT INTO mrp_run (status, phase, warehouse_id, horizon_days, started_at, created_by) SELECT 'RUNNING', 'PLANNING', id, 30, now(), 'test' FROM warehouse WHERE code = 'DC' RETURNING id`,
  );
  const conflict = await t.gql(START_RUN, { input: { ...RUN, warehouseCodes: ["PLANT", "DC"] } });
  expect(conflict.errors?.[0].extensions).toMatchObject({ code: "CONFLICT", runId: busy.id });
  expect(await runCount()).toBe(before + 1);
  await t.db.sql.query(`DELETE FROM mrp_run WHERE id = $1`, [busy.id]);
});

test("a released planned transfer is a transfer order, once; the caller needs both warehouses", async () => {
  const [enough] = (await transfers("PLANT")).nodes;
  const RELEASE = `mutation($id: ID!) { releasePlannedTransfer(id: $id) { transferOrderId number replayed } }`;
  const orders = async () => (await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM transfer_order`))[0].n;
  const dcOnly = await t.gql(RELEASE, { id: enough.id }, { auth: await t.token([Role.PLANNER], ["DC"]) });
  expect(dcOnly.errors?.[0].extensions?.code).toBe("NOT_FOUND");
  const plantOnly = await t.gql(RELEASE, { id: enough.id }, { auth: await t.token([Role.PLANNER], ["PLANT"]) });
  expect(plantOnly.errors?.[0].extensions?.code).toBe("FORBIDDEN");
  expect((await t.gql(RELEASE, { id: "999999" })).errors?.[0].extensions?.code).toBe("NOT_FOUND");
  expect(await orders()).toBe(0);

  const released = (await ok(RELEASE, { id: enough.id })).releasePlannedTransfer;
  expect(released.number).toMatch(/^TO-/);
  const order = await ok(`query($n: String!) { transferOrder(number: $n) { material { code } fromWarehouse { code } toWarehouse { code } quantity status } }`, { n: released.number });
  expect(order.transferOrder).toEqual({ material: { code: "ENOUGH" }, fromWarehouse: { code: "DC" }, toWarehouse: { code: "PLANT" }, quantity: "20", status: "OPEN" });
  const again = await t.gql(RELEASE, { id: enough.id });
  expect(again.errors?.[0].extensions).toMatchObject({ code: "INVALID_STATE", transferOrderId: released.transferOrderId });
  expect(await orders()).toBe(1);
  const [after] = (await transfers("PLANT")).nodes;
  expect(after).toMatchObject({ status: "RELEASED", transferOrderId: released.transferOrderId });
});
