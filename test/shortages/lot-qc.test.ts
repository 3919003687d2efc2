/**
 * Lot QC over the real server (and broker): holding a lot in quarantine takes it out of FEFO, availability and
 * MRP; rejecting a lot work orders reserved releases them, raises a QUALITY exception linking the lot and the
 * orders, and the orders' shortage policy reserves a substitute; a trace forward shows what the lot went into.
 * QC from a scan (graph and MQTT); bad input, roles and warehouse scope refused with nothing written.
 */
import { randomUUID } from "node:crypto";
import mqtt, { type MqttClient } from "mqtt";
import { Role } from "../../src/auth/roles";
import { assertStockConsistent } from "../stock/stock-fixture";
import { startTestHub, type TestHub } from "../support/test-hub";
import { until } from "../support/until";
import { autoPolicy, codeOf, createOrder, EXCEPTION, exceptionsOf, fingerprint, line, material, ok, product, receive, substitute, workOrder } from "./shortage-fixture";

const BROKER = "mqtt://127.0.0.1:1883";
const PREFIX = `qc-${randomUUID().slice(0, 8)}`;

let t: TestHub;
let device: MqttClient;
beforeAll(async () => {
  device = await mqtt.connectAsync(BROKER, { connectTimeout: 5000, reconnectPeriod: 0 });
  t = await startTestHub({ demo: true, env: { MQTT_URL: BROKER, MQTT_TOPIC_PREFIX: PREFIX } });
}, 240_000);
afterAll(async () => {
  await device?.endAsync();
  await t?.stop();
});

const QC = (action: "holdLot" | "releaseLot" | "rejectLot") =>
  `mutation($input: LotQcInput!) { ${action}(input: $input) { previousStatus qualityExceptionIds replayed lot { code qcStatus } workOrders { number status } } }`;
const qc = (action: "holdLot" | "releaseLot" | "rejectLot", input: Record<string, unknown>, auth?: string) => t.gql(QC(action), { input }, auth ? { auth } : {});
const lotStatus = async (materialCode: string, lotCode: string) =>
  (await t.db.sql.query<{ s: string }>(`SELECT qc_status::text AS s FROM lot JOIN material m ON m.id = lot.material_id WHERE m.code = $1 AND lot.code = $2`, [materialCode, lotCode]))[0]?.s;

