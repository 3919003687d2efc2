import { startTestHub, type TestHub } from "../support/test-hub";
import { CREATE_WO, ISSUE, SCAN, assertStockConsistent } from "./stock-fixture";

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ demo: true, embedded: true });
});
afterAll(() => t.stop());

describe("stock on the embedded database", () => {
  it("posts movements, reserves and replays the same way", async () => {
    const wo = await t.gql(CREATE_WO, { input: { materialCode: "ELEMENT-T", warehouseCode: "PLANT-1", quantity: "3" } });
    expect(wo.data.createWorkOrder.workOrder.status).toBe("RELEASED");
    const results = await Promise.all([
      t.gql(ISSUE, { input: { materialCode: "MICA-SHEET", warehouseCode: "PLANT-1", quantity: "10" } }),
      t.gql(SCAN, { key: "k", input: { deviceId: "D1", code: "MICA-SHEET", action: "ISSUE", quantity: "1", warehouseCode: "PLANT-1", locationCode: "A-02" } }),
      t.gql(SCAN, { key: "k", input: { deviceId: "D1", code: "MICA-SHEET", action: "ISSUE", quantity: "1", warehouseCode: "PLANT-1", locationCode: "A-02" } }),
    ]);
    expect(results.map((r) => r.errors)).toEqual([undefined, undefined, undefined]);
    const avail = await t.gql(`{ stockAvailability(materialCode: "MICA-SHEET") { onHand reserved } }`);
    expect(avail.data.stockAvailability).toEqual([{ onHand: "489", reserved: "7" }]);
    await assertStockConsistent(t);
  });
});
