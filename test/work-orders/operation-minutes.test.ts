/** A work order's operations show where they run and for how long: the routing's setup and run minutes, and the planned minutes for the order. */
import { startTestHub, type TestHub } from "../support/test-hub";

let t: TestHub;
const ok = async (query: string, variables?: Record<string, unknown>) => {
  const res = await t.gql(query, variables);
  if (res.errors) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(res.errors)}`);
  return res.data;
};

beforeAll(async () => {
  t = await startTestHub();
  for (const q of [
    `mutation { createUnit(input: { code: "EA", name: "each", precision: 0 }) { code } }`,
    `mutation { createWarehouse(input: { code: "W1", name: "Plant" }) { code } }`,
    `mutation { createLocation(input: { warehouseCode: "W1", code: "A1", name: "Rack", kind: STORAGE }) { code } }`,
    `mutation { createMaterial(input: { code: "CHIP", name: "Chip", uomCode: "EA", type: BUY }) { code } }`,
    `mutation { createMaterial(input: { code: "BOARD", name: "Board", uomCode: "EA", type: MAKE }) { code } }`,
    `mutation { syncBom(input: { materialCode: "BOARD", lines: [{ componentCode: "CHIP", quantityPer: "1" }] }) { revision } }`,
    `mutation { receiveStock(input: { materialCode: "CHIP", warehouseCode: "W1", locationCode: "A1", quantity: "100" }) { replayed } }`,
    `mutation { createWorkCenter(input: { code: "SMT", name: "SMT line", hoursPerDay: "16" }) { code } }`,
    `mutation { createWorkCenter(input: { code: "TEST", name: "Test bench", hoursPerDay: "8" }) { code } }`,
    `mutation { syncRouting(input: { materialCode: "BOARD", operations: [
       { sequence: 10, name: "Place and reflow", workCenterCode: "SMT", setupMinutes: "45", runMinutesPerUnit: "0.8" },
       { sequence: 20, name: "Function test", workCenterCode: "TEST", setupMinutes: "15", runMinutesPerUnit: "1.25" }] }) { sequence } }`,
  ]) await ok(q);
}, 60_000);
afterAll(() => t?.stop());

const OPERATIONS = `sequence name workCenter setupMinutes runMinutesPerUnit plannedMinutes`;

test("an order copying the routing shows each operation's work center, setup and run minutes, and setup + run × quantity", async () => {
  const created = await ok(`mutation { createWorkOrder(input: { materialCode: "BOARD", warehouseCode: "W1", quantity: "12" }) { workOrder { number operations { ${OPERATIONS} } } } }`);
  const expected = [
    { sequence: 10, name: "Place and reflow", workCenter: "SMT", setupMinutes: "45", runMinutesPerUnit: "0.8", plannedMinutes: "54.6" },
    { sequence: 20, name: "Function test", workCenter: "TEST", setupMinutes: "15", runMinutesPerUnit: "1.25", plannedMinutes: "30" },
  ];
  expect(created.createWorkOrder.workOrder.operations).toEqual(expected);
  const read = await ok(`query($n: String!) { workOrder(number: $n) { operations { ${OPERATIONS} } } }`, { n: created.createWorkOrder.workOrder.number });
  expect(read.workOrder.operations).toEqual(expected);
});

test("operations given with the order have no routing minutes", async () => {
  const created = await ok(`mutation { createWorkOrder(input: { materialCode: "BOARD", warehouseCode: "W1", quantity: "3", operations: [{ sequence: 5, name: "Rework", workCenter: "BENCH" }] }) {
    workOrder { operations { ${OPERATIONS} } } } }`);
  expect(created.createWorkOrder.workOrder.operations).toEqual([{ sequence: 5, name: "Rework", workCenter: "BENCH", setupMinutes: "0", runMinutesPerUnit: "0", plannedMinutes: "0" }]);
});
