/** An identity limited to some warehouses sees nothing of the others, whether it holds a token or an API key. */
import { Role } from "../../src/auth/roles";
import { raiseException } from "../../src/domain/exceptions/exception.store";
import { inTransaction } from "../../src/db/transaction";
import { writeEvent } from "../../src/events/outbox";
import { startTestHub, wsEvents, type TestHub } from "../support/test-hub";

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

test("a subscriber scoped to PLANT-1 hears only of PLANT-1's events (and of those of no warehouse)", async () => {
  const warehouses = Object.fromEntries(
    (await t.db.sql.query<{ id: number; code: string }>(`SELECT id, code FROM warehouse`)).map((w) => [w.code, w.id]),
  );
  const scoped = t.ws(await t.token([Role.VIEWER], ["PLANT-1"]));
  const heard = (query: string, count: number) => wsEvents(scoped, query, {}, (seen) => seen.length === count);
  const exceptions = heard(`subscription { exceptionRaised(types: ["QUALITY"]) { message } }`, 2);
  const progress = heard(`subscription { mrpRunProgress { runId phase } }`, 1);
  const forecasts = heard(`subscription { forecastRunProgress { warehouseCode percent } }`, 1);
  await new Promise((r) => setTimeout(r, 300)); // let the subscriptions register
  const [dcRun, plantRun] = await Promise.all(
    ["DC-1", "PLANT-1"].map(async (code) =>
      (await t.db.sql.query<{ id: number }>(`INSERT INTO mrp_run (warehouse_id, horizon_days, created_by) VALUES ($1, 7, 't') RETURNING id`, [warehouses[code]]))[0].id,
    ),
  );
  await inTransaction(t.db, async (tx) => {
    await raiseException(tx, { type: "QUALITY", message: "DC-1 lot on hold", details: {}, warehouseId: warehouses["DC-1"] });
    await raiseException(tx, { type: "QUALITY", message: "PLANT-1 lot on hold", details: {}, warehouseId: warehouses["PLANT-1"] });
    await raiseException(tx, { type: "QUALITY", message: "supplier audit due", details: {} });
    await writeEvent(tx, "mrp.progress", { runId: dcRun, status: "RUNNING", phase: "LOADING", percent: 5 });
    await writeEvent(tx, "mrp.progress", { runId: plantRun, status: "RUNNING", phase: "LOADING", percent: 5 });
    await writeEvent(tx, "forecast.progress", { runId: 1, warehouseCode: "DC-1", status: "RUNNING", percent: 20 });
    await writeEvent(tx, "forecast.progress", { runId: 2, warehouseCode: "PLANT-1", status: "RUNNING", percent: 20 });
  });
  expect((await exceptions).map((e) => e.exceptionRaised.message)).toEqual(["PLANT-1 lot on hold", "supplier audit due"]);
  expect((await progress).map((e) => e.mrpRunProgress)).toEqual([{ runId: String(plantRun), phase: "LOADING" }]);
  expect((await forecasts).map((e) => e.forecastRunProgress)).toEqual([{ warehouseCode: "PLANT-1", percent: 20 }]);
});

test("an import's progress is heard only within the scope of the identity that ran it", async () => {
  const importInto = async (warehouse: string, auth: string) => {
    const res = await t.gql(
      `mutation($c: String!) { importData(kind: "opening-stock", format: CSV, content: $c) { importId status } }`,
      { c: `materialCode,warehouseCode,locationCode,quantity\nRELAY-10A,${warehouse},${warehouse === "DC-1" ? "B-01" : "A-03"},1\n` },
      { auth },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.importData.status).toBe("COMPLETED");
    return res.data.importData.importId as string;
  };
  const dc = await t.token([Role.STOREKEEPER], ["DC-1"]);
  const plantImport = await importInto("PLANT-1", await t.token([Role.STOREKEEPER], ["PLANT-1"]));
  const adminImport = await importInto("PLANT-1", await t.token([Role.STOREKEEPER]));
  const ownImport = await importInto("DC-1", dc);
  // replayed in order from the start: the other imports' events come before the caller's own
  const heard = await wsEvents(t.ws(dc), `subscription { importProgress(afterEventId: "0") { importId status } }`, {}, (seen) =>
    seen.some((e) => e.importProgress.importId === ownImport && e.importProgress.status === "COMPLETED"),
  );
  expect(new Set(heard.map((e) => e.importProgress.importId))).toEqual(new Set([ownImport]));
  const everyone = await wsEvents(t.ws(await t.token([Role.STOREKEEPER])), `subscription { importProgress(afterEventId: "0") { importId status } }`, {}, (seen) =>
    seen.some((e) => e.importProgress.importId === ownImport && e.importProgress.status === "COMPLETED"),
  );
  expect(new Set(everyone.map((e) => e.importProgress.importId))).toEqual(new Set([plantImport, adminImport, ownImport]));
});
