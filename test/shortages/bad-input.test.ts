/**
 * What the shortage policy and its neighbours refuse, each with a typed error naming the field and nothing
 * written: substitute loops, a transfer from a warehouse to itself, invalid policies and lanes; and who may
 * configure policies (roles, warehouse scope), what a limited identity sees of them.
 */
import { Role } from "../../src/auth/roles";
import { startTestHub, type TestHub } from "../support/test-hub";
import { codeOf, fingerprint, material, ok, SET_POLICY, substitute } from "./shortage-fixture";

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ demo: true });
  for (const code of ["LP-A", "LP-B", "LP-C"]) await material(t, code);
  await substitute(t, "LP-A", "LP-B");
  await substitute(t, "LP-B", "LP-C");
}, 240_000);
afterAll(() => t.stop());

/** Runs `call` expecting a refusal with `code` (and `extensions`), and that nothing was written. */
async function refused(call: () => Promise<{ errors?: readonly any[] }>, code: string, extensions: Record<string, unknown> = {}) {
  const before = await fingerprint(t);
  const res = await call();
  expect(res.errors?.[0]?.extensions).toMatchObject({ code, ...extensions });
  expect(await fingerprint(t)).toEqual(before);
}

const SUBSTITUTE = `mutation($input: SubstituteInput!) { syncSubstitute(input: $input) { substituteCode } }`;

describe("substitutes", () => {
  it("refuses a loop, direct (A for B for A) or longer, naming it", async () => {
    await refused(() => t.gql(SUBSTITUTE, { input: { materialCode: "LP-B", substituteCode: "LP-A" } }), "BAD_USER_INPUT", { field: "substituteCode", path: ["LP-B", "LP-A", "LP-B"] });
    await refused(() => t.gql(SUBSTITUTE, { input: { materialCode: "LP-C", substituteCode: "LP-A" } }), "BAD_USER_INPUT", { field: "substituteCode", path: ["LP-C", "LP-A", "LP-B", "LP-C"] });
  });

  it("still takes an update of an existing one and a chain without a loop", async () => {
    expect((await t.gql(SUBSTITUTE, { input: { materialCode: "LP-A", substituteCode: "LP-B", priority: 2 } })).errors).toBeUndefined();
    expect((await t.gql(SUBSTITUTE, { input: { materialCode: "LP-A", substituteCode: "LP-C" } })).errors).toBeUndefined();
  });

  it("refuses a loop in an import too, at its line", async () => {
    // an import reports its progress as events whatever its outcome: the rest is compared
    const withoutEvents = async () => ({ ...(await fingerprint(t)), event: null });
    const before = await withoutEvents();
    const res = await ok(t, `mutation($c: String!) { importData(kind: "substitutes", format: CSV, content: $c) { status errors { line field code } } }`, {
      c: "materialCode,substituteCode\nLP-C,LP-A\n",
    });
    expect(res.importData).toMatchObject({ status: "INVALID", errors: [{ line: 2, field: "substituteCode", code: "BAD_USER_INPUT" }] });
    expect(await withoutEvents()).toEqual(before);
  });
});

describe("transfers", () => {
  it("refuses a transfer from a warehouse to itself", async () => {
    await refused(
      () => t.gql(`mutation { createTransfer(input: { materialCode: "MCU-8BIT", fromWarehouseCode: "PLANT-1", toWarehouseCode: "plant-1", quantity: "1" }) { replayed } }`),
      "BAD_USER_INPUT", { field: "toWarehouseCode" },
    );
  });

  it("refuses a lane from a warehouse to itself and transit days out of range", async () => {
    const lane = (input: Record<string, unknown>) => t.gql(`mutation($input: TransitLaneInput!) { setTransitLane(input: $input) { transitDays } }`, { input });
    await refused(() => lane({ fromWarehouseCode: "DC-1", toWarehouseCode: "DC-1", transitDays: 1 }), "BAD_USER_INPUT", { field: "toWarehouseCode" });
    await refused(() => lane({ fromWarehouseCode: "DC-1", toWarehouseCode: "PLANT-1", transitDays: -1 }), "BAD_USER_INPUT", { field: "transitDays" });
    await refused(() => lane({ fromWarehouseCode: "DC-1", toWarehouseCode: "NOWHERE", transitDays: 1 }), "NOT_FOUND", { entity: "Warehouse" });
  });
});

