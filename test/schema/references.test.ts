/**
 * One convention for naming things in arguments: a material, warehouse, location or order is named by
 * its id or by its code (orders: number), exactly one; a NOT_FOUND names the type in one spelling.
 */
import { Role } from "../../src/auth/roles";
import { startTestHub, wsEvents, wsOnce, type TestHub } from "../support/test-hub";
import { until } from "../support/until";

let t: TestHub;
let ids: { toaster: string; plant: string; rack: string };
beforeAll(async () => {
  t = await startTestHub({ demo: true });
  const res = await t.gql(`query { material(code: "TOASTER-2S") { id } warehouse(code: "PLANT-1") { id locations { id code } } }`);
  ids = { toaster: res.data.material.id, plant: res.data.warehouse.id, rack: res.data.warehouse.locations.find((l: { code: string }) => l.code === "A-01").id };
}, 60_000);
afterAll(() => t?.stop());

const EXPLODE = `query($id: ID, $code: String) { bomExplosion(materialId: $id, materialCode: $code, quantity: "2") { materialId summary { component { code } totalQuantity } } }`;

test("bomExplosion and whereUsed take the material's code as well as its id", async () => {
  const byCode = await t.gql(EXPLODE, { code: "TOASTER-2S" });
  expect(byCode.errors).toBeUndefined();
  expect(byCode.data.bomExplosion.summary.length).toBeGreaterThan(0);
  expect(byCode.data).toEqual((await t.gql(EXPLODE, { id: ids.toaster })).data);
  const used = await t.gql(`query { whereUsed(materialCode: "PCBA-CTRL") { parent { code } } }`);
  expect(used.errors).toBeUndefined();
  expect(used.data.whereUsed.map((e: { parent: { code: string } }) => e.parent.code)).toContain("TOASTER-2S");
});

test.each([
  ["neither", {}],
  ["both", { id: "1", code: "TOASTER-2S" }],
])("naming a material by %s is BAD_USER_INPUT", async (_label, vars) => {
  const res = await t.gql(EXPLODE, vars);
  expect(res.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "material" });
});

test("materials are changed by code as well as by id", async () => {
  const res = await t.gql(`mutation { updateMaterial(code: "TOASTER-2S", input: { leadTimeDays: 3 }) { code leadTimeDays } }`);
  expect(res.errors).toBeUndefined();
  expect(res.data.updateMaterial).toEqual({ code: "TOASTER-2S", leadTimeDays: 3 });
});

test("stock moves, availability and demand take ids as well as codes", async () => {
  const receipt = await t.gql(`mutation($m: ID, $w: ID, $l: ID) { receiveStock(input: { materialId: $m, warehouseId: $w, locationId: $l, quantity: "2" }) { entries { material { code } location { code } } } }`,
    { m: ids.toaster, w: ids.plant, l: ids.rack });
  expect(receipt.errors).toBeUndefined();
  expect(receipt.data.receiveStock.entries).toEqual([{ material: { code: "TOASTER-2S" }, location: { code: "A-01" } }]);
  const stock = await t.gql(`query($m: ID, $w: ID) { stockAvailability(materialId: $m, warehouseId: $w) { onHand warehouse { code } } }`, { m: ids.toaster, w: ids.plant });
  expect(stock.errors).toBeUndefined();
  expect(stock.data.stockAvailability).toEqual([expect.objectContaining({ warehouse: { code: "PLANT-1" } })]);
  const mps = await t.gql(`mutation($m: ID, $w: ID) { createMpsLine(input: { materialId: $m, warehouseId: $w, quantity: "1", dueDate: "2030-01-07" }) { material { code } } }`, { m: ids.toaster, w: ids.plant });
  expect(mps.errors).toBeUndefined();
});

test("work orders are named by id as well as by number", async () => {
  const created = await t.gql(`mutation { createWorkOrder(input: { materialCode: "PCBA-CTRL", warehouseCode: "PLANT-1", quantity: "1" }) { workOrder { id number } } }`);
  const { id, number } = created.data.createWorkOrder.workOrder;
  expect((await t.gql(`query($id: ID) { workOrder(id: $id) { number } }`, { id })).data.workOrder).toEqual({ number });
  const cancelled = await t.gql(`mutation($id: ID) { cancelWorkOrder(id: $id) { workOrder { number status } } }`, { id });
  expect(cancelled.errors).toBeUndefined();
  expect(cancelled.data.cancelWorkOrder.workOrder).toEqual({ number, status: "CANCELLED" });
});

