/** A small plant for the picking tests, built through the graph: bins with coordinates and a kit whose parts lie in them. */
import type { TestHub } from "../support/test-hub";

export const PICK_LIST = `id number status pathLength workOrder { number } transferOrder { number }
  lines { stop location { code } material { code } lot { code } quantity pickedQuantity status }`;
export const CREATE_PICK = `mutation($input: CreatePickListInput!, $key: String) { createPickList(input: $input, idempotencyKey: $key) { replayed pickList { ${PICK_LIST} } } }`;
export const CONFIRM = `mutation($input: ConfirmPickInput!, $key: String) { confirmPick(input: $input, idempotencyKey: $key) {
  replayed exceptionId entries { type quantity location { code } workOrder { number } transferOrder { number } } pickList { status } } }`;

/**
 * Bins P-A … P-E at (2,1) (3,6) (6,5) (10,1) (4,3): from the origin, nearest neighbour walks A E C B D, which
 * crosses itself; 2-opt makes it A E B C D (17.046). PART-A … PART-E lie one per bin (PART-B also at P-D,
 * received later); KIT needs one of each.
 */
export const BINS: [string, number, number][] = [["P-A", 2, 1], ["P-B", 3, 6], ["P-C", 6, 5], ["P-D", 10, 1], ["P-E", 4, 3]];

export async function seedPickingPlant(t: TestHub) {
  const ok = async (query: string, input: Record<string, unknown>) => {
    const res = await t.gql(query, { input });
    if (res.errors) throw new Error(`${query.slice(0, 50)}: ${JSON.stringify(res.errors)}`);
    return res.data;
  };
  await ok(`mutation($input: UnitInput!) { createUnit(input: $input) { code } }`, { code: "EA", name: "each", precision: 0 });
  for (const [code, kind] of [["W1", "PLANT"], ["W2", "STORE"]]) await ok(`mutation($input: WarehouseInput!) { createWarehouse(input: $input) { code } }`, { code, name: code, kind });
  const location = `mutation($input: LocationInput!) { createLocation(input: $input) { code } }`;
  for (const [code, x, y] of BINS) await ok(location, { warehouseCode: "W1", code, name: code, x: String(x), y: String(y) });
  await ok(location, { warehouseCode: "W1", code: "LINE", name: "Line", kind: "PRODUCTION" });
  await ok(location, { warehouseCode: "W2", code: "DOCK", name: "Dock", kind: "RECEIVING" });
  const material = `mutation($input: CreateMaterialInput!) { createMaterial(input: $input) { code } }`;
  for (const part of ["A", "B", "C", "D", "E"]) await ok(material, { code: `PART-${part}`, name: `Part ${part}`, uomCode: "EA", type: "BUY" });
  await ok(material, { code: "KIT", name: "Kit", uomCode: "EA", type: "MAKE" });
  await ok(`mutation($input: ReplaceBomInput!) { replaceBom(input: $input) { revision } }`, {
    materialCode: "KIT", lines: ["A", "B", "C", "D", "E"].map((p) => ({ componentCode: `PART-${p}`, quantityPer: "1" })),
  });
  const receive = `mutation($input: ReceiveStockInput!) { receiveStock(input: $input) { replayed } }`;
  for (const [code] of BINS) await ok(receive, { materialCode: `PART-${code.slice(2)}`, warehouseCode: "W1", locationCode: code, quantity: "10" });
  await ok(receive, { materialCode: "PART-B", warehouseCode: "W1", locationCode: "P-D", quantity: "10" });
}

/** A released work order for `quantity` kits in W1 (its parts reserved); its number. */
export async function kitOrder(t: TestHub, quantity: string): Promise<string> {
  const res = await t.gql(`mutation { createWorkOrder(input: { materialCode: "KIT", warehouseCode: "W1", quantity: "${quantity}" }) { workOrder { number status } } }`);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  expect(res.data.createWorkOrder.workOrder.status).toBe("RELEASED");
  return res.data.createWorkOrder.workOrder.number;
}
