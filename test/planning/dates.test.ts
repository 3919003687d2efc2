/**
 * Due dates and plan starts are calendar days: a plain "2026-12-22" (as the graph prints plan dates) is
 * taken wherever one is asked for, a day that does not exist is refused, and demand already past due is
 * taken but flagged (an open sales order that is late is still demand).
 */
import { startTestHub, type TestHub } from "../support/test-hub";

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ demo: true });
}, 60_000);
afterAll(() => t?.stop());

const MPS = `mutation($input: MpsLineInput!) { createMpsLine(input: $input) { id dueDate pastDue } }`;
const demand = (dueDate: string) => ({ materialCode: "TOASTER-2S", warehouseCode: "PLANT-1", quantity: "5", dueDate });
const mpsLines = async () => (await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM mps_line`))[0].n;
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

test("demand, plan start, purchase, work and transfer orders take a plain date", async () => {
  const mps = await t.gql(MPS, { input: demand("2030-03-04") });
  expect(mps.errors).toBeUndefined();
  expect(mps.data.createMpsLine).toMatchObject({ dueDate: "2030-03-04T00:00:00.000Z", pastDue: false });

  const whatIf = await t.gql(`query { mrpWhatIf(run: { warehouseCode: "PLANT-1", bucket: WEEK, horizonBuckets: 4, startDate: "2030-02-25" },
    overrides: { extraDemands: [{ materialCode: "TOASTER-2S", quantity: "1", dueDate: "2030-03-05" }] }) { plannedOrders { dueDate } } }`);
  expect(whatIf.errors).toBeUndefined();
  expect(whatIf.data.mrpWhatIf.plannedOrders.map((o: { dueDate: string }) => o.dueDate)).toContain("2030-03-04");

  const po = await t.gql(`mutation { syncPurchaseOrder(input: { number: "PO-D1", materialCode: "MCU-8BIT", warehouseCode: "PLANT-1", quantity: "10", dueDate: "2030-01-14" }) { purchaseOrder { dueDate } } }`);
  expect(po.errors).toBeUndefined();
  expect(po.data.syncPurchaseOrder.purchaseOrder.dueDate).toBe("2030-01-14T00:00:00.000Z");

  const wo = await t.gql(`mutation { createWorkOrder(input: { materialCode: "PCBA-CTRL", warehouseCode: "PLANT-1", quantity: "1", dueDate: "2030-01-15" }) { workOrder { dueDate } } }`);
  expect(wo.errors).toBeUndefined();
  expect(wo.data.createWorkOrder.workOrder.dueDate).toBe("2030-01-15T00:00:00.000Z");

  const transfer = await t.gql(`mutation { createTransfer(input: { materialCode: "MCU-8BIT", fromWarehouseCode: "PLANT-1", toWarehouseCode: "DC-1", quantity: "1", dueDate: "2030-01-16" }) { transferOrder { number } } }`);
  expect(transfer.errors).toBeUndefined();
});

test("an ISO date-time is still taken, as its UTC day", async () => {
  const mps = await t.gql(MPS, { input: demand("2030-03-11T00:00:00Z") });
  expect(mps.errors).toBeUndefined();
  expect(mps.data.createMpsLine.dueDate).toBe("2030-03-11T00:00:00.000Z");
});

test.each(["2030-02-30", "2030-13-01", "04/03/2030", "2030-3-4", ""])("a date %p that is no calendar day is refused and writes nothing", async (dueDate) => {
  const before = await mpsLines();
  const res = await t.gql(MPS, { input: demand(dueDate) });
  expect(res.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  expect(res.errors?.[0].message).toContain("2026-12-22");
  expect(await mpsLines()).toBe(before);
});

test("demand already past due is taken and flagged; today's is not", async () => {
  const late = await t.gql(MPS, { input: demand(day(-1)) });
  expect(late.errors).toBeUndefined();
  expect(late.data.createMpsLine.pastDue).toBe(true);
  const today = await t.gql(MPS, { input: demand(day(0)) });
  expect(today.data.createMpsLine.pastDue).toBe(false);
  const listed = await t.gql(`query { mpsLines(materialCode: "TOASTER-2S") { nodes { id pastDue } } }`);
  expect(listed.data.mpsLines.nodes).toEqual(expect.arrayContaining([{ id: late.data.createMpsLine.id, pastDue: true }]));
});