test.each([
  ["a material by code", `query { bomExplosion(materialCode: "NOPE") { materialId } }`, "Material", "NOPE"],
  ["a material by a malformed id", `query { bomExplosion(materialId: "abc") { materialId } }`, "Material", "abc"],
  ["a material in a movement", `mutation { receiveStock(input: { materialCode: "NOPE", warehouseCode: "PLANT-1", locationCode: "A-01", quantity: "1" }) { replayed } }`, "Material", "NOPE"],
  ["a material in availability", `query { stockAvailability(materialCode: "NOPE") { onHand } }`, "Material", "NOPE"],
  ["a warehouse", `mutation { receiveStock(input: { materialCode: "TOASTER-2S", warehouseCode: "NOPE", locationCode: "A-01", quantity: "1" }) { replayed } }`, "Warehouse", "NOPE"],
  ["a location", `mutation { receiveStock(input: { materialCode: "TOASTER-2S", warehouseCode: "PLANT-1", locationCode: "NOPE", quantity: "1" }) { replayed } }`, "Location", "NOPE"],
  ["a work order", `mutation { cancelWorkOrder(number: "NOPE") { replayed } }`, "WorkOrder", "NOPE"],
  ["a purchase order", `mutation { cancelPurchaseOrder(number: "NOPE") { number } }`, "PurchaseOrder", "NOPE"],
  ["a transfer order", `mutation { cancelTransfer(number: "NOPE") { replayed } }`, "TransferOrder", "NOPE"],
  ["a lot", `query { traceForward(materialCode: "TOASTER-2S", lotCode: "NOPE") { depth } }`, "Lot", "NOPE"],
])("NOT_FOUND of %s names its type in one spelling", async (_label, query, entity, key) => {
  const res = await t.gql(query);
  expect(res.errors?.[0].extensions).toMatchObject({ code: "NOT_FOUND", entity, key });
});

test("listings filter by id as well as by code", async () => {
  const byCode = await t.gql(`query { stockLedger(filter: { materialCode: "TOASTER-2S", warehouseCode: "PLANT-1" }) { totalCount }
    workOrders(filter: { materialCode: "PCBA-CTRL", warehouseCode: "PLANT-1" }) { totalCount }
    purchaseOrders(filter: { warehouseCode: "PLANT-1" }) { totalCount } warehouse(code: "PLANT-1") { code } }`);
  const pcba = (await t.gql(`query { material(code: "PCBA-CTRL") { id } }`)).data.material.id;
  const byId = await t.gql(`query($m: ID, $pcba: ID, $w: ID) { stockLedger(filter: { materialId: $m, warehouseId: $w }) { totalCount }
    workOrders(filter: { materialId: $pcba, warehouseId: $w }) { totalCount }
    purchaseOrders(filter: { warehouseId: $w }) { totalCount } warehouse(id: $w) { code } }`, { m: ids.toaster, pcba, w: ids.plant });
  expect(byId.errors).toBeUndefined();
  expect(byId.data).toEqual(byCode.data);
  expect(byId.data.stockLedger.totalCount).toBeGreaterThan(0);
  expect(byId.data.workOrders.totalCount).toBeGreaterThan(0);
});

test("the exception inbox filters by a material's code or a work order's number as well as by id", async () => {
  const short = await t.gql(`mutation { createWorkOrder(input: { materialCode: "PCBA-CTRL", warehouseCode: "PLANT-1", quantity: "100000" }) { workOrder { id number status } } }`);
  const { id, number, status } = short.data.createWorkOrder.workOrder;
  expect(status).toBe("SHORT");
  const q = `query($f: ExceptionFilter) { exceptions(filter: $f) { nodes { id type } } }`;
  const byNumber = (await t.gql(q, { f: { workOrderNumber: number } })).data.exceptions.nodes;
  expect(byNumber).toEqual([expect.objectContaining({ type: "SHORTAGE" })]);
  expect((await t.gql(q, { f: { workOrderId: id } })).data.exceptions.nodes).toEqual(byNumber);
  const pcba = (await t.gql(`query { material(code: "PCBA-CTRL") { id } }`)).data.material.id;
  const byMaterialCode = (await t.gql(q, { f: { materialCode: "PCBA-CTRL" } })).data.exceptions.nodes;
  expect(byMaterialCode.length).toBeGreaterThan(0);
  expect((await t.gql(q, { f: { materialId: pcba } })).data.exceptions.nodes).toEqual(byMaterialCode);
  expect((await t.gql(q, { f: { workOrderNumber: "NOPE" } })).errors?.[0].extensions).toMatchObject({ code: "NOT_FOUND", entity: "WorkOrder" });
});

