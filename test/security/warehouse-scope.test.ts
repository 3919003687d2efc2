/** An identity limited to some warehouses sees nothing of the others, whether it holds a token or an API key. */
import { Role } from "../../src/auth/roles";
import { startTestHub, type TestHub } from "../support/test-hub";

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ demo: true });
}, 120_000);
afterAll(() => t?.stop());

const READ_ALL = `{
  warehouses { code locations { code } }
  plant: warehouse(code: "PLANT-1") { code }
  dc: warehouse(code: "DC-1") { code }
  materials(first: 500) { nodes { code balances { onHand location { warehouse { code } } } } }
}`;

const warehousesSeen = (data: any): string[] =>
  [...new Set<string>(data.materials.nodes.flatMap((m: any) => m.balances.map((b: any) => b.location.warehouse.code)))].sort();

test("unscoped, the demo plant has stock in both warehouses", async () => {
  const res = await t.gql(READ_ALL, {}, { auth: await t.token([Role.VIEWER]) });
  expect(res.errors).toBeUndefined();
  expect(warehousesSeen(res.data)).toEqual(["DC-1", "PLANT-1"]);
});

test("a token scoped to PLANT-1 sees only PLANT-1", async () => {
  const res = await t.gql(READ_ALL, {}, { auth: await t.token([Role.VIEWER], ["PLANT-1"]) });
  expect(res.errors).toBeUndefined();
  expect(res.data.warehouses.map((w: { code: string }) => w.code)).toEqual(["PLANT-1"]);
  expect(res.data.plant).toEqual({ code: "PLANT-1" });
  expect(res.data.dc).toBeNull();
  expect(warehousesSeen(res.data)).toEqual(["PLANT-1"]);
});

test("an API key scoped to DC-1 sees only DC-1", async () => {
  const created = await t.gql(`mutation { createApiKey(input: { name: "dc scanner", roles: [STOREKEEPER], warehouses: ["DC-1"] }) { key } }`);
  const res = await t.gql(READ_ALL, {}, { auth: created.data.createApiKey.key });
  expect(res.errors).toBeUndefined();
  expect(res.data.warehouses.map((w: { code: string }) => w.code)).toEqual(["DC-1"]);
  expect(res.data.plant).toBeNull();
  expect(warehousesSeen(res.data)).toEqual(["DC-1"]);
});
