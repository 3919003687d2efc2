/**
 * postReceipts, an ERP's batch of goods receipts: all or nothing (atomic) or item by item, keys for the
 * call and per item, each kind of bad input and other warehouses refused with typed errors.
 */
import { Role } from "../../src/auth/roles";
import { MAX_BULK_ITEMS } from "../../src/domain/idempotency/bulk-command";
import { startTestHub, type TestHub } from "../support/test-hub";
import { RECEIVE, assertStockConsistent, onHand, snapshot } from "./stock-fixture";

const BULK = `mutation($input: PostReceiptsInput!, $key: String) {
  postReceipts(input: $input, idempotencyKey: $key) { failed replayed items { index result { replayed entries { type quantity lot { code } location { code } } } error { code message field } } }
}`;

let t: TestHub;
let erp: string;
beforeAll(async () => {
  t = await startTestHub({ demo: true });
  erp = await t.token([Role.INTEGRATION]);
});
afterAll(() => t.stop());

const mcu = (extra: object = {}) => ({ materialCode: "MCU-8BIT", warehouseCode: "PLANT-1", locationCode: "A-03", quantity: "10", ...extra });
const paint = (extra: object = {}) => ({ materialCode: "PAINT-BLACK", warehouseCode: "PLANT-1", locationCode: "A-02", quantity: "5", lotCode: "PB-BULK-1", ...extra });

it("atomic: posts every receipt in one transaction (a new lot too); the call's key replays it", async () => {
  const before = Number(await onHand(t, "MCU-8BIT", "PLANT-1", "A-03"));
  const input = { items: [mcu(), paint(), mcu({ quantity: "5" })] };
  const res = await t.gql(BULK, { input, key: "asn-1" }, { auth: erp });
  expect(res.errors).toBeUndefined();
  const r = res.data.postReceipts;
  expect({ failed: r.failed, replayed: r.replayed }).toEqual({ failed: 0, replayed: false });
  expect(r.items.map((i: any) => [i.index, i.result.entries[0].type, i.result.entries[0].quantity])).toEqual([[0, "RECEIPT", "10"], [1, "RECEIPT", "5"], [2, "RECEIPT", "5"]]);
  expect(r.items[1].result.entries[0].lot.code).toBe("PB-BULK-1");
  expect(Number(await onHand(t, "MCU-8BIT", "PLANT-1", "A-03"))).toBe(before + 15);
  const again = await t.gql(BULK, { input, key: "asn-1" }, { auth: erp });
  expect(again.data.postReceipts.replayed).toBe(true);
  expect(Number(await onHand(t, "MCU-8BIT", "PLANT-1", "A-03"))).toBe(before + 15);
  await assertStockConsistent(t);
});

it("atomic: each kind of bad item refuses the call with its code and index, writing nothing", async () => {
  const cases: [object, string][] = [
    [mcu({ quantity: "-1" }), "BAD_USER_INPUT"],
    [mcu({ quantity: "1.5" }), "BAD_USER_INPUT"],
    [mcu({ materialCode: "NO-SUCH" }), "NOT_FOUND"],
    [mcu({ locationCode: "Z-99" }), "NOT_FOUND"],
    [mcu({ uom: "KG" }), "BAD_USER_INPUT"],
    [paint({ lotCode: undefined }), "LOT_REQUIRED"],
    [mcu({ lotCode: "L1" }), "BAD_USER_INPUT"],
    [mcu({ purchaseOrderNumber: "PO-NONE" }), "NOT_FOUND"],
    [mcu({ warehouseCode: "DC-1", locationCode: "B-01" }), "FORBIDDEN"],
  ];
  const plantOnly = await t.token([Role.INTEGRATION], ["PLANT-1"]);
  for (const [bad, code] of cases) {
    const before = await snapshot(t);
    const res = await t.gql(BULK, { input: { items: [mcu(), paint({ lotCode: "PB-BULK-2" }), bad] } }, { auth: plantOnly });
    expect([JSON.stringify(bad), res.errors?.[0].extensions]).toEqual([JSON.stringify(bad), expect.objectContaining({ code, index: 2 })]);
    expect(await snapshot(t)).toEqual(before);
  }
});

it("atomic: false posts the good items and says why the others were not; per-item keys are receiveStock's", async () => {
  const single = await t.gql(RECEIVE, { input: mcu({ quantity: "7" }), key: "rcv-9" }, { auth: erp });
  expect(single.errors).toBeUndefined();
  const before = Number(await onHand(t, "MCU-8BIT", "PLANT-1", "A-03"));
  const items = [{ ...mcu({ quantity: "7" }), idempotencyKey: "rcv-9" }, mcu({ quantity: "0" }), mcu({ quantity: "2" }), paint({ lotCode: "" })];
  const res = await t.gql(BULK, { input: { items, atomic: false }, key: "asn-2" }, { auth: erp });
  expect(res.errors).toBeUndefined();
  const r = res.data.postReceipts;
  expect(r.items.map((i: any) => i.error?.code ?? (i.result.replayed ? "replayed" : "ok"))).toEqual(["replayed", "BAD_USER_INPUT", "ok", "LOT_REQUIRED"]);
  expect(r.failed).toBe(2);
  expect(Number(await onHand(t, "MCU-8BIT", "PLANT-1", "A-03"))).toBe(before + 2);
  await assertStockConsistent(t);
});

it("refuses an empty call and more than MAX_BULK_ITEMS items; storekeepers and integrations only", async () => {
  for (const [items, extensions] of [[[], { code: "BAD_USER_INPUT", field: "items" }], [Array.from({ length: MAX_BULK_ITEMS + 1 }, () => mcu()), { code: "LIMIT_EXCEEDED", limit: "bulkItems" }]] as const) {
    const before = await snapshot(t);
    const res = await t.gql(BULK, { input: { items } }, { auth: erp });
    expect(res.errors![0].extensions).toMatchObject(extensions);
    expect(await snapshot(t)).toEqual(before);
  }
  const planner = await t.token([Role.PLANNER]);
  expect((await t.gql(BULK, { input: { items: [mcu()] } }, { auth: planner })).errors![0].extensions!.code).toBe("FORBIDDEN");
});