describe("policies", () => {
  const policy = (input: Record<string, unknown>, auth?: string) => t.gql(SET_POLICY, { input }, auth ? { auth } : {});

  it("refuses an unknown source warehouse, one named twice, and a policy's warehouse as its own source", async () => {
    await refused(() => policy({ mode: "AUTO", transferSources: ["DC-1", "NOWHERE"] }), "BAD_USER_INPUT", { field: "transferSources", unknown: ["NOWHERE"] });
    await refused(() => policy({ mode: "AUTO", transferSources: ["DC-1", "dc-1"] }), "BAD_USER_INPUT", { field: "transferSources" });
    await refused(() => policy({ mode: "AUTO", warehouseCode: "PLANT-1", transferSources: ["DC-1", "PLANT-1"] }), "BAD_USER_INPUT", { field: "transferSources" });
    const [plant] = await t.db.sql.query<{ id: number }>(`SELECT id FROM warehouse WHERE code = 'PLANT-1'`);
    await refused(() => policy({ mode: "AUTO", warehouseId: String(plant.id), transferSources: ["PLANT-1"] }), "BAD_USER_INPUT", { field: "transferSources" });
    await refused(() => policy({ mode: "AUTO", materialCode: "NO-SUCH" }), "NOT_FOUND", { entity: "Material" });
  });

  it("sets and replaces one policy per scope, audited; deleting a missing one is NOT_FOUND", async () => {
    const first = await ok(t, SET_POLICY, { input: { mode: "AUTO", warehouseCode: "PLANT-1", transferSources: ["DC-1"], purchase: false } });
    expect(first.setShortagePolicy).toMatchObject({ mode: "AUTO", useSubstitutes: true, useTransfers: true, usePurchase: false, transferSources: ["DC-1"], sourceSelection: "PRIORITY", warehouse: { code: "PLANT-1" }, material: null });
    const again = await ok(t, SET_POLICY, { input: { mode: "SUGGEST_ONLY", warehouseCode: "PLANT-1" } });
    expect(again.setShortagePolicy).toMatchObject({ id: first.setShortagePolicy.id, mode: "SUGGEST_ONLY", transferSources: [] });
    const audit = await t.db.sql.query<{ action: string }>(`SELECT action FROM audit_log WHERE entity = 'ShortagePolicy' AND entity_id = '*@PLANT-1' ORDER BY id`);
    expect(audit.map((a) => a.action)).toEqual(["set", "set"]);
    expect(await ok(t, `mutation { deleteShortagePolicy(warehouseCode: "PLANT-1") }`)).toEqual({ deleteShortagePolicy: true });
    await refused(() => t.gql(`mutation { deleteShortagePolicy(warehouseCode: "PLANT-1") }`), "NOT_FOUND", { entity: "ShortagePolicy" });
  });

  it("lets planners and admins configure policies, not viewers or storekeepers", async () => {
    for (const role of [Role.VIEWER, Role.STOREKEEPER]) {
      const auth = await t.token([role]);
      await refused(() => policy({ mode: "AUTO", materialCode: "LP-A" }, auth), "FORBIDDEN");
    }
    expect((await policy({ mode: "AUTO", materialCode: "LP-A" }, await t.token([Role.PLANNER]))).errors).toBeUndefined();
  });

  it("keeps an identity limited to DC-1 to DC-1's policies: another warehouse FORBIDDEN by code, NOT_FOUND by id; global ones FORBIDDEN", async () => {
    const dc = await t.token([Role.PLANNER], ["DC-1"]);
    const [plant] = await t.db.sql.query<{ id: number }>(`SELECT id FROM warehouse WHERE code = 'PLANT-1'`);
    await refused(() => policy({ mode: "AUTO", warehouseCode: "PLANT-1" }, dc), "FORBIDDEN");
    await refused(() => policy({ mode: "AUTO", warehouseId: String(plant.id) }, dc), "NOT_FOUND", { entity: "Warehouse" });
    await refused(() => policy({ mode: "AUTO" }, dc), "FORBIDDEN");
    await refused(() => policy({ mode: "AUTO", materialCode: "LP-B" }, dc), "FORBIDDEN");
    await refused(() => policy({ mode: "AUTO", warehouseCode: "DC-1", transferSources: ["PLANT-1"] }, dc), "FORBIDDEN");
    await refused(() => t.gql(`mutation { deleteShortagePolicy(materialCode: "LP-A") }`, {}, { auth: dc }), "FORBIDDEN");
    await refused(() => t.gql(`mutation { setTransitLane(input: { fromWarehouseCode: "PLANT-1", toWarehouseCode: "DC-1", transitDays: 2 }) { transitDays } }`, {}, { auth: dc }), "FORBIDDEN");
    expect((await policy({ mode: "AUTO", warehouseCode: "DC-1" }, dc)).errors).toBeUndefined();

    // what DC-1 sees: its own and those of no warehouse, without other warehouses' codes as sources
    await ok(t, SET_POLICY, { input: { mode: "AUTO", warehouseCode: "PLANT-1" } });
    await ok(t, SET_POLICY, { input: { mode: "AUTO", materialCode: "LP-C", transferSources: ["PLANT-1", "DC-1"] } });
    await ok(t, `mutation { setTransitLane(input: { fromWarehouseCode: "PLANT-1", toWarehouseCode: "DC-1", transitDays: 2 }) { transitDays } }`);
    const seen = await ok(t, `{ shortagePolicies { material { code } warehouse { code } transferSources } transitLanes { transitDays } }`, {}, dc);
    expect(seen.shortagePolicies).toEqual([
      { material: { code: "LP-A" }, warehouse: null, transferSources: [] },
      { material: { code: "LP-C" }, warehouse: null, transferSources: ["DC-1"] },
      { material: null, warehouse: { code: "DC-1" }, transferSources: [] },
    ]);
    expect(seen.transitLanes).toEqual([]);
  });
});
