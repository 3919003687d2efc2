/**
 * A whole plant from an empty database through the graph alone (no SQL writes): units, warehouses,
 * locations, suppliers, prices, materials, BOMs, substitutes, routings, work centers, costs; then stock
 * is received, a work order copies its product's routing, MRP suggests purchases from the preferred
 * supplier, and stock has a value.
 */
import { Role } from "../../src/auth/roles";
import { startTestHub, type TestHub } from "../support/test-hub";
import { until } from "../support/until";

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

test("suppliers with terms and prices, a BOM with a substitute, a routing, costs; a work order copies the routing", async () => {
  await ok(`mutation { createSupplier(input: { code: "acme", name: "Acme Fasteners", contact: "Jo Buyer", email: "jo@acme.example", leadTimeDays: 10 }) { code } }`);
  await ok(`mutation { syncSupplier(input: { code: "BOLTCO", name: "Bolt & Co", leadTimeDays: 3 }) { code } }`);
  await ok(MATERIAL, { input: { code: "CART", name: "Cart", uomCode: "EA", type: "MAKE", abcClass: "A" } });
  await ok(MATERIAL, { input: { code: "BOLT-B", name: "Bolt, other make", uomCode: "EA", type: "BUY" } });
  await ok(`mutation { updateMaterial(id: "1", input: { leadTimeDays: 30, abcClass: C }) { code } }`);
  await ok(`mutation { updateMaterial(id: "2", input: { abcClass: B }) { code } }`);
  const SUPPLIER_ITEM = `mutation($input: SupplierItemInput!) { syncSupplierItem(input: $input) { supplierCode leadTimeDays minOrderQuantity orderMultiple preferred } }`;
  await ok(SUPPLIER_ITEM, { input: { supplierCode: "BOLTCO", materialCode: "BOLT", leadTimeDays: 2, preferred: true } });
  // a new preferred supplier takes the mark from the one before
  await ok(SUPPLIER_ITEM, { input: { supplierCode: "ACME", materialCode: "BOLT", minOrderQuantity: "100", orderMultiple: "50", preferred: true } });
  await ok(`mutation($input: SupplierPriceInput!) { syncSupplierPrice(input: $input) { price } }`, {
    input: { supplierCode: "ACME", materialCode: "BOLT", price: "0.095", currency: "eur", validFrom: "2026-01-01T00:00:00Z", validTo: "2027-01-01T00:00:00Z" },
  });
  await ok(`mutation { syncBom(input: { materialCode: "CART", lines: [{ componentCode: "BOLT", quantityPer: "4" }, { componentCode: "OIL", quantityPer: "0.25" }] }) { revision } }`);
  await ok(`mutation { syncSubstitute(input: { materialCode: "BOLT", substituteCode: "BOLT-B", priority: 1, ratio: "1", productCode: "CART", validFrom: "2026-01-01T00:00:00Z" }) { substituteCode } }`);
  await ok(`mutation { createWorkCenter(input: { code: "ASSY", name: "Assembly cell", hoursPerDay: "16" }) { code } }`);
  await ok(`mutation { syncWorkCenter(input: { code: "PAINT", name: "Paint booth", hoursPerDay: "7.5" }) { code } }`);
  await ok(`mutation { syncRouting(input: { materialCode: "CART", operations: [
    { sequence: 20, name: "Paint", workCenterCode: "PAINT", runMinutesPerUnit: "1.5" },
    { sequence: 10, name: "Assemble", workCenterCode: "ASSY", setupMinutes: "30", runMinutesPerUnit: "2.5" }] }) { sequence } }`);
  for (const [materialCode, cost, validFrom] of [["BOLT", "0.08", "2026-01-01"], ["BOLT", "0.1", "2026-06-01"], ["OIL", "2.5", "2026-01-01"], ["CART", "25", "2026-01-01"]]) {
    await ok(`mutation($input: StandardCostInput!) { setStandardCost(input: $input) { cost } }`, { input: { materialCode, cost, currency: "EUR", validFrom: `${validFrom}T00:00:00Z` } });
  }

  const { material } = await ok(`{ material(code: "BOLT") {
    suppliers { supplierCode leadTimeDays minOrderQuantity orderMultiple preferred } supplierPrices { supplierCode price currency }
    substitutes { substituteCode priority ratio productCode } standardCosts { cost validFrom } } }`);
  expect(material).toEqual({
    suppliers: [
      { supplierCode: "ACME", leadTimeDays: null, minOrderQuantity: "100", orderMultiple: "50", preferred: true },
      { supplierCode: "BOLTCO", leadTimeDays: 2, minOrderQuantity: null, orderMultiple: null, preferred: false },
    ],
    supplierPrices: [{ supplierCode: "ACME", price: "0.095", currency: "EUR" }],
    substitutes: [{ substituteCode: "BOLT-B", priority: 1, ratio: "1", productCode: "CART" }],
    standardCosts: [{ cost: "0.1", validFrom: "2026-06-01T00:00:00.000Z" }, { cost: "0.08", validFrom: "2026-01-01T00:00:00.000Z" }],
  });

  const wo = await ok(`mutation { createWorkOrder(input: { materialCode: "CART", warehouseCode: "PLANT-9", quantity: "5", dueDate: "2026-12-07T00:00:00Z" }) {
    workOrder { number status operations { sequence name workCenter } } } }`);
  expect(wo.createWorkOrder.workOrder).toMatchObject({
    status: "RELEASED",
    operations: [{ sequence: 10, name: "Assemble", workCenter: "ASSY" }, { sequence: 20, name: "Paint", workCenter: "PAINT" }],
  });
});