test("what-if overrides and a material's balances take ids as well as codes", async () => {
  const q = `query($o: WhatIfInput!) { mrpWhatIf(run: { warehouseCode: "PLANT-1", horizonBuckets: 8, startDate: "2030-01-07" }, overrides: $o) { plannedOrders { material { code } quantity dueDate } } }`;
  const byCode = await t.gql(q, { o: { extraDemands: [{ materialCode: "TOASTER-2S", quantity: "50", dueDate: "2030-02-04" }] } });
  const byId = await t.gql(q, { o: { extraDemands: [{ materialId: ids.toaster, quantity: "50", dueDate: "2030-02-04" }] } });
  expect(byId.errors).toBeUndefined();
  expect(byId.data).toEqual(byCode.data);
  const both = await t.gql(q, { o: { leadTimes: [{ materialId: ids.toaster, materialCode: "TOASTER-2S", leadTimeDays: 1 }] } });
  expect(both.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "leadTimes[0].material" });

  const balances = `query($w: ID, $c: String) { material(code: "TOASTER-2S") { balances(warehouseId: $w, warehouseCode: $c) { location { code } onHand } } }`;
  const dc = (await t.gql(`query { warehouse(code: "DC-1") { id } }`)).data.warehouse.id;
  const viaId = await t.gql(balances, { w: dc });
  expect(viaId.errors).toBeUndefined();
  expect(viaId.data.material.balances.length).toBeGreaterThan(0);
  expect(viaId.data).toEqual((await t.gql(balances, { c: "DC-1" })).data);
});

