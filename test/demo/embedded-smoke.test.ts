/** The newcomer's path: embedded database, migrations, demo plant, a query over HTTP and over WebSocket. */
import pino from "pino";
import { loadDemoOnce } from "../../src/demo/demo-history";
import { DEVICES } from "../../src/demo/demo-plant";
import { jsonReadsAnswered } from "../support/json-reads-answered";
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

test("a nested materials read is built in SQL on the embedded database too, as the resolvers answer it", async () => {
  const selection = `materials(first: 100) { nodes { code bomLines { quantityPer component { code balances { onHand available } bomLines { component { code } } } } } }`;
  const before = await jsonReadsAnswered(t);
  const compiled = await t.gql(`{ ${selection} }`);
  expect((await jsonReadsAnswered(t)).sql).toBe(before.sql + 1);
  const byResolvers = await t.gql(`{ __typename ${selection} }`); // a second root field: the resolvers answer
  expect(compiled.errors).toBeUndefined();
  expect(compiled.data.materials).toEqual(byResolvers.data.materials);
  expect(compiled.data.materials.nodes.flatMap((m: { bomLines: { component: { balances: unknown[] } }[] }) => m.bomLines.flatMap((l) => l.component.balances)).length).toBeGreaterThan(0);
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

test("the demo plant has its master data: preferred suppliers with prices, costs, substitutes, routings, quarantines", async () => {
  const res = await t.gql(`{ materials(first: 100) { nodes { code type suppliers { supplierCode preferred } supplierPrices { price } standardCosts { cost }
      substitutes { substituteCode } routing { workCenterCode } } }
    warehouses { code locations { kind } } inventoryValue(groupBy: WAREHOUSE) { key currency value unvaluedLines } }`);
  expect(res.errors).toBeUndefined();
  const materials = res.data.materials.nodes;
  const bought = materials.filter((m: { type: string }) => m.type === "BUY");
  expect(bought.filter((m: any) => m.suppliers.filter((s: any) => s.preferred).length !== 1 || m.supplierPrices.length === 0).map((m: any) => m.code)).toEqual([]);
  expect(materials.filter((m: any) => m.standardCosts.length === 0).map((m: any) => m.code)).toEqual([]);
  const byCode = new Map(materials.map((m: any) => [m.code, m]));
  expect((byCode.get("MCU-8BIT") as any).substitutes).toEqual([{ substituteCode: "MCU-8BIT-B" }]);
  for (const product of ["TOASTER-2S", "KETTLE-17", "PCBA-CTRL"]) expect((byCode.get(product) as any).routing.length).toBeGreaterThan(1);
  for (const w of res.data.warehouses) expect(w.locations.map((l: { kind: string }) => l.kind)).toContain("QUARANTINE");
  // every stock line has a cost, in one currency
  for (const line of res.data.inventoryValue) expect(line).toMatchObject({ currency: "EUR", unvaluedLines: 0 });
  expect(res.data.inventoryValue.map((l: { key: string }) => l.key).sort()).toEqual(["DC-1", "PLANT-1"]);
});

test("a query also runs over graphql-ws", async () => {
  const res = await wsOnce(t.ws(), `{ warehouses { code } }`);
  expect(res.errors).toBeUndefined();
  expect((res.data as { warehouses: unknown[] }).warehouses).toHaveLength(2);
});

test("demand and an MRP run work on the embedded database too", async () => {
  const mps = await t.gql(`mutation { createMpsLine(input: { materialCode: "TOASTER-2S", warehouseCode: "PLANT-1", quantity: "200", dueDate: "2030-03-04T00:00:00Z" }) { id } }`);
  expect(mps.errors).toBeUndefined();
  const started = await t.gql(`mutation { startMrpRun(input: { warehouseCode: "PLANT-1", bucket: WEEK, horizonBuckets: 12, startDate: "2030-01-07T00:00:00Z" }) { id } }`);
  expect(started.errors).toBeUndefined();
  await t.hub.services.mrp.drain();
  const run = await t.gql(`query($id: ID!) { mrpRun(id: $id) { status counts } }`, { id: started.data.startMrpRun.id });
  expect(run.data.mrpRun.status).toBe("COMPLETED");
  const plan = await t.gql(`{ plannedOrders(warehouseCode: "PLANT-1", materialCode: "TOASTER-2S") { nodes { quantity pegs { mpsLineId quantity } } } }`);
  // none in PLANT-1 (the demo's finished toasters are in DC-1): 20 at once to reach the safety stock,
  // then the 200 due in March, pegged to the new demand line
  const orders = plan.data.plannedOrders.nodes;
  expect(orders.map((n: { quantity: string }) => n.quantity)).toEqual(["20", "200"]);
  expect(orders[1].pegs).toEqual([{ mpsLineId: mps.data.createMpsLine.id, quantity: "200" }]);
});

test("the KPI refresh (run at every start) completes on the embedded database: its reads go through its transaction", async () => {
  // a read beside the transaction waited for it on the single session: the start's KPI catch-up blocked the hub
  const res = await t.gql(`mutation { refreshKpis { from to rows } }`);
  expect(res.errors).toBeUndefined();
  expect(res.data.refreshKpis.rows).toBeGreaterThanOrEqual(0);
});

test("a second start's demo step only checks: nothing loaded or registered, two reads and no transaction", async () => {
  const log = pino({ level: "silent" });
  expect(await loadDemoOnce(t.db, t.config, log)).toEqual({ plant: false, devices: DEVICES.length }); // this plant had no devices yet
  const before = t.db.statementCount;
  expect(await loadDemoOnce(t.db, t.config, log)).toEqual({ plant: false, devices: 0 });
  // a transaction would add its BEGIN and COMMIT (and the first one makes the Prisma client: seconds at load)
  expect(t.db.statementCount - before).toBe(2);
});
