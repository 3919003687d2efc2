/**
 * A whole plant from an empty database through the graph alone (no SQL writes): units, warehouses,
 * locations, suppliers, prices, materials, BOMs, substitutes, routings, work centers, costs; then stock
 * is received, a work order copies its product's routing, MRP suggests purchases from the preferred
 * supplier, and stock has a value.
 */
import { Role } from "../../src/auth/roles";
import { startTestHub, type TestHub } from "../support/test-hub";

let t: TestHub;
let planner: string;
beforeAll(async () => {
  t = await startTestHub();
  planner = await t.token([Role.PLANNER]);
}, 60_000);
afterAll(() => t?.stop());

/** Runs a mutation as the planner and fails the test with the errors if there are any. */
async function ok(query: string, variables: Record<string, unknown> = {}) {
  const res = await t.gql(query, variables, { auth: planner });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

const UNIT = `mutation($input: UnitInput!) { createUnit(input: $input) { code precision } }`;
const WAREHOUSE = `mutation($input: WarehouseInput!) { createWarehouse(input: $input) { code kind active } }`;
const LOCATION = `mutation($input: LocationInput!) { createLocation(input: $input) { code kind pickSequence x y capacity } }`;
const MATERIAL = `mutation($input: CreateMaterialInput!) { createMaterial(input: $input) { code } }`;
const MATERIAL_UNIT = `mutation($input: MaterialUnitInput!) { setMaterialUnit(input: $input) { uomCode factor } }`;
const RECEIVE = `mutation($input: ReceiveStockInput!) { receiveStock(input: $input) { entries { quantity } } }`;

test("an empty database has no units, and a material cannot be created before its unit", async () => {
  const res = await t.gql(MATERIAL, { input: { code: "BOLT", name: "Bolt", uomCode: "EA", type: "BUY" } }, { auth: planner });
  expect(res.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "uomCode" });
});

test("units, warehouses, locations and alternative units; receipts in a box convert to pieces", async () => {
  expect((await ok(UNIT, { input: { code: "ea", name: "each", precision: 0 } })).createUnit).toEqual({ code: "EA", precision: 0 });
  await ok(UNIT, { input: { code: "KG", name: "kilogram", precision: 3 } });
  await ok(UNIT, { input: { code: "BOX", name: "box", precision: 0 } });
  await ok(UNIT, { input: { code: "DRUM", name: "drum", precision: 1 } });
  expect((await ok(WAREHOUSE, { input: { code: "PLANT-9", name: "Plant nine", kind: "PLANT" } })).createWarehouse).toEqual({ code: "PLANT-9", kind: "PLANT", active: true });
  for (const [code, kind, pickSequence] of [["RECV", "RECEIVING", 1], ["A-01", "STORAGE", 2], ["LINE", "PRODUCTION", 3], ["QUAR", "QUARANTINE", 4], ["SHIP", "SHIPPING", 5]] as const) {
    await ok(LOCATION, { input: { warehouseCode: "PLANT-9", code, name: code, kind, pickSequence, x: String(pickSequence * 2.5), y: "1", capacity: "1000" } });
  }
  const { warehouses } = await ok(`{ warehouses { code locations { code kind pickSequence x capacity active } } }`);
  expect(warehouses[0].locations).toContainEqual({ code: "QUAR", kind: "QUARANTINE", pickSequence: 4, x: "10", capacity: "1000", active: true });

  await ok(MATERIAL, { input: { code: "BOLT", name: "Bolt", uomCode: "EA", type: "BUY" } });
  await ok(MATERIAL, { input: { code: "OIL", name: "Oil", uomCode: "KG", type: "BUY" } });
  expect((await ok(MATERIAL_UNIT, { input: { materialCode: "BOLT", uomCode: "BOX", factor: "12" } })).setMaterialUnit).toEqual({ uomCode: "BOX", factor: "12" });
  await ok(MATERIAL_UNIT, { input: { materialCode: "OIL", uomCode: "DRUM", factor: "200" } });
  await ok(MATERIAL_UNIT, { input: { materialCode: "BOLT", uomCode: "KG", factor: "2.5" } });

  const storekeeper = await t.token([Role.STOREKEEPER]);
  const recv = (materialCode: string, quantity: string, uom: string) =>
    t.gql(RECEIVE, { input: { materialCode, warehouseCode: "PLANT-9", locationCode: "A-01", quantity, uom } }, { auth: storekeeper });
  expect((await recv("BOLT", "3", "BOX")).data?.receiveStock.entries).toEqual([{ quantity: "36" }]);
  expect((await recv("OIL", "0.5", "DRUM")).data?.receiveStock.entries).toEqual([{ quantity: "100" }]);
  // 0.2 kg of bolts would be half a bolt: refused, never rounded
  const half = await recv("BOLT", "0.2", "KG");
  expect(half.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "quantity" });
  const unknown = await recv("BOLT", "1", "DRUM");
  expect(unknown.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "uom" });
  const { material } = await ok(`{ material(code: "BOLT") { units { uomCode factor } balances { onHand } } }`);
  expect(material).toEqual({ units: [{ uomCode: "BOX", factor: "12" }, { uomCode: "KG", factor: "2.5" }], balances: [{ onHand: "36" }] });
});
