/** The newcomer's path: embedded database, migrations, demo plant, a query over HTTP and over WebSocket. */
import { startTestHub, wsOnce, type TestHub } from "../support/test-hub";

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ embedded: true, demo: true });
}, 120_000);
afterAll(() => t?.stop());

test("the demo plant is served from the embedded database", async () => {
  const res = await t.gql(`{ materials(first: 100) { totalCount nodes { code type } } warehouses { code locations { code } } }`);
  expect(res.errors).toBeUndefined();
  expect(res.data.materials.totalCount).toBeGreaterThanOrEqual(55);
  expect(res.data.materials.nodes.filter((m: { type: string }) => m.type === "MAKE").map((m: { code: string }) => m.code)).toEqual(
    expect.arrayContaining(["TOASTER-2S", "KETTLE-17", "PCBA-CTRL"]),
  );
  expect(res.data.warehouses.map((w: { code: string }) => w.code).sort()).toEqual(["DC-1", "PLANT-1"]);
});

test("the demo BOMs are four levels deep and the control board is shared", async () => {
  const toaster = await t.gql(`{ material(code: "TOASTER-2S") { id } }`);
  const res = await t.gql(`query($id: ID!) { bomExplosion(materialId: $id) { tree { level component { code } } } }`, { id: toaster.data.material.id });
  const levels = res.data.bomExplosion.tree.map((n: { level: number }) => n.level);
  // product (level 0) → sub-assembly → part → raw material: four levels, the deepest at 3
  expect(Math.max(...levels)).toBe(3);
  const board = await t.gql(`{ material(code: "PCBA-CTRL") { id } }`);
  const used = await t.gql(`query($id: ID!) { whereUsed(materialId: $id) { level parent { code } } }`, { id: board.data.material.id });
  expect(used.data.whereUsed.map((e: { parent: { code: string } }) => e.parent.code).sort()).toEqual(["KETTLE-17", "TOASTER-2S"]);
});

test("a query also runs over graphql-ws", async () => {
  const res = await wsOnce(t.ws(), `{ warehouses { code } }`);
  expect(res.errors).toBeUndefined();
  expect((res.data as { warehouses: unknown[] }).warehouses).toHaveLength(2);
});
