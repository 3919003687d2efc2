/**
 * Relay global object identification: every main type's nodeId fetches the same object again through
 * node(id:) and nodes(ids:), with the scope rules of the type's own query; malformed ids are refused.
 */
import { Role } from "../../src/auth/roles";
import { MAX_NODES, toNodeId } from "../../src/schema/node-id";
import { startTestHub, type TestHub } from "../support/test-hub";

let t: TestHub;
/** per GraphQL type, an object as its own query answered it: its nodeId and what identifies it */
const seen: { type: string; nodeId: string; key: Record<string, unknown> }[] = [];

const ok = async (query: string, variables: Record<string, unknown> = {}, auth?: string) => {
  const res = await t.gql(query, variables, auth === undefined ? {} : { auth });
  if (res.errors) throw new Error(`${query.slice(0, 80)}: ${JSON.stringify(res.errors)}`);
  return res.data;
};
const note = (type: string, row: { nodeId: string; id?: string; code?: string }) =>
  seen.push({ type, nodeId: row.nodeId, key: row.id !== undefined ? { id: row.id } : { code: row.code } });

beforeAll(async () => {
  t = await startTestHub({ demo: true });
  const wo = await ok(`mutation { createWorkOrder(input: { materialCode: "PCBA-CTRL", warehouseCode: "PLANT-1", quantity: "1" }) { workOrder { nodeId id } } }`);
  note("WorkOrder", wo.createWorkOrder.workOrder);
  const transfer = await ok(`mutation { createTransfer(input: { materialCode: "MCU-8BIT", fromWarehouseCode: "PLANT-1", toWarehouseCode: "DC-1", quantity: "5" }) { transferOrder { nodeId id } } }`);
  note("TransferOrder", transfer.createTransfer.transferOrder);
  const po = await ok(`mutation { syncPurchaseOrder(input: { number: "PO-NODE-1", materialCode: "RELAY-10A", warehouseCode: "PLANT-1", quantity: "10", dueDate: "2030-01-01" }) { purchaseOrder { nodeId id } } }`);
  note("PurchaseOrder", po.syncPurchaseOrder.purchaseOrder);
  const mps = await ok(`mutation { createMpsLine(input: { materialCode: "KETTLE-17", warehouseCode: "PLANT-1", quantity: "40", dueDate: "2030-01-07" }) { nodeId id } }`);
  note("MpsLine", mps.createMpsLine);
  const run = await ok(`mutation { startMrpRun(input: { warehouseCode: "PLANT-1", bucket: WEEK, horizonBuckets: 8, startDate: "2029-12-31" }) { id } }`);
  await t.hub.services.mrp.drain();
  note("MrpRun", (await ok(`query($id: ID!) { mrpRun(id: $id) { nodeId id } }`, { id: run.startMrpRun.id })).mrpRun);
  const plan = await ok(`{ plannedOrders(warehouseCode: "PLANT-1", first: 1) { nodes { nodeId id } } purchaseSuggestions(warehouseCode: "PLANT-1", first: 1) { nodes { nodeId id } } }`);
  note("PlannedSupply", plan.plannedOrders.nodes[0]);
  note("PlannedSupply", plan.purchaseSuggestions.nodes[0]);
  await ok(`mutation { registerDevice(input: { code: "NODE-PROBE", name: "Oven probe", kind: SENSOR, warehouseCode: "PLANT-1" }) { id } }`);
  await ok(`mutation { setSensorThreshold(input: { deviceCode: "NODE-PROBE", metric: "temperature", high: 80 }) { id } }`);
  const probe = await t.hub.services.devices.forMessage("NODE-PROBE", "PLANT-1");
  await t.hub.services.devices.recordReadings(probe, [{ metric: "temperature", value: 95, unit: "C", recordedAt: new Date() }]);

  const lists = await ok(`{
    materials(first: 1) { nodes { nodeId id } }
    warehouses { nodeId id locations { nodeId id } }
    material(code: "STEEL-SHEET-06") { lots { nodeId id } }
    suppliers { nodeId id }
    workCenters { nodeId code }
    exceptions(first: 1) { nodes { nodeId id } }
    devices { nodeId id }
    alarms(first: 1) { nodes { nodeId id } }
  }`);
  note("Material", lists.materials.nodes[0]);
  note("Warehouse", lists.warehouses[0]);
  note("Location", lists.warehouses[0].locations[0]);
  note("Lot", lists.material.lots[0]);
  note("Supplier", lists.suppliers[0]);
  note("WorkCenter", lists.workCenters[0]);
  note("Exception", lists.exceptions.nodes[0]);
  note("Device", lists.devices[0]);
  note("Alarm", lists.alarms.nodes[0]);
}, 180_000);
afterAll(() => t?.stop());

/** node(id:) selecting the type's own `id` (WorkCenter: `code`) */
const NODE = (type = "Material") => `query($id: ID!) { node(id: $id) { __typename nodeId ... on ${type} { ${type === "WorkCenter" ? "code" : "id"} } } }`;

