import { Role } from "../../src/auth/roles";
import { startTestHub, type TestHub } from "../support/test-hub";
import { ADJUST, CREATE_WO, ISSUE, SCAN, assertStockConsistent } from "./stock-fixture";

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ demo: true });
  // Make MICA-SHEET scarce: 100 on hand, far less than the clients below will ask for.
  await t.gql(ADJUST, { input: { materialCode: "MICA-SHEET", warehouseCode: "PLANT-1", locationCode: "A-02", quantity: "-400", reasonCode: "TEST" } });
});
afterAll(() => t.stop());

const OK_REFUSALS = new Set(["INSUFFICIENT_STOCK"]);

describe("60 concurrent clients on the same materials", () => {
  it("never oversells, never goes negative, and the ledger adds up to the balances", async () => {
    const storekeeper = await t.token([Role.STOREKEEPER]);
    const planner = await t.token([Role.PLANNER]);
    const calls: Promise<{ kind: string; res: any }>[] = [];
    for (let i = 0; i < 20; i++) {
      // ELEMENT-T × 5 reserves 11 MICA-SHEET (2 × 5 + 2 %, rounded up) and 12.36 m NICHROME-WIRE
      calls.push(t.gql(CREATE_WO, { input: { materialCode: "ELEMENT-T", warehouseCode: "PLANT-1", quantity: "5" } }, { auth: planner }).then((res) => ({ kind: "wo", res })));
      calls.push(t.gql(ISSUE, { input: { materialCode: "MICA-SHEET", warehouseCode: "PLANT-1", quantity: "7" } }, { auth: storekeeper }).then((res) => ({ kind: "issue", res })));
      calls.push(
        t.gql(SCAN, { key: `scan-${i % 10}`, input: { deviceId: `RF-${i % 10}`, code: "MICA-SHEET", action: "ISSUE", quantity: "5", warehouseCode: "PLANT-1", locationCode: "A-02" } }, { auth: storekeeper })
          .then((res) => ({ kind: "scan", res })),
      );
    }
    const results = await Promise.all(calls);
    const unexpected = results.filter((r) => r.res.errors && !OK_REFUSALS.has(r.res.errors[0].extensions?.code));
    expect(unexpected.map((r) => r.res.errors)).toEqual([]);

    const issued = results
      .filter((r) => r.kind !== "wo" && !r.res.errors && !r.res.data[Object.keys(r.res.data)[0]].replayed)
      .reduce((sum, r) => sum - r.res.data[Object.keys(r.res.data)[0]].entries.reduce((s: number, e: any) => s + Number(e.quantity), 0), 0);
    const released = results.filter((r) => r.kind === "wo" && r.res.data.createWorkOrder.workOrder.status === "RELEASED").length;
    const short = results.filter((r) => r.kind === "wo" && r.res.data.createWorkOrder.workOrder.status === "SHORT").length;
    expect(released + short).toBe(20);

    const [mica] = await t.db.sql.query<{ onHand: string; reserved: string }>(
      `SELECT sum(b.on_hand)::text AS "onHand", sum(b.reserved)::text AS reserved FROM stock_balance b JOIN material m ON m.id = b.material_id WHERE m.code = 'MICA-SHEET'`,
    );
    // Zero oversell: what was issued plus what is reserved never exceeds the 100 there were.
    expect(issued + released * 11).toBeLessThanOrEqual(100);
    expect(Number(mica.onHand)).toBe(100 - issued);
    expect(Number(mica.reserved)).toBe(released * 11);
    // Ten scan keys: each posted at most once.
    const [keys] = await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM stock_ledger_entry WHERE note LIKE 'scan by %'`);
    expect(keys.n).toBeLessThanOrEqual(10);
    // SHORT orders reserved nothing at all.
    const [half] = await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM reservation r JOIN work_order o ON o.id = r.work_order_id WHERE o.status = 'SHORT'`);
    expect(half.n).toBe(0);
    await assertStockConsistent(t);

    // Then backflush the released orders while more scans take the same material.
    const orders = results.filter((r) => r.kind === "wo" && r.res.data.createWorkOrder.workOrder.status === "RELEASED").map((r) => r.res.data.createWorkOrder.workOrder.number);
    for (const number of orders) {
      expect((await t.gql(`mutation($n: String!) { startOperation(number: $n, sequence: 10) { replayed } }`, { n: number }, { auth: storekeeper })).errors).toBeUndefined();
    }
    const second = await Promise.all([
      ...orders.map((number) => t.gql(`mutation($n: String!) { completeOperation(input: { number: $n, sequence: 10, goodQuantity: "4", scrapQuantity: "1" }) { workOrder { status } } }`, { n: number }, { auth: storekeeper })),
      ...Array.from({ length: 20 }, (_, i) =>
        t.gql(SCAN, { key: `late-${i}`, input: { deviceId: "RF-LATE", code: "MICA-SHEET", action: "ISSUE", quantity: "1", warehouseCode: "PLANT-1", locationCode: "A-02" } }, { auth: storekeeper })),
    ]);
    expect(second.filter((r) => r.errors && !OK_REFUSALS.has(String(r.errors[0].extensions?.code))).map((r) => r.errors)).toEqual([]);
    expect(second.slice(0, orders.length).map((r) => r.data.completeOperation.workOrder.status)).toEqual(orders.map(() => "COMPLETED"));
    const [after] = await t.db.sql.query<{ reserved: string }>(
      `SELECT sum(b.reserved)::text AS reserved FROM stock_balance b JOIN material m ON m.id = b.material_id WHERE m.code = 'MICA-SHEET'`,
    );
    expect(Number(after.reserved)).toBe(0); // backflushed orders consumed all they had reserved
    await assertStockConsistent(t);
  });
});
