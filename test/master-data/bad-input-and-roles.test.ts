/**
 * Bad master data is refused with a typed error naming the field and writes nothing; master data belongs
 * to planners, administrators and integrations, and every change is audited under its author.
 */
import { Role } from "../../src/auth/roles";
import { startTestHub, type TestHub } from "../support/test-hub";

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
  const setup = [
    `mutation { createUnit(input: { code: "EA", name: "each", precision: 0 }) { code } }`,
    `mutation { createUnit(input: { code: "KG", name: "kilogram", precision: 3 }) { code } }`,
    `mutation { createWarehouse(input: { code: "W1", name: "Store" }) { code } }`,
    `mutation { createLocation(input: { warehouseCode: "W1", code: "A1", name: "Rack", kind: STORAGE }) { code } }`,
    `mutation { createLocation(input: { warehouseCode: "W1", code: "EMPTY", name: "Empty rack" }) { code } }`,
    `mutation { createMaterial(input: { code: "GLUE", name: "Glue", uomCode: "KG", type: BUY }) { code } }`,
    `mutation { createMaterial(input: { code: "BOX", name: "Box", uomCode: "EA", type: BUY }) { code } }`,
    `mutation { createMaterial(input: { code: "KIT", name: "Kit", uomCode: "EA", type: MAKE }) { code } }`,
    `mutation { createSupplier(input: { code: "S1", name: "Supplier one" }) { code } }`,
    `mutation { receiveStock(input: { materialCode: "GLUE", warehouseCode: "W1", locationCode: "A1", quantity: "2.5" }) { replayed } }`,
  ];
  for (const q of setup) {
    const res = await t.gql(q);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
  }
}, 60_000);
afterAll(() => t?.stop());

const TABLES = ["unit_of_measure", "material_unit", "warehouse", "location", "supplier", "supplier_item", "supplier_price", "substitute", "material_cost", "work_center", "routing_operation", "audit_log"];
const snapshot = async () => {
  const out: Record<string, unknown> = {};
  for (const table of TABLES) out[table] = await t.db.sql.query(`SELECT * FROM ${table} ORDER BY 1`);
  return JSON.parse(JSON.stringify(out));
};

