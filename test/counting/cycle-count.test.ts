import { Role } from "../../src/auth/roles";
import { startTestHub, type TestHub } from "../support/test-hub";
import { ISSUE, MOVE, RECEIVE, SCAN, assertStockConsistent, onHand } from "../stock/stock-fixture";
import { APPROVE, CANCEL, COUNT, CREATE, GTIN, READS, SESSION_QUERY, START, SUBMIT, countingSnapshot, stockedLocation, tag } from "./count-fixture";

let t: TestHub;
let planner: string;
let storekeeper: string;
beforeAll(async () => {
  t = await startTestHub({ demo: true });
  planner = await t.token([Role.PLANNER]);
  storekeeper = await t.token([Role.STOREKEEPER]);
  await stockedLocation(t, "C-01", { "RELAY-10A": "5", "MICA-SHEET": "3" });
  await stockedLocation(t, "C-02", { "CRUMB-TRAY": "10" });
  const mapped = await t.gql(`mutation { mapGtin(input: { gtin: "${GTIN}", materialCode: "RELAY-10A" }) { gtin material { code } } }`, {}, { auth: planner });
  expect(mapped.data?.mapGtin).toEqual({ gtin: GTIN, material: { code: "RELAY-10A" } });
}, 120_000);
afterAll(() => t.stop());

const as = (auth: string) => <T = any>(query: string, variables: Record<string, unknown> = {}) => t.gql<T>(query, variables, { auth });

/** A started session over these locations; its number. */
async function counting(locationCodes: string[], blind = true): Promise<string> {
  const created = await as(planner)(CREATE, { input: { warehouseCode: "PLANT-1", locationCodes, blind } });
  expect(created.errors).toBeUndefined();
  const number = created.data.createCountSession.countSession.number;
  const started = await as(storekeeper)(START, { number });
  expect(started.data?.startCountSession.countSession.status).toBe("COUNTING");
  return number;
}

