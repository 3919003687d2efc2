/**
 * createWorkOrders, an ERP's batch: all or nothing (atomic) or item by item, idempotency keys for the call
 * and per item, bad input and other warehouses refused with typed errors, and no oversell when many
 * clients race for the same stock with batches.
 */
import { Role } from "../../src/auth/roles";
import { MAX_BULK_ITEMS } from "../../src/domain/idempotency/bulk-command";
import { startTestHub, type TestHub } from "../support/test-hub";
import { ADJUST, CREATE_WO, assertStockConsistent, snapshot } from "../stock/stock-fixture";

const BULK = `mutation($input: CreateWorkOrdersInput!, $key: String) {
  createWorkOrders(input: $input, idempotencyKey: $key) { failed replayed items { index result { replayed workOrder { number status } } error { code message field } } }
}`;

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ demo: true });
});
afterAll(() => t.stop());

const order = (extra: object = {}) => ({ materialCode: "ELEMENT-T", warehouseCode: "PLANT-1", quantity: "1", ...extra });
const orderCount = async () => (await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM work_order`))[0].n;

describe("atomic (the default)", () => {
  it("creates every order in one transaction, in the call's order; the call's key replays it", async () => {
    const before = await orderCount();
    const input = { items: [order(), order({ quantity: "2" }), order({ materialCode: "PCBA-CTRL" })] };
    const res = await t.gql(BULK, { input, key: "erp-batch-1" });
    expect(res.errors).toBeUndefined();
    const { items, failed, replayed } = res.data.createWorkOrders;
    expect({ failed, replayed }).toEqual({ failed: 0, replayed: false });
    expect(items.map((i: any) => [i.index, i.error, i.result.workOrder.status])).toEqual([[0, null, "RELEASED"], [1, null, "RELEASED"], [2, null, expect.any(String)]]);
    expect(await orderCount()).toBe(before + 3);
    const again = await t.gql(BULK, { input, key: "erp-batch-1" });
    expect(again.data.createWorkOrders.replayed).toBe(true);
    expect(again.data.createWorkOrders.items.map((i: any) => i.result.workOrder.number)).toEqual(items.map((i: any) => i.result.workOrder.number));
    expect(await orderCount()).toBe(before + 3);
    await assertStockConsistent(t);
  });

  it("refuses the whole call at the first bad item, naming its index, and writes nothing", async () => {
    const cases: [object[], string, number][] = [
      [[order(), order({ materialCode: "NO-SUCH" })], "NOT_FOUND", 1],
      [[order(), order(), order({ quantity: "-1" })], "BAD_USER_INPUT", 2],
      [[order(), order({ warehouseCode: "NOWHERE" })], "NOT_FOUND", 1],
      [[order({ materialCode: "MICA-SHEET" })], "BAD_USER_INPUT", 0], // no BOM to build it from
      [[order(), order({ operations: [{ sequence: 10, name: "a" }, { sequence: 10, name: "b" }] })], "BAD_USER_INPUT", 1],
      [[order({ materialCode: "ELEMENT-T", materialId: "1" })], "BAD_USER_INPUT", 0], // both id and code
    ];
    for (const [items, code, index] of cases) {
      const before = await snapshot(t);
      const res = await t.gql(BULK, { input: { items, atomic: true } });
      expect(res.data).toBeNull();
      expect(res.errors![0].extensions).toMatchObject({ code, index });
      expect(res.errors![0].message).toMatch(new RegExp(`^item ${index}: `));
      expect(await snapshot(t)).toEqual(before);
    }
    // a value that is no decimal at all is refused with the variables, before any item runs; the path names the item
    const before = await snapshot(t);
    const res = await t.gql(BULK, { input: { items: [order(), order({ quantity: "ten" })] } });
    expect(res.errors![0].extensions!.code).toBe("BAD_USER_INPUT");
    expect(res.errors![0].message).toContain("input.items[1].quantity");
    expect(await snapshot(t)).toEqual(before);
  });

  it("refuses an item for a warehouse outside the caller's scope (FORBIDDEN), nothing written", async () => {
    const dc = await t.token([Role.PLANNER], ["DC-1"]);
    const before = await snapshot(t);
    const res = await t.gql(BULK, { input: { items: [order({ warehouseCode: "DC-1", materialCode: "PCBA-CTRL" }), order()] } }, { auth: dc });
    expect(res.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", index: 1 });
    expect(await snapshot(t)).toEqual(before);
  });
});

describe("atomic: false", () => {
  it("runs each item on its own and says per item what was done or why not; the call's key retries only what failed", async () => {
    const dc = await t.token([Role.PLANNER], ["DC-1"]);
    const items = [
      order({ warehouseCode: "DC-1", materialCode: "PCBA-CTRL" }), order({ materialCode: "NO-SUCH" }), order({ warehouseCode: "DC-1", quantity: "0" }), order(), order({ warehouseCode: "STORE-9" }),
    ];
    const before = await orderCount();
    const res = await t.gql(BULK, { input: { items, atomic: false }, key: "erp-loose-1" }, { auth: dc });
    expect(res.errors).toBeUndefined();
    const r = res.data.createWorkOrders;
    expect(r.failed).toBe(4);
    expect(r.replayed).toBe(false);
    expect(r.items.map((i: any) => i.error?.code ?? "ok")).toEqual(["ok", "NOT_FOUND", "BAD_USER_INPUT", "FORBIDDEN", "FORBIDDEN"]);
    expect(r.items[2].error.field).toBe("quantity");
    expect(await orderCount()).toBe(before + 1);
    // the retry replays item 0 (its key is erp-loose-1#0) and refuses the others again
    const again = await t.gql(BULK, { input: { items, atomic: false }, key: "erp-loose-1" }, { auth: dc });
    expect(again.data.createWorkOrders.items[0].result).toEqual({ ...r.items[0].result, replayed: true });
    expect(again.data.createWorkOrders.failed).toBe(4);
    expect(await orderCount()).toBe(before + 1);
  });

  it("an item's own key is the single command's: what createWorkOrder did under it is replayed, not done again", async () => {
    const single = await t.gql(CREATE_WO, { input: order({ quantity: "3" }), key: "wo-77" });
    expect(single.errors).toBeUndefined();
    const before = await orderCount();
    const res = await t.gql(BULK, { input: { items: [{ ...order({ quantity: "3" }), idempotencyKey: "wo-77" }, order()], atomic: false } });
    expect(res.data.createWorkOrders.items[0].result).toEqual({ replayed: true, workOrder: { number: single.data.createWorkOrder.workOrder.number, status: "RELEASED" } });
    expect(await orderCount()).toBe(before + 1);
    // the same key for another input is a conflict of that item alone
    const other = await t.gql(BULK, { input: { items: [{ ...order({ quantity: "4" }), idempotencyKey: "wo-77" }], atomic: false } });
    expect(other.data.createWorkOrders.items[0].error.code).toBe("CONFLICT");
    // and in an atomic call it refuses the call
    const atomic = await t.gql(BULK, { input: { items: [order(), { ...order({ quantity: "4" }), idempotencyKey: "wo-77" }] } });
    expect(atomic.errors![0].extensions).toMatchObject({ code: "CONFLICT", index: 1 });
    expect(await orderCount()).toBe(before + 1);
  });
});

describe("limits", () => {
  it("refuses an empty call, more than MAX_BULK_ITEMS items and a call key too long for its items' keys, writing nothing", async () => {
    const cases: [object, string | null, object][] = [
      [{ items: [] }, null, { code: "BAD_USER_INPUT", field: "items" }],
      [{ items: Array.from({ length: MAX_BULK_ITEMS + 1 }, () => order()) }, null, { code: "LIMIT_EXCEEDED", limit: "bulkItems", max: MAX_BULK_ITEMS }],
      [{ items: Array.from({ length: MAX_BULK_ITEMS + 1 }, () => order()), atomic: false }, null, { code: "LIMIT_EXCEEDED", limit: "bulkItems" }],
      [{ items: [order()], atomic: false }, "k".repeat(198), { code: "BAD_USER_INPUT", field: "idempotencyKey" }],
      [{ items: [order()] }, "k".repeat(201), { code: "BAD_USER_INPUT", field: "idempotencyKey" }],
    ];
    for (const [input, key, extensions] of cases) {
      const before = await snapshot(t);
      const res = await t.gql(BULK, { input, key });
      expect(res.errors![0].extensions).toMatchObject(extensions);
      expect(await snapshot(t)).toEqual(before);
    }
  });

  it("is for planners and integrations, like createWorkOrder", async () => {
    const storekeeper = await t.token([Role.STOREKEEPER]);
    const res = await t.gql(BULK, { input: { items: [order()] } }, { auth: storekeeper });
    expect(res.errors![0].extensions!.code).toBe("FORBIDDEN");
  });
});

describe("many clients racing with batches for the same scarce stock", () => {
  it("never oversells: exactly 9 orders released, 11 reserved for each, 1 left free", async () => {
    // MICA-SHEET free down to 100; ELEMENT-T × 5 reserves 11 of it (2 × 5 + 2 %, rounded up): 9 orders are released, the rest SHORT.
    const [{ q }] = await t.db.sql.query<{ q: string }>(
      `SELECT (sum(b.on_hand) - sum(b.reserved))::text AS q FROM stock_balance b JOIN material m ON m.id = b.material_id JOIN location l ON l.id = b.location_id
        JOIN warehouse w ON w.id = l.warehouse_id WHERE m.code = 'MICA-SHEET' AND w.code = 'PLANT-1' AND l.code = 'A-02'`,
    );
    const adjust = await t.gql(ADJUST, { input: { materialCode: "MICA-SHEET", warehouseCode: "PLANT-1", locationCode: "A-02", quantity: String(100 - Number(q)), reasonCode: "TEST" } });
    expect(adjust.errors).toBeUndefined();
    const firstOrder = (await t.db.sql.query<{ n: number }>(`SELECT COALESCE(max(id), 0)::int AS n FROM work_order`))[0].n;
    const planner = await t.token([Role.PLANNER]);
    const calls = Array.from({ length: 12 }, (_, client) =>
      t.gql(BULK, { input: { items: Array.from({ length: 4 }, () => order({ quantity: "5" })), atomic: client % 2 === 0 } }, { auth: planner }),
    );
    const results = await Promise.all(calls);
    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    expect(results.flatMap((r) => r.data.createWorkOrders.items.filter((i: any) => i.error))).toEqual([]);
    const statuses = results.flatMap((r) => r.data.createWorkOrders.items.map((i: any) => i.result.workOrder.status));
    const released = statuses.filter((s) => s === "RELEASED").length;
    expect(statuses).toHaveLength(48);
    expect(released).toBe(9);
    const [reserved] = await t.db.sql.query<{ q: string; orders: number }>(
      `SELECT COALESCE(sum(r.quantity), 0)::text AS q, count(DISTINCT r.work_order_id)::int AS orders FROM reservation r JOIN material m ON m.id = r.material_id
        WHERE m.code = 'MICA-SHEET' AND r.work_order_id > $1`,
      [firstOrder],
    );
    expect(Number(reserved.q)).toBe(released * 11);
    expect(reserved.orders).toBe(released);
    const [free] = await t.db.sql.query<{ q: string }>(
      `SELECT (b.on_hand - b.reserved)::text AS q FROM stock_balance b JOIN material m ON m.id = b.material_id JOIN location l ON l.id = b.location_id
        WHERE m.code = 'MICA-SHEET' AND l.code = 'A-02' AND l.warehouse_id = (SELECT id FROM warehouse WHERE code = 'PLANT-1')`,
    );
    expect(Number(free.q)).toBe(100 - released * 11);
    await assertStockConsistent(t);
  }, 60_000);
});