describe("quarantine", () => {
  it("takes a held lot out of FEFO and availability until it is released; each change audited and evented", async () => {
    await material(t, "QC-PART", "BUY", true);
    await receive(t, "QC-PART", "PLANT-1", "A-01", "5", { lotCode: "EARLY", expiresAt: "2030-01-01T00:00:00Z" });
    await receive(t, "QC-PART", "PLANT-1", "A-01", "5", { lotCode: "LATE", expiresAt: "2031-01-01T00:00:00Z" });
    const held = await qc("holdLot", { materialCode: "QC-PART", lotCode: "EARLY", reason: "humidity in the store" });
    expect(held.errors).toBeUndefined();
    expect(held.data.holdLot).toEqual({ previousStatus: "RELEASED", qualityExceptionIds: [], replayed: false, lot: { code: "EARLY", qcStatus: "QUARANTINE" }, workOrders: [] });

    const issued = await ok(t, `mutation { issueStock(input: { materialCode: "QC-PART", warehouseCode: "PLANT-1", quantity: "3" }) { entries { quantity lot { code } } } }`);
    expect(issued.issueStock.entries).toEqual([{ quantity: "-3", lot: { code: "LATE" } }]);
    const named = await t.gql(`mutation { issueStock(input: { materialCode: "QC-PART", warehouseCode: "PLANT-1", quantity: "1", lotCode: "EARLY" }) { replayed } }`);
    expect(codeOf(named)).toBe("LOT_NOT_RELEASED");
    const availability = await ok(t, `{ stockAvailability(materialCode: "QC-PART", warehouseCode: "PLANT-1") { available blocked } }`);
    expect(availability.stockAvailability).toEqual([{ available: "2", blocked: "5" }]);

    const released = await qc("releaseLot", { materialCode: "QC-PART", lotCode: "EARLY", reason: "dried and checked" });
    expect(released.data.releaseLot.lot.qcStatus).toBe("RELEASED");
    const fefo = await ok(t, `mutation { issueStock(input: { materialCode: "QC-PART", warehouseCode: "PLANT-1", quantity: "1" }) { entries { lot { code } } } }`);
    expect(fefo.issueStock.entries).toEqual([{ lot: { code: "EARLY" } }]);

    const audit = await t.db.sql.query(`SELECT action, changes FROM audit_log WHERE entity = 'Lot' AND entity_id = 'QC-PART/EARLY' ORDER BY id`);
    expect(audit).toEqual([
      { action: "hold", changes: { from: "RELEASED", to: "QUARANTINE", reason: "humidity in the store" } },
      { action: "release", changes: { from: "QUARANTINE", to: "RELEASED", reason: "dried and checked" } },
    ]);
    const events = await t.db.sql.query<{ payload: any }>(`SELECT payload FROM event WHERE topic = 'lot.qcChanged' AND payload->>'materialCode' = 'QC-PART' ORDER BY id`);
    expect(events.map((e) => [e.payload.lotCode, e.payload.from, e.payload.to, e.payload.reason, e.payload.actor, e.payload.warehouseCode])).toEqual([
      ["EARLY", "RELEASED", "QUARANTINE", "humidity in the store", "user:test-admin", null],
      ["EARLY", "QUARANTINE", "RELEASED", "dried and checked", "user:test-admin", null],
    ]);
  });

  it("MRP plans without a held lot", async () => {
    await material(t, "QC-MRP", "BUY", true);
    await receive(t, "QC-MRP", "PLANT-1", "A-02", "60", { lotCode: "M-1" });
    await receive(t, "QC-MRP", "PLANT-1", "A-02", "40", { lotCode: "M-2" });
    const initial = async () =>
      (await ok(t, `{ mrpWhatIf(run: { warehouseCode: "PLANT-1", horizonBuckets: 2 }, overrides: { periodsOf: ["QC-MRP"] }) { periods { initialAvailable } } }`)).mrpWhatIf.periods[0].initialAvailable;
    expect(await initial()).toBe("100");
    await ok(t, QC("holdLot"), { input: { materialCode: "QC-MRP", lotCode: "M-2", reason: "supplier recall" } });
    expect(await initial()).toBe("60");
  });

  it("a hold releases what orders reserved on the lot: without a policy the order turns SHORT with suggestions", async () => {
    await product(t, "QH-PROD", [["QH-COMP", "1"]], ["QH-COMP"]);
    await receive(t, "QH-COMP", "PLANT-1", "A-01", "10", { lotCode: "H-1" });
    const wo = await createOrder(t, "QH-PROD", "PLANT-1", "4");
    expect(wo.status).toBe("RELEASED");
    const held = await ok(t, QC("holdLot"), { input: { materialCode: "QH-COMP", lotCode: "H-1", reason: "label unreadable" } });
    expect(held.holdLot.workOrders).toEqual([{ number: wo.number, status: "SHORT" }]);
    expect(line(await workOrder(t, wo.number), "QH-COMP")).toMatchObject({ reserved: "0", shortQuantity: "4" });
    const [e] = await exceptionsOf(t, wo.number);
    expect(e).toMatchObject({ status: "OPEN", actions: [] });
    await assertStockConsistent(t);
  });
});

