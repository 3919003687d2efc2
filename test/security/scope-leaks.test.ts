/**
 * The leaks found by probing as an identity limited to DC-1 (issue items 1–7), one test each: another
 * warehouse's objects are left out of lists and look missing (NOT_FOUND, the text of a missing one) when
 * read or changed by id or number; a malformed scope claim is refused; idempotency keys belong to one
 * identity and its scope. scope-walk.test.ts covers the whole schema.
 */
import { createSecretKey } from "node:crypto";
import { SignJWT } from "jose";
import { signToken } from "../../src/auth/jwt";
import { Role } from "../../src/auth/roles";
import { startOtherWarehouses, stopOtherWarehouses, type OtherWarehouses } from "./other-warehouses";

let o: OtherWarehouses;
beforeAll(async () => {
  o = await startOtherWarehouses();
}, 180_000);
afterAll(() => stopOtherWarehouses(o));

const dc = (roles: Role[] = [Role.VIEWER]) => o.t.token(roles, ["DC-1"]);
const errorOf = (res: { errors?: readonly any[] }) => res.errors && { code: res.errors[0].extensions?.code, message: res.errors[0].message };
const one = async <T>(sql: string, params: unknown[] = []) => (await o.t.db.sql.query<T>(sql, params))[0];
const plantId = async () => (await one<{ id: number }>(`SELECT id FROM warehouse WHERE code = 'PLANT-1'`)).id;

describe("1. exceptions", () => {
  const LIST = `{ exceptions(first: 500) { nodes { id warehouseId message } } }`;

  test("the inbox lists only the caller's warehouses' exceptions (and those of none)", async () => {
    const plant = String(await plantId());
    const all = (await o.t.gql(LIST)).data.exceptions.nodes;
    expect(all.some((e: any) => e.warehouseId === plant)).toBe(true);
    const res = await o.t.gql(LIST, {}, { auth: await dc() });
    expect(res.errors).toBeUndefined();
    expect(res.data.exceptions.nodes.filter((e: any) => e.warehouseId === plant)).toEqual([]);
  });

  test.each([
    ["acknowledgeException", ""],
    ["resolveException", `note: "done", `],
  ])("%s of another warehouse's exception is NOT_FOUND, like a missing one, and changes nothing", async (mutation, args) => {
    const auth = await dc([Role.STOREKEEPER, Role.PLANNER]);
    const call = (id: number) => o.t.gql(`mutation($id: ID!) { ${mutation}(${args}id: $id) { id status } }`, { id }, { auth });
    expect(errorOf(await call(o.refs.exceptionId))).toEqual({ code: "NOT_FOUND", message: `Exception "${o.refs.exceptionId}" does not exist` });
    expect(errorOf(await call(999_999))).toEqual({ code: "NOT_FOUND", message: `Exception "999999" does not exist` });
    expect((await one<{ status: string }>(`SELECT status::text FROM exception WHERE id = $1`, [o.refs.exceptionId])).status).toBe("OPEN");
  });
});

describe("2. lot genealogy", () => {
  const FORWARD = `query($m: String!, $l: String!) { traceForward(materialCode: $m, lotCode: $l) { depth workOrder { number } } }`;
  const BACKWARD = `query($m: String!, $l: String!) { traceBackward(materialCode: $m, lotCode: $l) { depth lot { code } workOrder { number } } }`;

  test("a trace shows no link through another warehouse's work order", async () => {
    const vars = { m: o.refs.lot.materialCode, l: o.refs.lot.lotCode };
    expect((await o.t.gql(FORWARD, vars)).data.traceForward).toEqual([{ depth: 1, workOrder: { number: o.refs.workOrder } }]);
    const res = await o.t.gql(FORWARD, vars, { auth: await dc() });
    expect(res.errors).toBeUndefined();
    expect(res.data.traceForward).toEqual([]);
  });

  test("a lot another warehouse's work order made looks missing", async () => {
    const vars = { m: o.refs.producedLot.materialCode, l: o.refs.producedLot.lotCode };
    expect((await o.t.gql(BACKWARD, vars)).data.traceBackward.length).toBeGreaterThan(0);
    const res = await o.t.gql(BACKWARD, vars, { auth: await dc() });
    expect(errorOf(res)).toEqual({ code: "NOT_FOUND", message: `Lot "${vars.l}" does not exist in ${vars.m}` });
    const lots = await o.t.gql(`{ material(code: "PCBA-CTRL") { lots { code } } }`, {}, { auth: await dc() });
    expect(lots.data.material.lots.map((l: any) => l.code)).not.toContain(o.refs.producedLot.lotCode);
  });
});

