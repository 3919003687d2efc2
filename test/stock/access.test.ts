import { Role } from "../../src/auth/roles";
import { startTestHub, type TestHub } from "../support/test-hub";
import { ISSUE, RECEIVE, snapshot } from "./stock-fixture";

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ demo: true });
});
afterAll(() => t.stop());

const receipt = { materialCode: "MCU-8BIT", warehouseCode: "PLANT-1", locationCode: "A-03", quantity: "1" };

describe("who may post stock", () => {
  it("refuses unauthenticated callers and viewers, writing nothing", async () => {
    const before = await snapshot(t);
    const anonymous = await t.gql(RECEIVE, { input: receipt }, { auth: null });
    expect(anonymous.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    const viewer = await t.token([Role.VIEWER]);
    const res = await t.gql(ISSUE, { input: { ...receipt, locationCode: undefined } }, { auth: viewer });
    expect(res.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect(await snapshot(t)).toEqual(before);
    const read = await t.gql(`{ stockAvailability(materialCode: "MCU-8BIT") { warehouse { code } onHand } }`, undefined, { auth: viewer });
    expect(read.data.stockAvailability).toEqual([{ warehouse: { code: "DC-1" }, onHand: "200" }, { warehouse: { code: "PLANT-1" }, onHand: "1350" }]);
  });

  it("keeps warehouse-scoped identities in their warehouses", async () => {
    const dcOnly = await t.token([Role.STOREKEEPER], ["DC-1"]);
    const before = await snapshot(t);
    const res = await t.gql(RECEIVE, { input: receipt }, { auth: dcOnly });
    expect(res.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect(await snapshot(t)).toEqual(before);
    const ok = await t.gql(RECEIVE, { input: { ...receipt, warehouseCode: "DC-1", locationCode: "B-01" } }, { auth: dcOnly });
    expect(ok.errors).toBeUndefined();
    const seen = await t.gql(`{ stockAvailability(materialCode: "MCU-8BIT") { warehouse { code } } stockLedger(filter: { materialCode: "MCU-8BIT" }) { totalCount } }`, undefined, { auth: dcOnly });
    expect(seen.data.stockAvailability).toEqual([{ warehouse: { code: "DC-1" } }]);
    expect(seen.data.stockLedger.totalCount).toBe(2);
  });

  it("keeps the integrity and chain checks to admins", async () => {
    const storekeeper = await t.token([Role.STOREKEEPER]);
    const res = await t.gql(`{ verifyLedger { ok } }`, undefined, { auth: storekeeper });
    expect(res.errors?.[0].extensions?.code).toBe("FORBIDDEN");
  });
});
