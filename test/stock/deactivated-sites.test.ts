/**
 * A deactivated warehouse or location takes no new stock: receipts, issues, moves, adjustments, transfers,
 * work orders, operation completions and scans naming one are INVALID_STATE naming the field, and write nothing.
 */
import { startTestHub, type TestHub } from "../support/test-hub";
import { SCAN, snapshot } from "./stock-fixture";

let t: TestHub;
let oldId: string;
let workOrder: string;
let transfer: string;
beforeAll(async () => {
  t = await startTestHub();
  const ok = async (q: string) => {
    const res = await t.gql(q);
    if (res.errors) throw new Error(`${q}: ${JSON.stringify(res.errors)}`);
    return res.data;
  };
  for (const q of [
    `mutation { createUnit(input: { code: "EA", name: "each", precision: 0 }) { code } }`,
    `mutation { createWarehouse(input: { code: "W1", name: "Plant" }) { code } }`,
    `mutation { createWarehouse(input: { code: "W2", name: "Store" }) { code } }`,
    `mutation { createWarehouse(input: { code: "W3", name: "Closed store" }) { code } }`,
    `mutation { createLocation(input: { warehouseCode: "W1", code: "A1", name: "Rack", kind: STORAGE }) { code } }`,
    `mutation { createLocation(input: { warehouseCode: "W1", code: "LINE", name: "Line", kind: PRODUCTION }) { code } }`,
    `mutation { createLocation(input: { warehouseCode: "W2", code: "RECV", name: "Dock", kind: RECEIVING }) { code } }`,
    `mutation { createLocation(input: { warehouseCode: "W2", code: "OLD2", name: "Old bay", kind: STORAGE }) { code } }`,
    `mutation { createLocation(input: { warehouseCode: "W3", code: "R3", name: "Rack", kind: STORAGE }) { code } }`,
    `mutation { createMaterial(input: { code: "PART", name: "Part", uomCode: "EA", type: BUY }) { code } }`,
    `mutation { createMaterial(input: { code: "KIT", name: "Kit", uomCode: "EA", type: MAKE }) { code } }`,
    `mutation { syncBom(input: { materialCode: "KIT", lines: [{ componentCode: "PART", quantityPer: "1" }] }) { revision } }`,
    `mutation { receiveStock(input: { materialCode: "PART", warehouseCode: "W1", locationCode: "A1", quantity: "20" }) { replayed } }`,
    `mutation { registerDevice(input: { code: "GUN-1", name: "Scanner", kind: BARCODE_SCANNER, warehouseCode: "W1", locationCode: "A1" }) { id } }`,
  ]) await ok(q);
  oldId = (await ok(`mutation { createLocation(input: { warehouseCode: "W1", code: "OLD", name: "Old rack", kind: STORAGE }) { id } }`)).createLocation.id;
  workOrder = (await ok(`mutation { createWorkOrder(input: { materialCode: "KIT", warehouseCode: "W1", quantity: "1" }) { workOrder { number } } }`)).createWorkOrder.workOrder.number;
  await ok(`mutation { startOperation(number: "${workOrder}", sequence: 10) { replayed } }`);
  transfer = (await ok(`mutation { createTransfer(input: { materialCode: "PART", fromWarehouseCode: "W1", toWarehouseCode: "W2", quantity: "2" }) { transferOrder { number } } }`))
    .createTransfer.transferOrder.number;
  await ok(`mutation { shipTransfer(input: { number: "${transfer}" }) { replayed } }`);
  // the empty ones are deactivated: they stay visible, with their history
  await ok(`mutation { updateLocation(input: { warehouseCode: "W1", code: "OLD", name: "Old rack", active: false }) { active } }`);
  await ok(`mutation { updateLocation(input: { warehouseCode: "W2", code: "OLD2", name: "Old bay", active: false }) { active } }`);
  await ok(`mutation { updateWarehouse(input: { code: "W3", name: "Closed store", active: false }) { active } }`);
}, 60_000);
afterAll(() => t?.stop());

const part = { materialCode: "PART" };
test.each<[string, string, () => Record<string, unknown>, string]>([
  ["a receipt into a deactivated location", "receiveStock", () => ({ ...part, warehouseCode: "W1", locationCode: "OLD", quantity: "1" }), "locationCode"],
  ["a receipt into it named by id", "receiveStock", () => ({ ...part, warehouseCode: "W1", locationId: oldId, quantity: "1" }), "locationId"],
  ["a receipt into a deactivated warehouse", "receiveStock", () => ({ ...part, warehouseCode: "W3", locationCode: "R3", quantity: "1" }), "warehouseCode"],
  ["an issue from a deactivated warehouse", "issueStock", () => ({ ...part, warehouseCode: "W3", quantity: "1" }), "warehouseCode"],
  ["a move into a deactivated location", "moveStock", () => ({ ...part, warehouseCode: "W1", fromLocationCode: "A1", toLocationCode: "OLD", quantity: "1" }), "toLocationCode"],
  ["an adjustment at a deactivated location", "adjustStock", () => ({ ...part, warehouseCode: "W1", locationCode: "OLD", quantity: "1", reasonCode: "FOUND" }), "locationCode"],
  ["a transfer to a deactivated warehouse", "createTransfer", () => ({ ...part, fromWarehouseCode: "W1", toWarehouseCode: "W3", quantity: "1" }), "toWarehouseCode"],
  ["a transfer received into a deactivated location", "receiveTransfer", () => ({ number: transfer, locationCode: "OLD2" }), "locationCode"],
  ["a work order in a deactivated warehouse", "createWorkOrder", () => ({ materialCode: "KIT", warehouseCode: "W3", quantity: "1" }), "warehouseCode"],
  ["finished goods into a deactivated location", "completeOperation", () => ({ number: workOrder, sequence: 10, goodQuantity: "1", locationCode: "OLD" }), "locationCode"],
  ["a scan into a deactivated location", "scan", () => ({ deviceId: "GUN-1", code: "PART", action: "RECEIVE", quantity: "1", warehouseCode: "W1", locationCode: "OLD" }), "locationCode"],
  ["a scan in a deactivated warehouse", "scan", () => ({ deviceId: "GUN-1", code: "PART", action: "COUNT", quantity: "0", warehouseCode: "W3", locationCode: "R3" }), "warehouseCode"],
])("%s is INVALID_STATE naming the field, and writes nothing", async (_label, mutation, input, field) => {
  const before = await snapshot(t);
  const document = mutation === "scan" ? SCAN : `mutation($input: ${inputType[mutation]}!) { ${mutation}(input: $input) { replayed } }`;
  const res = await t.gql(document, { input: input() });
  expect(res.errors?.[0].extensions).toMatchObject({ code: "INVALID_STATE", field });
  expect(res.errors?.[0].message).toMatch(/is deactivated$/);
  expect(await snapshot(t)).toEqual(before);
});

const inputType: Record<string, string> = {
  receiveStock: "ReceiveStockInput", issueStock: "IssueStockInput", moveStock: "MoveStockInput", adjustStock: "AdjustStockInput", createTransfer: "CreateTransferInput",
  receiveTransfer: "ReceiveTransferInput", createWorkOrder: "CreateWorkOrderInput", completeOperation: "CompleteOperationInput",
};

test("active warehouses and locations still take stock, and a transfer lands on an active location by default", async () => {
  const res = await t.gql(`mutation { receiveTransfer(input: { number: "${transfer}" }) { entries { location { code } } } }`);
  expect(res.errors).toBeUndefined();
  expect(res.data.receiveTransfer.entries.map((e: { location: { code: string } }) => e.location.code)).toEqual(["RECV"]);
});