describe("3. MRP runs and demand", () => {
  test("runs and demand of other warehouses are left out; a run by id is NOT_FOUND", async () => {
    const auth = await dc();
    const plant = String(await plantId());
    const runs = await o.t.gql(`{ mrpRuns(first: 500) { totalCount nodes { id warehouseId } } }`, {}, { auth });
    expect(runs.errors).toBeUndefined();
    expect(runs.data.mrpRuns).toEqual({ totalCount: 0, nodes: [] });
    expect(errorOf(await o.t.gql(`query($id: ID!) { mrpRun(id: $id) { id } }`, { id: o.refs.runId }, { auth }))).toEqual({
      code: "NOT_FOUND", message: `MrpRun "${o.refs.runId}" does not exist`,
    });
    const admin = await o.t.gql(`{ mpsLines(first: 500) { nodes { warehouseId } } }`);
    expect(admin.data.mpsLines.nodes).toContainEqual({ warehouseId: plant });
    const lines = await o.t.gql(`{ mpsLines(first: 500) { totalCount nodes { warehouseId } } }`, {}, { auth });
    expect(lines.data.mpsLines).toEqual({ totalCount: 0, nodes: [] });
  });
});

describe("4. transfer orders", () => {
  test("a transfer between two other warehouses is not there; one with an end in scope is, without the other end's locations", async () => {
    const Q = `query($n: String!) { transferOrder(number: $n) { number fromWarehouse { code locations { code } } toWarehouse { code locations { code } } } }`;
    expect((await o.t.gql(Q, { n: o.refs.transfer })).data.transferOrder.number).toBe(o.refs.transfer);
    const hidden = await o.t.gql(Q, { n: o.refs.transfer }, { auth: await dc() });
    expect(hidden.errors).toBeUndefined();
    expect(hidden.data.transferOrder).toBeNull();
    const created = await o.t.gql(`mutation { createTransfer(input: { materialCode: "MCU-8BIT", fromWarehouseCode: "PLANT-1", toWarehouseCode: "DC-1", quantity: "1" }) { transferOrder { number } } }`);
    const shared = await o.t.gql(Q, { n: created.data.createTransfer.transferOrder.number }, { auth: await dc() });
    expect(shared.data.transferOrder.fromWarehouse).toEqual({ code: "PLANT-1", locations: [] });
    expect(shared.data.transferOrder.toWarehouse.locations.length).toBeGreaterThan(0);
  });
});

describe("5. dead letters", () => {
  test("another warehouse's dead letters are not listed, and a limited key cannot replay them", async () => {
    const key = (await o.t.gql(`mutation { createApiKey(input: { name: "dc erp", roles: [INTEGRATION], warehouses: ["DC-1"] }) { key } }`)).data.createApiKey.key;
    // what made the scan fail is fixed: a replay would now issue the 1,500 units in PLANT-1
    await o.t.gql(`mutation { receiveStock(input: { materialCode: "RELAY-10A", warehouseCode: "PLANT-1", locationCode: "A-03", quantity: "2000" }) { replayed } }`);
    const list = await o.t.gql(`{ deadLetters(first: 500) { totalCount nodes { id } } }`, {}, { auth: key });
    expect(list.errors).toBeUndefined();
    expect(list.data.deadLetters).toEqual({ totalCount: 0, nodes: [] });
    const ledger = async () => (await one<{ n: number }>(`SELECT count(*)::int AS n FROM stock_ledger_entry`)).n;
    const before = await ledger();
    const replay = await o.t.gql(`mutation($id: ID!) { replayDeadLetter(id: $id) { delivered } }`, { id: o.refs.deadLetterId }, { auth: key });
    expect(errorOf(replay)).toEqual({ code: "NOT_FOUND", message: `DeadLetter "${o.refs.deadLetterId}" does not exist` });
    expect(await ledger()).toBe(before);
    expect(await one(`SELECT id FROM dead_letter WHERE id = $1`, [o.refs.deadLetterId])).toBeDefined();
  });
});