test.each([
  ["a precision above 6", `mutation { createUnit(input: { code: "X", name: "x", precision: 7 }) { code } }`, "precision"],
  ["a precision that would round stock (2.5 kg)", `mutation { updateUnit(input: { code: "KG", name: "kilogram", precision: 0 }) { code } }`, "precision"],
  ["a unit conversion of zero", `mutation { setMaterialUnit(input: { materialCode: "BOX", uomCode: "KG", factor: "0" }) { uomCode } }`, "factor"],
  ["an alternative unit that does not exist", `mutation { setMaterialUnit(input: { materialCode: "BOX", uomCode: "CRATE", factor: "10" }) { uomCode } }`, "uomCode"],
  ["a location in an unknown warehouse", `mutation { createLocation(input: { warehouseCode: "NOPE", code: "B1", name: "x" }) { code } }`, "warehouseCode"],
  ["a location kind change with stock", `mutation { updateLocation(input: { warehouseCode: "W1", code: "A1", name: "Rack", kind: QUARANTINE }) { code } }`, "kind"],
  ["deactivating a location with stock", `mutation { updateLocation(input: { warehouseCode: "W1", code: "A1", name: "Rack", active: false }) { code } }`, "active"],
  ["a supplier item of an unknown material", `mutation { syncSupplierItem(input: { supplierCode: "S1", materialCode: "NOPE" }) { preferred } }`, "materialCode"],
  ["a supplier item of an unknown supplier", `mutation { syncSupplierItem(input: { supplierCode: "NOPE", materialCode: "BOX" }) { preferred } }`, "supplierCode"],
  ["a minimum order finer than the unit", `mutation { syncSupplierItem(input: { supplierCode: "S1", materialCode: "BOX", minOrderQuantity: "2.5" }) { preferred } }`, "minOrderQuantity"],
  ["a price in no currency", `mutation { syncSupplierPrice(input: { supplierCode: "S1", materialCode: "BOX", price: "1", currency: "EURO", validFrom: "2026-01-01T00:00:00Z" }) { price } }`, "currency"],
  ["a material substituting itself", `mutation { syncSubstitute(input: { materialCode: "BOX", substituteCode: "BOX" }) { priority } }`, "substituteCode"],
  ["a substitute ratio of zero", `mutation { syncSubstitute(input: { materialCode: "BOX", substituteCode: "GLUE", ratio: "0" }) { priority } }`, "ratio"],
  ["a substitute for a product whose BOM lacks the material", `mutation { syncSubstitute(input: { materialCode: "BOX", substituteCode: "GLUE", productCode: "KIT" }) { priority } }`, "productCode"],
  ["a cost of an unknown material", `mutation { setStandardCost(input: { materialCode: "NOPE", cost: "1", currency: "EUR" }) { cost } }`, "materialCode"],
  ["a routing at an unknown work center", `mutation { syncRouting(input: { materialCode: "KIT", operations: [{ sequence: 10, name: "Pack", workCenterCode: "NOPE" }] }) { sequence } }`, "operations[0].workCenterCode"],
  ["a work center with 25 hours a day", `mutation { createWorkCenter(input: { code: "WC", name: "x", hoursPerDay: "25" }) { code } }`, "hoursPerDay"],
])("%s is BAD_USER_INPUT naming the field, and nothing is written", async (_label, mutation, field) => {
  const before = await snapshot();
  const res = await t.gql(mutation);
  expect(res.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
  expect(await snapshot()).toEqual(before);
});

test("every problem of an input is reported at once", async () => {
  const res = await t.gql(`mutation { createSupplier(input: { code: "bad code!", name: " ", leadTimeDays: -1 }) { code } }`);
  expect(res.errors?.[0].extensions?.errors).toEqual([
    { field: "code", message: expect.any(String) },
    { field: "name", message: expect.any(String) },
    { field: "leadTimeDays", message: expect.any(String) },
  ]);
});

test("a location with stock cannot be deleted; an empty one that never held stock can", async () => {
  const before = await snapshot();
  const held = await t.gql(`mutation { deleteLocation(warehouseCode: "W1", code: "A1") }`);
  expect(held.errors?.[0].extensions).toMatchObject({ code: "CONFLICT", field: "code" });
  expect(await snapshot()).toEqual(before);
  expect((await t.gql(`mutation { deleteLocation(warehouseCode: "W1", code: "EMPTY") }`)).data?.deleteLocation).toBe(true);
});

test("creating a code twice is CONFLICT; updating an unknown one NOT_FOUND", async () => {
  expect((await t.gql(`mutation { createUnit(input: { code: "EA", name: "each", precision: 0 }) { code } }`)).errors?.[0].extensions?.code).toBe("CONFLICT");
  expect((await t.gql(`mutation { updateSupplier(input: { code: "NOBODY", name: "x" }) { code } }`)).errors?.[0].extensions?.code).toBe("NOT_FOUND");
});

test("viewers and storekeepers may read master data but not change it; integrations sync it, audited under their name", async () => {
  const change = `mutation { syncUnit(input: { code: "L", name: "litre", precision: 3 }) { code } }`;
  for (const role of [Role.VIEWER, Role.STOREKEEPER]) {
    const token = await t.token([role]);
    expect((await t.gql(change, {}, { auth: token })).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect((await t.gql(`mutation { syncSupplier(input: { code: "S9", name: "x" }) { code } }`, {}, { auth: token })).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect((await t.gql(`{ units { code } suppliers { code } workCenters { code } }`, {}, { auth: token })).errors).toBeUndefined();
  }
  const erp = await t.token([Role.INTEGRATION]);
  expect((await t.gql(change, {}, { auth: erp })).data?.syncUnit).toEqual({ code: "L" });
  expect((await t.gql(`mutation { syncUnit(input: { code: "L", name: "liter", precision: 3 }) { code } }`, {}, { auth: erp })).errors).toBeUndefined();
  const audit = await t.db.sql.query(`SELECT actor, action FROM audit_log WHERE entity = 'UnitOfMeasure' AND entity_id = 'L' ORDER BY id`);
  expect(audit).toEqual([{ actor: "user:test-integration", action: "create" }, { actor: "user:test-integration", action: "update" }]);
  const planner = await t.token([Role.PLANNER]);
  expect((await t.gql(`mutation { syncWorkCenter(input: { code: "PACK", name: "Packing", hoursPerDay: "8" }) { code } }`, {}, { auth: planner })).errors).toBeUndefined();
});