describe("listings, subscriptions and devices by a warehouse's id as well as its code", () => {
  let dc: string;
  beforeAll(async () => {
    dc = (await t.gql(`query { warehouse(code: "DC-1") { id } }`)).data.warehouse.id;
  });
  const notFoundOf = (res: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions;
  /** graphql-ws may answer a refused subscription with an error message, which the client rejects with */
  const refusal = (query: string, variables: Record<string, unknown>) =>
    wsOnce(t.ws(), query, variables).then((r) => r.errors?.[0]?.extensions, (errors: { extensions?: Record<string, unknown> }[]) => errors[0]?.extensions);

  test("devices and registerDevice", async () => {
    const rack = (await t.gql(`query { warehouse(code: "DC-1") { locations { id code } } }`)).data.warehouse.locations[0];
    const REGISTER = `mutation($input: RegisterDeviceInput!) { registerDevice(input: $input) { code warehouseCode locationCode } }`;
    const byId = await t.gql(REGISTER, { input: { code: "REF-PROBE", name: "probe", kind: "SENSOR", warehouseId: dc, locationId: rack.id } });
    expect(byId.errors).toBeUndefined();
    expect(byId.data.registerDevice).toEqual({ code: "REF-PROBE", warehouseCode: "DC-1", locationCode: rack.code });
    const both = await t.gql(REGISTER, { input: { code: "REF-PROBE", name: "probe", kind: "SENSOR", warehouseId: dc, warehouseCode: "DC-1" } });
    expect(notFoundOf(both)).toMatchObject({ code: "BAD_USER_INPUT", field: "warehouse" });
    const neither = await t.gql(REGISTER, { input: { code: "REF-PROBE", name: "probe", kind: "SENSOR" } });
    expect(notFoundOf(neither)).toMatchObject({ code: "BAD_USER_INPUT", field: "warehouse" });
    const noLocation = await t.gql(REGISTER, { input: { code: "REF-PROBE", name: "probe", kind: "SENSOR", warehouseCode: "DC-1", locationId: ids.rack } });
    expect(notFoundOf(noLocation)).toMatchObject({ code: "NOT_FOUND", entity: "Location", key: ids.rack, within: "DC-1" });

    const DEVICES = `query($w: ID, $c: String) { devices(warehouseId: $w, warehouseCode: $c) { code warehouseCode } }`;
    const listed = await t.gql(DEVICES, { w: dc });
    expect(listed.errors).toBeUndefined();
    expect(listed.data.devices).toContainEqual({ code: "REF-PROBE", warehouseCode: "DC-1" });
    expect(listed.data).toEqual((await t.gql(DEVICES, { c: "DC-1" })).data);
    expect(notFoundOf(await t.gql(DEVICES, { w: dc, c: "DC-1" }))).toMatchObject({ code: "BAD_USER_INPUT", field: "warehouse" });
    expect(notFoundOf(await t.gql(DEVICES, { w: "999999" }))).toMatchObject({ code: "NOT_FOUND", entity: "Warehouse", key: "999999" });
  });

  test("alarms", async () => {
    const ALARMS = `query($w: ID, $c: String) { alarms(warehouseId: $w, warehouseCode: $c, first: 50) { totalCount nodes { id } } }`;
    const byId = await t.gql(ALARMS, { w: ids.plant });
    expect(byId.errors).toBeUndefined();
    expect(byId.data).toEqual((await t.gql(ALARMS, { c: "PLANT-1" })).data);
    expect(notFoundOf(await t.gql(ALARMS, { w: ids.plant, c: "PLANT-1" }))).toMatchObject({ code: "BAD_USER_INPUT", field: "warehouse" });
    expect(notFoundOf(await t.gql(ALARMS, { w: "999999" }))).toMatchObject({ code: "NOT_FOUND", entity: "Warehouse", key: "999999" });
    // an id out of the caller's scope is as missing
    const limited = await t.token([Role.VIEWER], ["DC-1"]);
    expect(notFoundOf(await t.gql(ALARMS, { w: ids.plant }, { auth: limited }))).toMatchObject({ code: "NOT_FOUND", entity: "Warehouse", key: ids.plant });
  });

  test("stock-low and alarm subscriptions", async () => {
    const ok = async (q: string) => expect((await t.gql(q)).errors).toBeUndefined();
    await ok(`mutation { createMaterial(input: { code: "REF-LOW", name: "Low", uomCode: "EA", type: BUY, safetyStock: "5" }) { code } }`);
    for (const w of ["PLANT-1", "DC-1"]) {
      const location = (await t.gql(`query { warehouse(code: "${w}") { locations { code } } }`)).data.warehouse.locations[0].code;
      await ok(`mutation { receiveStock(input: { materialCode: "REF-LOW", warehouseCode: "${w}", locationCode: "${location}", quantity: "5" }) { replayed } }`);
      await ok(`mutation { issueStock(input: { materialCode: "REF-LOW", warehouseCode: "${w}", quantity: "1" }) { replayed } }`);
    }
    await until(async () => (await t.db.sql.query(`SELECT 1 FROM event WHERE topic = 'stock.low' AND payload->>'materialCode' = 'REF-LOW' AND published_at IS NOT NULL`)).length === 2, "both stock.low events");
    const LOW = `subscription($w: ID, $c: String) { stockLow(warehouseId: $w, warehouseCode: $c, afterEventId: "0") { eventId materialCode warehouseCode } }`;
    const firstOf = async (vars: Record<string, unknown>) => (await wsEvents(t.ws(), LOW, vars, (seen) => seen.some((e) => e.stockLow.materialCode === "REF-LOW")))
      .map((e) => e.stockLow).filter((e) => e.materialCode === "REF-LOW");
    const byId = await firstOf({ w: dc });
    expect(byId).toEqual([expect.objectContaining({ warehouseCode: "DC-1" })]);
    expect(await firstOf({ c: "DC-1" })).toEqual(byId);

    for (const sub of ["stockLow", "alarmRaised", "alarmCleared"]) {
      const q = `subscription($w: ID, $c: String) { ${sub}(warehouseId: $w, warehouseCode: $c) { eventId } }`;
      expect(await refusal(q, { w: dc, c: "DC-1" })).toMatchObject({ code: "BAD_USER_INPUT", field: "warehouse" });
      expect(await refusal(q, { w: "999999" })).toMatchObject({ code: "NOT_FOUND", entity: "Warehouse", key: "999999" });
    }
  });

  test("what-if period records of materials named by id", async () => {
    const q = `query($o: WhatIfInput!) { mrpWhatIf(run: { warehouseCode: "PLANT-1", horizonBuckets: 4, startDate: "2030-01-07" }, overrides: $o) { periods { materialId gross } } }`;
    const byCode = await t.gql(q, { o: { periodsOf: ["TOASTER-2S"] } });
    expect(byCode.data.mrpWhatIf.periods).toEqual([expect.objectContaining({ materialId: ids.toaster })]);
    const byId = await t.gql(q, { o: { periodsOfIds: [ids.toaster] } });
    expect(byId.errors).toBeUndefined();
    expect(byId.data).toEqual(byCode.data);
    expect(notFoundOf(await t.gql(q, { o: { periodsOf: ["TOASTER-2S"], periodsOfIds: [ids.toaster] } }))).toMatchObject({ code: "BAD_USER_INPUT", field: "periodsOf" });
    expect(notFoundOf(await t.gql(q, { o: { periodsOfIds: ["999999"] } }))).toMatchObject({ code: "NOT_FOUND", entity: "Material", key: "999999" });
  });
});