describe("6. malformed scope claims", () => {
  const sign = (warehouses: unknown) =>
    new SignJWT({ roles: ["ADMIN"], warehouses })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("prober")
      .setIssuer(o.t.config.auth.jwtIssuer)
      .setAudience(o.t.config.auth.jwtAudience)
      .setExpirationTime("5m")
      .sign(createSecretKey(Buffer.from(o.t.config.auth.jwtSecret!)));

  test.each([["a string", "DC-1"], ["an object", { DC: 1 }], ["an empty list", []], ["a list with a number", [1]], ["a list with an empty code", [""]], ["true", true]])(
    "a token whose warehouses claim is %s is refused, not read as all warehouses",
    async (_what, claim) => {
      const res = await o.t.gql(`{ warehouses { code } }`, {}, { auth: await sign(claim) });
      expect(res.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
      expect(res.errors?.[0].message).toMatch(/^invalid token: warehouses must/);
      expect(res.data ?? null).toBeNull();
    },
  );

  test("a well-formed claim limits; no claim means all warehouses", async () => {
    const codes = async (auth: string) => (await o.t.gql(`{ warehouses { code } }`, {}, { auth })).data.warehouses.map((w: any) => w.code);
    expect(await codes(await sign([" dc-1 "]))).toEqual(["DC-1"]);
    expect((await codes(await sign(undefined))).sort()).toEqual(["DC-1", "PLANT-1", "STORE-9"]);
  });

  test("an API key's warehouses must be known codes, and a limited admin grants only its own", async () => {
    const create = (input: string, auth?: string) => o.t.gql(`mutation { createApiKey(input: { name: "k", roles: [VIEWER]${input} }) { key } }`, {}, { auth });
    for (const bad of [`, warehouses: []`, `, warehouses: [" "]`, `, warehouses: ["NOWHERE"]`]) {
      expect(errorOf(await create(bad))?.code).toBe("BAD_USER_INPUT");
    }
    const limitedAdmin = await dc([Role.ADMIN]);
    expect(errorOf(await create("", limitedAdmin))?.code).toBe("FORBIDDEN");
    expect(errorOf(await create(`, warehouses: ["PLANT-1"]`, limitedAdmin))?.code).toBe("FORBIDDEN");
    expect((await create(`, warehouses: ["DC-1"]`, limitedAdmin)).errors).toBeUndefined();
    const keys = await o.t.gql(`{ apiKeys { warehouses } }`, {}, { auth: limitedAdmin });
    expect(keys.data.apiKeys.every((k: any) => k.warehouses.length > 0 && k.warehouses.every((c: string) => c === "DC-1"))).toBe(true);
  });
});

describe("7. smaller leaks", () => {
  test("shortage suggestions and exception details show no free stock in other warehouses", async () => {
    const limitedPlanner = await dc([Role.PLANNER]);
    const made = await o.t.gql(`mutation { createWorkOrder(input: { materialCode: "PCBA-CTRL", warehouseCode: "DC-1", quantity: "1" }) { workOrder { id number status } } }`, {}, { auth: limitedPlanner });
    const wo = made.data.createWorkOrder.workOrder;
    expect(wo.status).toBe("SHORT");
    const Q = `query($n: String!) { workOrder(number: $n) { shortageSuggestions { warehouseCode } } }`;
    expect((await o.t.gql(Q, { n: wo.number })).data.workOrder.shortageSuggestions).toContainEqual({ warehouseCode: "PLANT-1" });
    expect((await o.t.gql(Q, { n: wo.number }, { auth: limitedPlanner })).data.workOrder.shortageSuggestions).toEqual([]);
    const ex = await o.t.gql(`query($id: ID!) { exceptions(filter: { workOrderId: $id }) { nodes { details } } }`, { id: wo.id }, { auth: limitedPlanner });
    expect(JSON.stringify(ex.data.exceptions.nodes)).not.toContain("PLANT-1");
  });

  test("an issue against another warehouse's work order is NOT_FOUND, like a missing order, without naming its warehouse", async () => {
    const auth = await dc([Role.STOREKEEPER]);
    const issue = (n: string) =>
      o.t.gql(`mutation($n: String!) { issueStock(input: { materialCode: "MCU-8BIT", warehouseCode: "DC-1", quantity: "1", workOrderNumber: $n }) { replayed } }`, { n }, { auth });
    expect(errorOf(await issue(o.refs.workOrder))).toEqual({ code: "NOT_FOUND", message: `WorkOrder "${o.refs.workOrder}" does not exist` });
    expect(errorOf(await issue("WO-NOPE"))).toEqual({ code: "NOT_FOUND", message: `WorkOrder "WO-NOPE" does not exist` });
    const receipt = await o.t.gql(
      `mutation($n: String!) { receiveStock(input: { materialCode: "RELAY-10A", warehouseCode: "DC-1", locationCode: "B-01", quantity: "1", purchaseOrderNumber: $n }) { replayed } }`,
      { n: o.refs.purchaseOrder },
      { auth },
    );
    expect(errorOf(receipt)).toEqual({ code: "NOT_FOUND", message: `PurchaseOrder "${o.refs.purchaseOrder}" does not exist` });
  });

  test("an idempotency key belongs to one identity and its scope: the same subject with another scope gets a CONFLICT, not the first result", async () => {
    const auth = o.t.config.auth;
    const RECEIVE = `mutation($key: String!, $wh: String!, $loc: String!) {
      receiveStock(idempotencyKey: $key, input: { materialCode: "RELAY-10A", warehouseCode: $wh, locationCode: $loc, quantity: "7" }) { replayed entries { id warehouse { code } } } }`;
    const everywhere = await signToken(auth, { sub: "erp-bridge", roles: [Role.INTEGRATION] });
    const first = await o.t.gql(RECEIVE, { key: "K-1", wh: "PLANT-1", loc: "A-03" }, { auth: everywhere });
    expect(first.errors).toBeUndefined();
    const again = await o.t.gql(RECEIVE, { key: "K-1", wh: "PLANT-1", loc: "A-03" }, { auth: await signToken(auth, { sub: "erp-bridge", roles: [Role.INTEGRATION] }) });
    expect(again.data.receiveStock.replayed).toBe(true);
    const limited = await signToken(auth, { sub: "erp-bridge", roles: [Role.INTEGRATION], warehouses: ["DC-1"] });
    const replay = await o.t.gql(RECEIVE, { key: "K-1", wh: "PLANT-1", loc: "A-03" }, { auth: limited });
    expect(errorOf(replay)?.code).toBe("CONFLICT");
    expect(JSON.stringify(replay)).not.toContain(first.data.receiveStock.entries[0].id);
  });
});

describe("8. warehouses named out of scope", () => {
  test("by code: FORBIDDEN whether the warehouse exists or not; by id: NOT_FOUND like a missing one", async () => {
    const auth = await dc([Role.ADMIN]);
    const receive = (where: string) =>
      o.t.gql(`mutation { receiveStock(input: { materialCode: "RELAY-10A", ${where}, locationCode: "A-03", quantity: "1" }) { replayed } }`, {}, { auth });
    for (const code of ["PLANT-1", "NOPE-9"]) {
      expect(errorOf(await receive(`warehouseCode: "${code}"`))).toEqual({ code: "FORBIDDEN", message: `not allowed in warehouse ${code}` });
      const device = await o.t.gql(`mutation($w: String!) { registerDevice(input: { code: "PROBE-1", name: "probe", kind: SENSOR, warehouseCode: $w }) { id } }`, { w: code }, { auth });
      expect(errorOf(device)).toEqual({ code: "FORBIDDEN", message: `not allowed in warehouse ${code}` });
      const imported = await o.t.gql(
        `mutation($c: String!) { importData(kind: "opening-stock", format: CSV, content: $c) { status errors { code message } } }`,
        { c: `materialCode,warehouseCode,locationCode,quantity\nRELAY-10A,${code},A-03,1\n` },
        { auth },
      );
      expect(imported.data.importData).toEqual({ status: "INVALID", errors: [{ code: "FORBIDDEN", message: `not allowed in warehouse ${code}` }] });
    }
    const missing = 999_999;
    for (const id of [await plantId(), missing]) {
      expect(errorOf(await receive(`warehouseId: "${id}"`))).toEqual({ code: "NOT_FOUND", message: `Warehouse "${id}" does not exist` });
    }
  });
});