test("MRP suggests buying from the preferred supplier, with its lead time and order rules", async () => {
  await ok(`mutation { createMpsLine(input: { materialCode: "CART", warehouseCode: "PLANT-9", quantity: "100", dueDate: "2026-12-21T00:00:00Z" }) { id } }`);
  const started = await ok(`mutation { startMrpRun(input: { warehouseCode: "PLANT-9", bucket: WEEK, horizonBuckets: 8, startDate: "2026-11-30T00:00:00Z" }) { id } }`);
  await until(async () => (await ok(`query($id: ID!) { mrpRun(id: $id) { status } }`, { id: started.startMrpRun.id })).mrpRun.status === "COMPLETED", "the MRP run");
  const { purchaseSuggestions } = await ok(`{ purchaseSuggestions(warehouseCode: "PLANT-9") { nodes { material { code } quantity releaseDate dueDate supplierCode } } }`);
  // CART: 100 − 5 on order = 95 → BOLT 380 − (36 on hand − 20 reserved) = 364 → at least 100, in fifties: 400,
  // ordered ACME's 10 days before it is due (not the material's own 30)
  expect(purchaseSuggestions.nodes).toEqual([
    { material: { code: "BOLT" }, quantity: "400", releaseDate: "2026-12-11T00:00:00.000Z", dueDate: "2026-12-21T00:00:00.000Z", supplierCode: "ACME" },
  ]);
});

test("stock has a value at standard cost, by warehouse, material and ABC class", async () => {
  const value = async (groupBy: string) => (await ok(`query($g: ValueGrouping!) { inventoryValue(groupBy: $g) { key currency quantity value unvaluedLines } }`, { g: groupBy })).inventoryValue;
  // BOLT 36 × 0.10 (the cost in effect today, not the older 0.08) and OIL 100 kg × 2.50
  expect(await value("MATERIAL")).toEqual([
    { key: "BOLT", currency: "EUR", quantity: "36", value: "3.6", unvaluedLines: 0 },
    { key: "OIL", currency: "EUR", quantity: "100", value: "250", unvaluedLines: 0 },
  ]);
  expect(await value("ABC_CLASS")).toEqual([
    { key: "B", currency: "EUR", quantity: "100", value: "250", unvaluedLines: 0 },
    { key: "C", currency: "EUR", quantity: "36", value: "3.6", unvaluedLines: 0 },
  ]);
  expect(await value("WAREHOUSE")).toEqual([{ key: "PLANT-9", currency: "EUR", quantity: "136", value: "253.6", unvaluedLines: 0 }]);
});
