import { startTestHub, type TestHub } from "../support/test-hub";
import { ADJUST, CREATE_WO, ISSUE, MOVE, RECEIVE, SCAN, SCRAP, snapshot } from "./stock-fixture";

let t: TestHub;
let workOrder: string;
beforeAll(async () => {
  t = await startTestHub({ demo: true });
  await t.db.sql.query(`UPDATE lot SET qc_status = 'QUARANTINE' WHERE code = 'PB-2609-3'`);
  workOrder = (await t.gql(CREATE_WO, { input: { materialCode: "ELEMENT-T", warehouseCode: "PLANT-1", quantity: "1" } })).data.createWorkOrder.workOrder.number;
});
afterAll(() => t.stop());

const mcu = { materialCode: "MCU-8BIT", warehouseCode: "PLANT-1" };

/** Every refused command: the typed code, and nothing written (ledger, balances, reservations, lots, keys, events). */
const cases: [string, string, string, () => object][] = [
  ["a negative quantity", ISSUE, "BAD_USER_INPUT", () => ({ ...mcu, quantity: "-5" })],
  ["a zero quantity", ISSUE, "BAD_USER_INPUT", () => ({ ...mcu, quantity: "0" })],
  ["a non-numeric quantity", ISSUE, "BAD_USER_INPUT", () => ({ ...mcu, quantity: "ten" })],
  ["a quantity in exponent notation", RECEIVE, "BAD_USER_INPUT", () => ({ ...mcu, locationCode: "A-03", quantity: "1e3" })],
  ["more decimals than the unit allows (EA)", RECEIVE, "BAD_USER_INPUT", () => ({ ...mcu, locationCode: "A-03", quantity: "1.5" })],
  ["more decimals than the unit allows (KG, 3)", RECEIVE, "BAD_USER_INPUT", () => ({ materialCode: "PAINT-BLACK", warehouseCode: "PLANT-1", locationCode: "A-02", quantity: "1.2345", lotCode: "X" })],
  ["a quantity beyond what stock can hold", RECEIVE, "BAD_USER_INPUT", () => ({ ...mcu, locationCode: "A-03", quantity: "999999999999" })],
  ["a quantity with more digits than stored", RECEIVE, "BAD_USER_INPUT", () => ({ ...mcu, locationCode: "A-03", quantity: "1000000000000" })],
  ["an unknown material", ISSUE, "NOT_FOUND", () => ({ ...mcu, materialCode: "NO-SUCH", quantity: "1" })],
  ["an unknown warehouse", ISSUE, "NOT_FOUND", () => ({ ...mcu, warehouseCode: "NOWHERE", quantity: "1" })],
  ["an unknown location", RECEIVE, "NOT_FOUND", () => ({ ...mcu, locationCode: "Z-99", quantity: "1" })],
  ["an unknown lot", ISSUE, "NOT_FOUND", () => ({ materialCode: "PAINT-BLACK", warehouseCode: "PLANT-1", quantity: "1", lotCode: "NO-LOT" })],
  ["a unit that is not the material's", RECEIVE, "BAD_USER_INPUT", () => ({ ...mcu, locationCode: "A-03", quantity: "1", uom: "KG" })],
  ["a lot-tracked receipt without a lot", RECEIVE, "LOT_REQUIRED", () => ({ materialCode: "PAINT-BLACK", warehouseCode: "PLANT-1", locationCode: "A-02", quantity: "1" })],
  ["a lot for a material that is not lot-tracked", RECEIVE, "BAD_USER_INPUT", () => ({ ...mcu, locationCode: "A-03", quantity: "1", lotCode: "L1" })],
  ["an over-issue against a work order", ISSUE, "OVER_ISSUE", () => ({ materialCode: "NICHROME-WIRE", warehouseCode: "PLANT-1", quantity: "2.473", workOrderNumber: workOrder })],
  ["an issue from a quarantined lot", ISSUE, "LOT_NOT_RELEASED", () => ({ materialCode: "PAINT-BLACK", warehouseCode: "PLANT-1", quantity: "1", lotCode: "PB-2609-3" })],
  ["an issue when the only lot is quarantined", ISSUE, "INSUFFICIENT_STOCK", () => ({ materialCode: "PAINT-BLACK", warehouseCode: "PLANT-1", quantity: "1" })],
  ["an issue of more than is free", ISSUE, "INSUFFICIENT_STOCK", () => ({ ...mcu, quantity: "1351" })],
  ["moving more than is there", MOVE, "INSUFFICIENT_STOCK", () => ({ materialCode: "MICA-SHEET", warehouseCode: "PLANT-1", fromLocationCode: "A-02", toLocationCode: "A-01", quantity: "501" })],
  ["moving to the same location", MOVE, "BAD_USER_INPUT", () => ({ materialCode: "MICA-SHEET", warehouseCode: "PLANT-1", fromLocationCode: "A-02", toLocationCode: "A-02", quantity: "1" })],
  ["an adjustment below zero", ADJUST, "INSUFFICIENT_STOCK", () => ({ materialCode: "MICA-SHEET", warehouseCode: "PLANT-1", locationCode: "A-02", quantity: "-501", reasonCode: "LOST" })],
  ["an adjustment without a reason", ADJUST, "BAD_USER_INPUT", () => ({ materialCode: "MICA-SHEET", warehouseCode: "PLANT-1", locationCode: "A-02", quantity: "1", reasonCode: " " })],
  ["scrapping stock that is reserved", SCRAP, "INSUFFICIENT_STOCK", () => ({ materialCode: "MICA-SHEET", warehouseCode: "PLANT-1", locationCode: "A-02", quantity: "499", reasonCode: "BROKEN" })],
  ["a scan with a malformed code", SCAN, "BAD_USER_INPUT", () => ({ deviceId: "RF-1", code: "A|B|C", action: "RECEIVE", quantity: "1", warehouseCode: "PLANT-1", locationCode: "A-03" })],
];

describe("bad input is refused with a typed error and writes nothing", () => {
  it.each(cases)("%s", async (_name, document, code, input) => {
    const before = await snapshot(t);
    const res = await t.gql(document, { input: input(), key: `bad-${_name}` });
    expect(res.errors?.[0].extensions?.code).toBe(code);
    expect(res.data?.[Object.keys(res.data ?? {})[0]] ?? null).toBeNull();
    expect(await snapshot(t)).toEqual(before);
  });
});
