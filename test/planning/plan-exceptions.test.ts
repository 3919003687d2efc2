/**
 * A run's exceptions against the plan it replaces: one the new plan still raises keeps its row (its id, who
 * acknowledged it, since when it is open) and moves to the new run just after the switch; one the new plan no longer
 * raises is resolved; a new one is raised. The open planning exceptions are always exactly the current plan's.
 *
 * The plant: FG (make, 14 days) demanded 5 in the first week → its order is LATE. SPARE (buy, no demand) has 20 on
 * hand → EXCESS at the end of the horizon; more stock changes that EXCESS's quantity.
 */
import { startTestHub, wsEvents, type TestHub } from "../support/test-hub";

let t: TestHub;
const RUN = { warehouseCode: "W1", bucket: "WEEK", horizonBuckets: 6, startDate: "2026-11-30T00:00:00Z" };

beforeAll(async () => {
  t = await startTestHub();
  await t.db.sql.query(`INSERT INTO unit_of_measure (code, name, precision) VALUES ('EA', 'each', 0)`);
  await t.db.sql.query(`INSERT INTO warehouse (code, name) VALUES ('W1', 'Plant')`);
  await t.db.sql.query(`INSERT INTO location (warehouse_id, code, name) SELECT id, 'A1', 'Rack' FROM warehouse`);
  const create = `mutation($input: CreateMaterialInput!) { createMaterial(input: $input) { id } }`;
  for (const input of [
    { code: "FG", name: "Finished good", uomCode: "EA", type: "MAKE", leadTimeDays: 14 },
    { code: "SPARE", name: "Spare part", uomCode: "EA", type: "BUY", leadTimeDays: 7 },
  ]) expect((await t.gql(create, { input })).errors).toBeUndefined();
  const mps = await t.gql(`mutation { createMpsLine(input: { materialCode: "FG", warehouseCode: "W1", quantity: "5", dueDate: "2026-12-01T00:00:00Z" }) { id } }`);
  expect(mps.errors).toBeUndefined();
  await receive("20");
}, 120_000);
afterAll(() => t?.stop());

async function receive(quantity: string) {
  const res = await t.gql(`mutation($q: Decimal!) { receiveStock(input: { materialCode: "SPARE", warehouseCode: "W1", locationCode: "A1", quantity: $q }) { replayed } }`, { q: quantity });
  expect(res.errors).toBeUndefined();
}

async function run(): Promise<{ id: string; counts: Record<string, number> }> {
  const started = await t.gql(`mutation($input: MrpRunInput!) { startMrpRun(input: $input) { id } }`, { input: RUN });
  expect(started.errors).toBeUndefined();
  const id = started.data.startMrpRun.id;
  await wsEvents(t.ws(), `subscription($id: ID) { mrpRunProgress(runId: $id, afterEventId: "0") { status } }`, { id }, (seen) =>
    ["COMPLETED", "FAILED"].includes(seen.at(-1).mrpRunProgress.status),
  );
  const done = (await t.gql(`query($id: ID!) { mrpRun(id: $id) { status counts } }`, { id })).data.mrpRun;
  expect(done.status).toBe("COMPLETED");
  return { id, counts: done.counts };
}

interface Open { id: string; type: string; message: string; mrpRunId: string; acknowledgedBy: string | null; createdAt: string }
const open = async (): Promise<Open[]> =>
  (await t.gql(`{ exceptions(filter: { statuses: [OPEN, ACKNOWLEDGED], warehouseCode: "W1" }, first: 50) { nodes { id type message mrpRunId acknowledgedBy createdAt } } }`))
    .data.exceptions.nodes.sort((a: Open, b: Open) => a.type.localeCompare(b.type));

/** The open exceptions once the kept ones have moved to the run (just after its switch: see moveKeptExceptions). */
async function openOf(runId: string): Promise<Open[]> {
  for (let i = 0; i < 100; i++) {
    const now = await open();
    if (now.every((e) => e.mrpRunId === runId)) return now;
    await new Promise((r) => setTimeout(r, 50));
  }
  return open();
}

test("a re-run keeps the exceptions still true, acknowledgement and all, on the new run; nothing is raised or resolved", async () => {
  const first = await run();
  const before = await openOf(first.id);
  expect(before.map((e) => [e.type, e.mrpRunId])).toEqual([["EXCESS", first.id], ["LATE", first.id]]);
  const late = before.find((e) => e.type === "LATE")!;
  expect((await t.gql(`mutation($id: ID!) { acknowledgeException(id: $id) { id } }`, { id: late.id })).errors).toBeUndefined();

  const second = await run();
  expect(second.counts).toMatchObject({ exceptions: 2, exceptionsKept: 2, exceptionsRaised: 0 });
  const after = await openOf(second.id);
  expect(after.map((e) => [e.id, e.type, e.mrpRunId, e.createdAt])).toEqual(before.map((e) => [e.id, e.type, second.id, e.createdAt]));
  expect(after.find((e) => e.type === "LATE")!.acknowledgedBy).not.toBeNull();
  const [{ resolved }] = await t.db.sql.query<{ resolved: number }>(`SELECT count(*)::int AS resolved FROM exception WHERE status = 'RESOLVED'`);
  expect(resolved).toBe(0);
});

test("a changed exception is resolved and its successor raised; the unchanged one stays", async () => {
  const before = await open();
  await receive("5"); // SPARE's excess 20 → 25
  const third = await run();
  expect(third.counts).toMatchObject({ exceptions: 2, exceptionsKept: 1, exceptionsRaised: 1 });
  const after = await openOf(third.id);
  expect(after.map((e) => [e.type, e.mrpRunId])).toEqual([["EXCESS", third.id], ["LATE", third.id]]);
  expect(after.find((e) => e.type === "LATE")!.id).toBe(before.find((e) => e.type === "LATE")!.id);
  const excess = before.find((e) => e.type === "EXCESS")!;
  expect(after.find((e) => e.type === "EXCESS")!.id).not.toBe(excess.id);
  expect(after.find((e) => e.type === "EXCESS")!.message).toContain("25");
  const [old] = await t.db.sql.query<{ status: string }>(`SELECT status FROM exception WHERE id = $1`, [Number(excess.id)]);
  expect(old.status).toBe("RESOLVED");
});