describe("an RFID cycle count", () => {
  it("counts each tag once however often it is read, recounts what is off, and posts only the approved differences", async () => {
    const number = await counting(["C-01"]);
    const ledgerBefore = (await t.db.sql.query(`SELECT id FROM stock_ledger_entry`)).length;
    const reads = await as(storekeeper)(READS, { input: { number, locationCode: "C-01", epcs: [tag(1), tag(2), tag(3), tag(4), tag(1), tag(2).toLowerCase(), tag(1), "E2801160600002086E3A5C2F"] } });
    expect(reads.errors).toBeUndefined();
    expect(reads.data.recordRfidReads).toEqual({ replayed: false, tagsRead: 8, counted: 4, alreadyCounted: 0, unknownEpcs: ["E2801160600002086E3A5C2F"] });
    const again = await as(storekeeper)(READS, { input: { number, locationCode: "C-01", epcs: [tag(3), tag(4), tag(1)] } });
    expect(again.data.recordRfidReads).toMatchObject({ counted: 0, alreadyCounted: 3 });
    expect((await as(storekeeper)(COUNT, { input: { number, locationCode: "C-01", materialCode: "MICA-SHEET", countedQuantity: "3" } })).errors).toBeUndefined();

    // 4 relays where the books say 5: counted again before review (the tags may be read again)
    const first = await as(storekeeper)(SUBMIT, { number });
    expect(first.data.submitCountSession).toEqual({ recountLines: 1, countSession: { status: "COUNTING" } });
    const recount = await as(storekeeper)(READS, { input: { number, locationCode: "C-01", epcs: [tag(1), tag(2), tag(3), tag(4), tag(2)] } });
    expect(recount.data.recordRfidReads).toMatchObject({ counted: 4, alreadyCounted: 0 });
    const second = await as(storekeeper)(SUBMIT, { number });
    expect(second.data.submitCountSession).toEqual({ recountLines: 0, countSession: { status: "REVIEW" } });
    // nothing is posted before approval
    expect((await t.db.sql.query(`SELECT id FROM stock_ledger_entry`)).length).toBe(ledgerBefore);

    const review = await as(planner)(SESSION_QUERY, { number });
    expect(review.data.countSession.lines).toEqual([
      expect.objectContaining({ material: { code: "MICA-SHEET" }, countedQuantity: "3", bookQuantity: "3", difference: "0", withinTolerance: true, recounts: 0 }),
      expect.objectContaining({ material: { code: "RELAY-10A" }, tagsRead: 4, countedQuantity: "4", bookQuantity: "5", difference: "-1", value: "-0.74", currency: "EUR", withinTolerance: false, recounts: 1, recountRequested: false }),
    ]);

    const approved = await as(planner)(APPROVE, { number });
    expect(approved.errors).toBeUndefined();
    expect(approved.data.approveCountSession).toEqual({
      replayed: false,
      entries: [{ type: "COUNT", quantity: "-1", reasonCode: "CYCLE_COUNT", location: { code: "C-01" }, material: { code: "RELAY-10A" } }],
      countSession: { status: "APPROVED", accuracy: "0.5" },
    });
    const [linked] = await t.db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM stock_ledger_entry e JOIN count_session s ON s.id = e.count_session_id WHERE s.number = $1`,
      [number],
    );
    expect(linked.n).toBe(1);
    expect(await onHand(t, "RELAY-10A", "PLANT-1", "C-01")).toBe("4");
    expect(await onHand(t, "MICA-SHEET", "PLANT-1", "C-01")).toBe("3");
    await assertStockConsistent(t);
    // the location takes movements again
    expect((await as(storekeeper)(RECEIVE, { input: { materialCode: "RELAY-10A", warehouseCode: "PLANT-1", locationCode: "C-01", quantity: "1" } })).errors).toBeUndefined();
  });
});

describe("blind counts", () => {
  it("hide book quantities, differences and values from a STOREKEEPER; PLANNER and ADMIN see them", async () => {
    const number = await counting(["C-02"]);
    await as(storekeeper)(COUNT, { input: { number, locationCode: "C-02", materialCode: "CRUMB-TRAY", countedQuantity: "9" } });
    const hidden = { bookQuantity: null, difference: null, value: null, currency: null, withinTolerance: null };
    const mine = await as(storekeeper)(SESSION_QUERY, { number });
    expect(mine.data.countSession).toMatchObject({ blind: true, lines: [expect.objectContaining({ countedQuantity: "9", ...hidden })] });
    for (const auth of [planner, await t.token([Role.ADMIN])]) {
      const seen = await as(auth)(SESSION_QUERY, { number });
      expect(seen.data.countSession.lines).toEqual([expect.objectContaining({ countedQuantity: "9", bookQuantity: "10", difference: "-1", value: "-0.65" })]);
    }
    expect((await as(planner)(CANCEL, { number })).data.cancelCountSession.countSession.status).toBe("CANCELLED");
    // an open count shows them to everyone
    const open = await counting(["C-02"], false);
    await as(storekeeper)(COUNT, { input: { number: open, locationCode: "C-02", materialCode: "CRUMB-TRAY", countedQuantity: "10" } });
    expect((await as(storekeeper)(SESSION_QUERY, { number: open })).data.countSession.lines).toEqual([expect.objectContaining({ bookQuantity: "10", difference: "0", withinTolerance: true })]);
    await as(planner)(CANCEL, { number: open });
  });
});

describe("movements at a location being counted", () => {
  it("are refused with LOCATION_BEING_COUNTED and write nothing, until the count is approved or cancelled", async () => {
    const created = await as(planner)(CREATE, { input: { warehouseCode: "PLANT-1", zone: "C-02" } });
    const number = created.data.createCountSession.countSession.number;
    // an OPEN session does not hold its locations yet; WIDGET lies first (FIFO) at C-02, then at A-02
    expect((await as(storekeeper)(RECEIVE, { input: { materialCode: "CRUMB-TRAY", warehouseCode: "PLANT-1", locationCode: "C-02", quantity: "2" } })).errors).toBeUndefined();
    expect((await t.gql(`mutation { createMaterial(input: { code: "WIDGET", name: "Widget", uomCode: "EA", type: BUY }) { code } }`)).errors).toBeUndefined();
    for (const locationCode of ["C-02", "A-02"]) await as(storekeeper)(RECEIVE, { input: { materialCode: "WIDGET", warehouseCode: "PLANT-1", locationCode, quantity: "5" } });
    await as(storekeeper)(START, { number });
    const tries: [string, object][] = [
      [RECEIVE, { materialCode: "CRUMB-TRAY", warehouseCode: "PLANT-1", locationCode: "C-02", quantity: "1" }],
      [ISSUE, { materialCode: "CRUMB-TRAY", warehouseCode: "PLANT-1", locationCode: "C-02", quantity: "1" }],
      [MOVE, { materialCode: "CRUMB-TRAY", warehouseCode: "PLANT-1", fromLocationCode: "C-02", toLocationCode: "A-02", quantity: "1" }],
      [MOVE, { materialCode: "CRUMB-TRAY", warehouseCode: "PLANT-1", fromLocationCode: "A-02", toLocationCode: "C-02", quantity: "1" }],
    ];
    for (const [document, input] of tries) {
      const before = await countingSnapshot(t);
      const res = await as(storekeeper)(document, { input });
      expect(res.errors?.[0].extensions).toMatchObject({ code: "LOCATION_BEING_COUNTED", countSessionId: expect.any(Number) });
      expect(await countingSnapshot(t)).toEqual(before);
    }
    // stock elsewhere still moves, and an issue naming no location takes none of what is being counted
    expect((await as(storekeeper)(ISSUE, { input: { materialCode: "CRUMB-TRAY", warehouseCode: "PLANT-1", locationCode: "A-02", quantity: "1" } })).errors).toBeUndefined();
    const elsewhere = await as(storekeeper)(ISSUE, { input: { materialCode: "WIDGET", warehouseCode: "PLANT-1", quantity: "3" } });
    expect(elsewhere.data.issueStock.entries.map((e: any) => [e.location.code, e.quantity])).toEqual([["A-02", "-3"]]);
    const tooMuch = await as(storekeeper)(ISSUE, { input: { materialCode: "WIDGET", warehouseCode: "PLANT-1", quantity: "3" } });
    expect(tooMuch.errors?.[0].extensions).toMatchObject({ code: "INSUFFICIENT_STOCK", available: "2" });
    await as(planner)(CANCEL, { number });
    expect((await as(storekeeper)(ISSUE, { input: { materialCode: "CRUMB-TRAY", warehouseCode: "PLANT-1", locationCode: "C-02", quantity: "1" } })).errors).toBeUndefined();
    await assertStockConsistent(t);
  });

  it("one location is held by one count at a time", async () => {
    const a = await counting(["C-02"]);
    const other = await as(planner)(CREATE, { input: { warehouseCode: "PLANT-1", locationCodes: ["C-02", "A-01"] } });
    const before = await countingSnapshot(t);
    const res = await as(storekeeper)(START, { number: other.data.createCountSession.countSession.number });
    expect(res.errors?.[0]).toMatchObject({ message: `location PLANT-1/C-02 is being counted by count session ${a}`, extensions: { code: "CONFLICT", location: "C-02", countSession: a } });
    expect(await countingSnapshot(t)).toEqual(before);
    await as(planner)(CANCEL, { number: a });
  });
});

describe("COUNT scans", () => {
  it("go into the session counting their location, or are refused with NO_COUNT_SESSION", async () => {
    const scan = (input: object) => as(storekeeper)(SCAN, { input: { deviceId: "HH-9", warehouseCode: "PLANT-1", action: "COUNT", ...input } });
    const before = await countingSnapshot(t);
    const refused = await scan({ code: "CRUMB-TRAY", quantity: "4", locationCode: "C-02" });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: "NO_COUNT_SESSION", warehouse: "PLANT-1", location: "C-02" });
    expect(await countingSnapshot(t)).toEqual(before);

    const number = await counting(["C-01", "C-02"]);
    const barcode = await scan({ code: "CRUMB-TRAY", quantity: "4", locationCode: "C-02" });
    expect(barcode.errors).toBeUndefined();
    expect(barcode.data.scan.entries).toEqual([]);
    expect((await scan({ code: "CRUMB-TRAY", quantity: "10", locationCode: "C-02" })).errors).toBeUndefined(); // replaces the 4
    expect((await scan({ epc: tag(7), quantity: "1", locationCode: "C-01" })).errors).toBeUndefined();
    expect((await scan({ epc: tag(7), quantity: "1", locationCode: "C-01" })).errors).toBeUndefined(); // the same tag again
    const lines = (await as(planner)(SESSION_QUERY, { number })).data.countSession.lines;
    expect(lines).toEqual([
      expect.objectContaining({ location: { code: "C-01" }, material: { code: "RELAY-10A" }, tagsRead: 1, countedQuantity: "1" }),
      expect.objectContaining({ location: { code: "C-02" }, material: { code: "CRUMB-TRAY" }, enteredQuantity: "10", countedQuantity: "10" }),
    ]);
    await as(planner)(CANCEL, { number });
  });
});