describe("rejection", () => {
  it("releases the reservations, raises a QUALITY exception linking the lot and the orders, and the policy reserves a substitute", async () => {
    await product(t, "QR-PROD", [["QR-COMP", "1"]], ["QR-PROD", "QR-COMP"]);
    await receive(t, "QR-COMP", "PLANT-1", "A-01", "10", { lotCode: "BAD-1" });
    const made = await createOrder(t, "QR-PROD", "PLANT-1", "4");
    await ok(t, `mutation($n: String!) { startOperation(number: $n, sequence: 10) { replayed } }`, { n: made.number });
    await ok(t, `mutation($n: String!) { completeOperation(input: { number: $n, sequence: 10, goodQuantity: "4" }) { replayed } }`, { n: made.number });
    const waiting = await createOrder(t, "QR-PROD", "PLANT-1", "3");
    expect(line(waiting, "QR-COMP")).toMatchObject({ reserved: "3" });
    await substitute(t, "QR-COMP", "QR-ALT", {}, true);
    await receive(t, "QR-ALT", "PLANT-1", "A-02", "5", { lotCode: "ALT-1" });
    await autoPolicy(t, "QR-COMP", { transfers: false, purchase: false });

    const rejected = await ok(t, QC("rejectLot"), { input: { materialCode: "QR-COMP", lotCode: "BAD-1", reason: "contaminated solder" } });
    expect(rejected.rejectLot).toMatchObject({ previousStatus: "RELEASED", lot: { code: "BAD-1", qcStatus: "REJECTED" }, workOrders: [{ number: waiting.number, status: "RELEASED" }] });
    const [qualityId] = rejected.rejectLot.qualityExceptionIds;

    const now = await workOrder(t, waiting.number);
    expect(now.status).toBe("RELEASED");
    expect(line(now, "QR-COMP")).toMatchObject({ required: "0", reserved: "0", shortQuantity: "0" });
    expect(line(now, "QR-ALT")).toMatchObject({ required: "3", reserved: "3" });
    expect(now.substitutions).toMatchObject([{ component: { code: "QR-COMP" }, substitute: { code: "QR-ALT" }, quantity: "3", substituteQuantity: "3" }]);

    const [quality] = await exceptionsOf(t, waiting.number, ["QUALITY"]);
    expect(quality).toMatchObject({ id: qualityId, type: "QUALITY", severity: "CRITICAL", status: "OPEN", message: "lot BAD-1 of QR-COMP rejected: contaminated solder" });
    expect(quality.links).toEqual([{ kind: "LOT", ref: "QR-COMP/BAD-1" }, { kind: "WORK_ORDER", ref: waiting.number }]);
    expect(quality.actions).toEqual([{
      action: "RESERVATIONS_RELEASED", actor: "user:test-admin", result: "SUCCEEDED",
      details: { workOrder: waiting.number, lot: "BAD-1", released: [{ material: "QR-COMP", quantity: "3" }], status: "RELEASED" },
    }]);
    const [shortage] = await exceptionsOf(t, waiting.number);
    expect(shortage.actions.map((a: any) => a.action)).toEqual(["SUBSTITUTE_RESERVED", "RESOLVED"]);

    // what the rejected lot already went into
    const trace = await ok(t, `{ traceForward(materialCode: "QR-COMP", lotCode: "BAD-1") { depth lot { code } material { code } workOrder { number } } }`);
    expect(trace.traceForward).toEqual([{ depth: 1, lot: { code: made.number }, material: { code: "QR-PROD" }, workOrder: { number: made.number } }]);
    const [left] = await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM reservation r JOIN lot ON lot.id = r.lot_id WHERE lot.code = 'BAD-1' AND r.status = 'OPEN'`);
    expect(left.n).toBe(0);
    await assertStockConsistent(t);
  });
});

describe("QC from scans", () => {
  it("holds a lot from a QC scan over the graph (a QC station: INTEGRATION), not from a storekeeper's", async () => {
    await material(t, "QS-PART", "BUY", true);
    await receive(t, "QS-PART", "PLANT-1", "A-03", "7", { lotCode: "S-1" });
    const input = { deviceId: "QC-DESK", code: "QS-PART|S-1", action: "QC_HOLD", quantity: "0", warehouseCode: "PLANT-1", locationCode: "A-03", reason: "visual check" };
    const before = await fingerprint(t);
    const storekeeper = await t.gql(`mutation($input: ScanInput!) { scan(input: $input) { replayed } }`, { input }, { auth: await t.token([Role.STOREKEEPER]) });
    expect(codeOf(storekeeper)).toBe("FORBIDDEN");
    expect(await fingerprint(t)).toEqual(before);
    const station = await t.gql(`mutation($input: ScanInput!) { scan(input: $input) { replayed } }`, { input }, { auth: await t.token([Role.INTEGRATION]) });
    expect(station.errors).toBeUndefined();
    expect(await lotStatus("QS-PART", "S-1")).toBe("QUARANTINE");
    const noLot = await t.gql(`mutation($input: ScanInput!) { scan(input: $input) { replayed } }`, { input: { ...input, code: "QS-PART" } });
    expect(codeOf(noLot)).toBe("BAD_USER_INPUT");
  });

  it("rejects a lot from a QC_REJECT message of a registered scanner", async () => {
    await material(t, "QM-PART", "BUY", true);
    await receive(t, "QM-PART", "PLANT-1", "A-03", "4", { lotCode: "M-9" });
    await ok(t, `mutation { registerDevice(input: { code: "QC-GUN", name: "QC gun", kind: BARCODE_SCANNER, warehouseCode: "PLANT-1", locationCode: "A-03" }) { code } }`);
    await until(async () => (await ok(t, `{ connectors { name state } }`)).connectors.find((c: any) => c.name === "mqtt")?.state === "UP", "the MQTT connector");
    await device.publishAsync(`${PREFIX}/PLANT-1/devices/QC-GUN/scans`, JSON.stringify({ scanId: "qc-1", code: "QM-PART|M-9", action: "QC_REJECT", reason: "cracked housing" }), { qos: 1 });
    await until(async () => (await lotStatus("QM-PART", "M-9")) === "REJECTED", "the rejection from the scan");
    const quality = await ok(t, `query { exceptions(filter: { types: [QUALITY], materialCode: "QM-PART" }) { nodes { ${EXCEPTION} } } }`);
    expect(quality.exceptions.nodes).toMatchObject([{ message: "lot M-9 of QM-PART rejected: cracked housing", links: [{ kind: "LOT", ref: "QM-PART/M-9" }] }]);
  });
});

describe("bad input, roles and scope", () => {
  beforeAll(async () => {
    await material(t, "QB-PART", "BUY", true);
    await receive(t, "QB-PART", "PLANT-1", "A-01", "3", { lotCode: "B-1" });
    await receive(t, "QB-PART", "DC-1", "B-01", "3", { lotCode: "B-DC" });
  });

  const refused: [string, "holdLot" | "releaseLot" | "rejectLot", Record<string, unknown>, string, Record<string, unknown>?][] = [
    ["a lot that does not exist", "holdLot", { materialCode: "QB-PART", lotCode: "NOPE", reason: "x" }, "NOT_FOUND", { entity: "Lot", key: "NOPE", within: "QB-PART" }],
    ["a material that does not exist", "rejectLot", { materialCode: "QB-NOPE", lotCode: "B-1", reason: "x" }, "NOT_FOUND", { entity: "Material" }],
    ["no reason", "holdLot", { materialCode: "QB-PART", lotCode: "B-1", reason: "  " }, "BAD_USER_INPUT", { field: "reason" }],
    ["releasing a lot that is not held", "releaseLot", { materialCode: "QB-PART", lotCode: "B-1", reason: "x" }, "INVALID_STATE", { status: "RELEASED" }],
  ];
  it.each(refused)("refuses %s, writing nothing", async (_what, action, input, code, extensions) => {
    const before = await fingerprint(t);
    const res = await qc(action, input);
    expect(codeOf(res)).toBe(code);
    if (extensions) expect(res.errors![0].extensions).toMatchObject(extensions);
    expect(await fingerprint(t)).toEqual(before);
  });

  it("refuses a lot with stock in another warehouse (FORBIDDEN), one made by another warehouse's order (NOT_FOUND), and viewers and storekeepers", async () => {
    const dc = await t.token([Role.PLANNER], ["DC-1"]);
    const before = await fingerprint(t);
    expect(codeOf(await qc("holdLot", { materialCode: "QB-PART", lotCode: "B-1", reason: "x" }, dc))).toBe("FORBIDDEN");
    const [made] = await t.db.sql.query<{ code: string }>(`SELECT lot.code FROM lot JOIN material m ON m.id = lot.material_id WHERE m.code = 'QR-PROD'`);
    const other = await qc("holdLot", { materialCode: "QR-PROD", lotCode: made.code, reason: "x" }, dc);
    expect(other.errors![0].extensions).toMatchObject({ code: "NOT_FOUND", entity: "Lot" });
    for (const role of [Role.VIEWER, Role.STOREKEEPER]) expect(codeOf(await qc("holdLot", { materialCode: "QB-PART", lotCode: "B-DC", reason: "x" }, await t.token([role])))).toBe("FORBIDDEN");
    expect(await fingerprint(t)).toEqual(before);
    const own = await qc("holdLot", { materialCode: "QB-PART", lotCode: "B-DC", reason: "damp" }, dc);
    expect(own.data.holdLot.lot.qcStatus).toBe("QUARANTINE");
  });
});