test("every main type implements Node", () => {
  expect([...new Set(seen.map((s) => s.type))].sort()).toEqual([
    "Alarm", "Device", "Exception", "Location", "Lot", "Material", "MpsLine", "MrpRun", "PlannedSupply", "PurchaseOrder", "Supplier", "TransferOrder",
    "Warehouse", "WorkCenter", "WorkOrder",
  ]);
});

test("node(id:) fetches each object again: same type, same id, same nodeId", async () => {
  for (const { type, nodeId, key } of seen) {
    const res = await t.gql(NODE(type), { id: nodeId });
    expect(res.errors).toBeUndefined();
    expect(res.data.node).toEqual({ __typename: type, nodeId, ...key });
  }
});

test("node ids are unique across types (a planned order and a purchase suggestion differ though both are PlannedSupply)", () => {
  expect(new Set(seen.map((s) => s.nodeId)).size).toBe(seen.length);
});

test("nodes(ids:) answers in the order asked, null for what does not exist", async () => {
  const missing = toNodeId("WorkOrder", 999_999);
  const ids = [...seen.map((s) => s.nodeId).reverse(), missing];
  const res = await t.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { nodeId } }`, { ids });
  expect(res.errors).toBeUndefined();
  expect(res.data.nodes).toEqual([...seen.map((s) => ({ nodeId: s.nodeId })).reverse(), null]);
});

test("another warehouse's objects are null, as if missing, for an identity limited to DC-1", async () => {
  const storekeeper = await t.token([Role.STOREKEEPER], ["DC-1"]);
  const own = await ok(`mutation { createWorkOrder(input: { materialCode: "PCBA-CTRL", warehouseCode: "DC-1", quantity: "1" }) { workOrder { nodeId } } }`);
  const plantOnly = seen.filter((s) => ["WorkOrder", "PurchaseOrder", "MpsLine", "MrpRun", "PlannedSupply", "Device", "Alarm"].includes(s.type));
  const res = await t.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename nodeId } }`, { ids: [own.createWorkOrder.workOrder.nodeId, ...plantOnly.map((s) => s.nodeId)] }, { auth: storekeeper });
  expect(res.errors).toBeUndefined();
  expect(res.data.nodes).toEqual([{ __typename: "WorkOrder", nodeId: own.createWorkOrder.workOrder.nodeId }, ...plantOnly.map(() => null)]);
  // PLANT-1 itself is out of scope; the transfer from PLANT-1 to DC-1 is not (either end, as transferOrder(id:) says)
  const { warehouses } = await ok(`{ warehouses { nodeId code } }`);
  const plant = warehouses.find((w: { code: string }) => w.code === "PLANT-1").nodeId;
  const transfer = seen.find((s) => s.type === "TransferOrder")!.nodeId;
  const ends = await t.gql(`query($a: ID!, $b: ID!) { a: node(id: $a) { nodeId } b: node(id: $b) { nodeId } }`, { a: plant, b: transfer }, { auth: storekeeper });
  expect(ends.data).toEqual({ a: null, b: { nodeId: transfer } });
});

test("a malformed id is BAD_USER_INPUT naming the argument; a well-formed one of nothing is null", async () => {
  const wellFormedButNotOurs = [
    "not base64!",
    Buffer.from("WorkOrder:0").toString("base64"),
    Buffer.from("WorkOrder:12:3").toString("base64"),
    Buffer.from("WorkOrder:1.5").toString("base64"),
    Buffer.from("StockBalance:1").toString("base64"),
    Buffer.from(`WorkOrder:${2 ** 31}`).toString("base64"),
    toNodeId("WorkOrder", 1).replace(/=+$/, ""), // not the id the hub made
  ];
  for (const id of wellFormedButNotOurs) {
    const res = await t.gql(NODE(), { id });
    expect(res.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "id" });
  }
  const res = await t.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { nodeId } }`, { ids: [seen[0].nodeId, "garbage"] });
  expect(res.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "ids[1]" });
  expect((await t.gql(NODE("Alarm"), { id: toNodeId("Alarm", 424_242) })).data).toEqual({ node: null });
});

test("nodes takes at most MAX_NODES ids; node needs a credential", async () => {
  const ids = Array.from({ length: MAX_NODES + 1 }, (_, i) => toNodeId("Material", i + 1));
  const res = await t.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { nodeId } }`, { ids });
  expect(res.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "ids", max: MAX_NODES });
  const anonymous = await t.gql(NODE(), { id: seen[0].nodeId }, { auth: null });
  expect(anonymous.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
});

test("the cost of nodes(ids:) counts every id asked for", async () => {
  const limited = await startTestHub({ env: { MAX_QUERY_COST: "50" } });
  try {
    const ids = Array.from({ length: 30 }, (_, i) => toNodeId("Material", i + 1));
    const res = await limited.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { nodeId ... on Material { code name } } }`, { ids });
    expect(res.errors?.[0].extensions).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "cost" });
    const few = await limited.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { nodeId ... on Material { code name } } }`, { ids: ids.slice(0, 5) });
    expect(few.errors).toBeUndefined();
  } finally {
    await limited.stop();
  }
});
