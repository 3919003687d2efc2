import { Role } from "../../src/auth/roles";
import { startTestHub, type TestHub } from "../support/test-hub";
import { CREATE_WO, SCAN, snapshot } from "./stock-fixture";

let t: TestHub;
let device: string;
beforeAll(async () => {
  t = await startTestHub({ demo: true });
  device = await t.token([Role.INTEGRATION]);
});
afterAll(() => t.stop());

const scan = (key: string, quantity = "4", auth = device) =>
  t.gql(SCAN, { key, input: { deviceId: "RF-DOCK-1", epc: Buffer.from("RELAY-10A").toString("hex"), action: "RECEIVE", quantity, warehouseCode: "PLANT-1", locationCode: "RECV" } }, { auth });
const ledgerCount = async () => (await snapshot(t)).counts.ledger;

describe("idempotent commands", () => {
  it("posts a replayed scan once and returns the first result", async () => {
    const before = await ledgerCount();
    const first = await scan("scan-1");
    const again = await scan("scan-1");
    expect(first.errors).toBeUndefined();
    expect(first.data.scan.replayed).toBe(false);
    expect(again.data.scan).toEqual({ ...first.data.scan, replayed: true });
    expect(first.data.scan.entries[0]).toMatchObject({ type: "RECEIPT", quantity: "4", reasonCode: "SCAN" });
    expect(await ledgerCount()).toBe(before + 1);
  });

  it("posts concurrent duplicates once", async () => {
    const before = await ledgerCount();
    const results = await Promise.all(Array.from({ length: 12 }, () => scan("scan-burst")));
    expect(results.map((r) => r.errors)).toEqual(results.map(() => undefined));
    expect(results.filter((r) => !r.data.scan.replayed)).toHaveLength(1);
    expect(new Set(results.map((r) => r.data.scan.entries[0].id)).size).toBe(1);
    expect(await ledgerCount()).toBe(before + 1);
  });

  it("refuses the same key with a different payload (CONFLICT) and writes nothing", async () => {
    const before = await snapshot(t);
    const res = await scan("scan-1", "5");
    expect(res.errors?.[0].extensions?.code).toBe("CONFLICT");
    expect(await snapshot(t)).toEqual(before);
  });

  it("keeps keys per caller", async () => {
    const before = await ledgerCount();
    const other = await scan("scan-1", "4", await t.token([Role.STOREKEEPER]));
    expect(other.data.scan.replayed).toBe(false);
    expect(await ledgerCount()).toBe(before + 1);
  });

  it("forgets expired keys", async () => {
    await t.db.sql.query(`UPDATE idempotency_key SET expires_at = now() - interval '1 second' WHERE key = 'scan-1'`);
    const before = await ledgerCount();
    const res = await scan("scan-1");
    expect(res.data.scan.replayed).toBe(false);
    expect(await ledgerCount()).toBe(before + 1);
  });

  it("replays work-order creation with the same order", async () => {
    const input = { materialCode: "ELEMENT-T", warehouseCode: "PLANT-1", quantity: "2" };
    const [a, b] = await Promise.all([t.gql(CREATE_WO, { input, key: "erp-wo-1" }), t.gql(CREATE_WO, { input, key: "erp-wo-1" })]);
    expect(a.data.createWorkOrder.workOrder.number).toBe(b.data.createWorkOrder.workOrder.number);
    expect([a.data.createWorkOrder.replayed, b.data.createWorkOrder.replayed].sort()).toEqual([false, true]);
    const [n] = await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM work_order`);
    expect(n.n).toBe(1);
  });

  it("answers a creation with the order as written, keeps only its id for replays, and replays it as it is then", async () => {
    const FIELDS = `nodeId id number quantity completedQuantity scrappedQuantity status dueDate createdAt createdBy material { code } warehouse { code }`;
    const create = `mutation($input: CreateWorkOrderInput!, $key: String) { createWorkOrder(input: $input, idempotencyKey: $key) { replayed workOrder { ${FIELDS} } } }`;
    const input = { materialCode: "ELEMENT-T", warehouseCode: "PLANT-1", quantity: "1", dueDate: "2026-12-24T00:00:00.000Z" };
    const first = await t.gql(create, { input, key: "erp-wo-answer" });
    expect(first.errors).toBeUndefined();
    const answered = first.data.createWorkOrder.workOrder;
    expect(answered).toMatchObject({ status: "RELEASED", dueDate: input.dueDate, quantity: "1" });
    // the answer (from the insert) is what a read of the order shows
    const read = await t.gql(`query($n: String!) { workOrder(number: $n) { ${FIELDS} } }`, { n: answered.number });
    expect(read.data.workOrder).toEqual(answered);
    const [stored] = await t.db.sql.query<{ response: unknown }>(`SELECT response FROM idempotency_key WHERE key = 'erp-wo-answer'`);
    expect(stored.response).toEqual({ workOrderId: Number(answered.id), entryIds: [] });

    const started = await t.gql(`mutation($n: String!) { startOperation(number: $n, sequence: 10) { workOrder { status } } }`, { n: answered.number });
    expect(started.data.startOperation.workOrder.status).toBe("IN_PROGRESS");
    const replay = await t.gql(create, { input, key: "erp-wo-answer" });
    expect(replay.data.createWorkOrder).toEqual({ replayed: true, workOrder: { ...answered, status: "IN_PROGRESS" } });
  });
});
