import { Role } from "../../src/auth/roles";
import { startTestHub, type TestHub } from "../support/test-hub";
import { assertStockConsistent, onHand } from "../stock/stock-fixture";
import { APPROVE, COUNT, CREATE, READS, SESSION_QUERY, START, SUBMIT, countingSnapshot, stockedLocation } from "./count-fixture";

let t: TestHub;
let planner: string;
beforeAll(async () => {
  t = await startTestHub({ demo: true });
  planner = await t.token([Role.PLANNER]);
  await stockedLocation(t, "D-01", { "CRUMB-TRAY": "10" });
  await stockedLocation(t, "D-02", { "KNOB-BROWN": "8" });
}, 120_000);
afterAll(() => t.stop());

const gql = <T = any>(query: string, variables: Record<string, unknown> = {}, auth = planner) => t.gql<T>(query, variables, { auth });

/** A session over the locations, started; its number. */
async function counting(locationCodes: string[]): Promise<string> {
  const number = (await gql(CREATE, { input: { warehouseCode: "PLANT-1", locationCodes } })).data.createCountSession.countSession.number;
  expect((await gql(START, { number })).errors).toBeUndefined();
  return number;
}

describe("bad input", () => {
  it("is a typed error naming what was wrong, and writes nothing", async () => {
    const number = await counting(["D-01"]);
    const cases: [string, string, Record<string, unknown>, Record<string, unknown>][] = [
      ["an unknown session (id)", COUNT, { input: { id: "999999", locationCode: "D-01", materialCode: "CRUMB-TRAY", countedQuantity: "1" } }, { code: "NOT_FOUND", entity: "CountSession" }],
      ["an unknown session (number)", START, { number: "CS-999999" }, { code: "NOT_FOUND", entity: "CountSession", key: "CS-999999" }],
      ["an unknown location", COUNT, { input: { number, locationCode: "NOWHERE", materialCode: "CRUMB-TRAY", countedQuantity: "1" } }, { code: "NOT_FOUND", entity: "Location", within: "PLANT-1" }],
      ["a location the session does not count", COUNT, { input: { number, locationCode: "D-02", materialCode: "KNOB-BROWN", countedQuantity: "1" } }, { code: "BAD_USER_INPUT", field: "locationCode" }],
      ["a negative counted quantity", COUNT, { input: { number, locationCode: "D-01", materialCode: "CRUMB-TRAY", countedQuantity: "-1" } }, { code: "BAD_USER_INPUT", field: "countedQuantity" }],
      ["a fraction of a piece", COUNT, { input: { number, locationCode: "D-01", materialCode: "CRUMB-TRAY", countedQuantity: "1.5" } }, { code: "BAD_USER_INPUT", field: "countedQuantity" }],
      ["a lot-tracked material without a lot", COUNT, { input: { number, locationCode: "D-01", materialCode: "PAINT-BLACK", countedQuantity: "1" } }, { code: "LOT_REQUIRED", field: "lotCode" }],
      ["a malformed EPC", READS, { input: { number, locationCode: "D-01", epcs: ["3074257BF7194E4000001A85", "not-hex"] } }, { code: "BAD_USER_INPUT", field: "epcs" }],
      ["an SGTIN-96 with partition 7", READS, { input: { number, locationCode: "D-01", epcs: ["301C00000000000000000001"] } }, { code: "BAD_USER_INPUT", field: "epcs" }],
      ["no EPC at all", READS, { input: { number, locationCode: "D-01", epcs: [] } }, { code: "BAD_USER_INPUT", field: "epcs" }],
      ["neither epcs nor sweeps", READS, { input: { number, locationCode: "D-01" } }, { code: "BAD_USER_INPUT", field: "epcs" }],
      ["sweeps and a location", READS, { input: { number, locationCode: "D-01", sweeps: [{ locationCode: "D-01", epcs: ["3074257BF7194E4000001A85"] }] } }, { code: "BAD_USER_INPUT", field: "sweeps" }],
      ["no sweep at all", READS, { input: { number, sweeps: [] } }, { code: "BAD_USER_INPUT", field: "sweeps" }],
      ["a sweep without EPCs", READS, { input: { number, sweeps: [{ locationCode: "D-01", epcs: ["3074257BF7194E4000001A85"] }, { locationCode: "D-01", epcs: [] }] } }, { code: "BAD_USER_INPUT", field: "sweeps[1].epcs" }],
      ["a malformed EPC in a sweep", READS, { input: { number, sweeps: [{ locationCode: "D-01", epcs: ["zz"] }] } }, { code: "BAD_USER_INPUT", field: "sweeps[0].epcs" }],
      ["a sweep at a location the session does not count", READS, { input: { number, sweeps: [{ locationCode: "D-01", epcs: ["3074257BF7194E4000001A85"] }, { locationCode: "D-02", epcs: ["3074257BF7194E4000001A86"] }] } }, { code: "BAD_USER_INPUT", field: "locationCode" }],
      ["a sweep at an unknown location", READS, { input: { number, sweeps: [{ locationCode: "NOWHERE", epcs: ["3074257BF7194E4000001A85"] }] } }, { code: "NOT_FOUND", entity: "Location" }],
      ["approving a session not in review", APPROVE, { number }, { code: "INVALID_STATE", status: "COUNTING", allowed: ["REVIEW"] }],
      ["starting it again", START, { number }, { code: "INVALID_STATE", status: "COUNTING" }],
      ["two ways of choosing locations", CREATE, { input: { warehouseCode: "PLANT-1", zone: "D-", abcClass: "A" } }, { code: "BAD_USER_INPUT", field: "abcClass" }],
      ["an unknown location to count", CREATE, { input: { warehouseCode: "PLANT-1", locationCodes: ["D-01", "NOWHERE"] } }, { code: "NOT_FOUND", entity: "Location" }],
      ["a zone without locations", CREATE, { input: { warehouseCode: "PLANT-1", zone: "ZZ-" } }, { code: "BAD_USER_INPUT", field: "zone" }],
      ["a wrong GTIN check digit", `mutation { mapGtin(input: { gtin: "80614141123457", materialCode: "RELAY-10A" }) { gtin } }`, {}, { code: "BAD_USER_INPUT", field: "gtin" }],
      ["a malformed EPC to map", `mutation { mapEpc(input: { epc: "XYZ", materialCode: "RELAY-10A" }) { epc } }`, {}, { code: "BAD_USER_INPUT", field: "epc" }],
    ];
    const problems: string[] = [];
    for (const [label, document, variables, expected] of cases) {
      const before = await countingSnapshot(t);
      const res = await gql(document, variables);
      try {
        expect(res.errors?.[0].extensions).toMatchObject(expected);
        expect(await countingSnapshot(t)).toEqual(before);
      } catch (e) {
        problems.push(`${label}: ${(e as Error).message.split("\n").slice(0, 12).join(" ")}`);
      }
    }
    expect(problems).toEqual([]);
    await gql(`mutation($number: String!) { cancelCountSession(number: $number) { replayed } }`, { number });
  });
});

describe("warehouse scope", () => {
  it("another warehouse's session is NOT_FOUND, and counting in a warehouse out of scope is FORBIDDEN", async () => {
    const number = await counting(["D-02"]);
    const dc = await t.token([Role.ADMIN], ["DC-1"]);
    const before = await countingSnapshot(t);
    for (const [document, variables] of [
      [SESSION_QUERY, { number }], [START, { number }], [SUBMIT, { number }], [APPROVE, { number }],
      [COUNT, { input: { number, locationCode: "D-02", materialCode: "KNOB-BROWN", countedQuantity: "1" } }],
      [READS, { input: { number, locationCode: "D-02", epcs: ["3074257BF7194E4000001A85"] } }],
    ] as const) {
      const res = await gql(document, variables, dc);
      expect(res.errors?.[0].extensions).toMatchObject({ code: "NOT_FOUND", entity: "CountSession" });
    }
    const created = await gql(CREATE, { input: { warehouseCode: "PLANT-1", zone: "D-" } }, dc);
    expect(created.errors?.[0].extensions).toMatchObject({ code: "FORBIDDEN" });
    expect((await gql(`{ countSessions { totalCount } locationsDueForCount(warehouseCode: "DC-1") { location { code } } }`, {}, dc)).data.countSessions.totalCount).toBe(0);
    expect((await gql(`{ locationsDueForCount(warehouseCode: "PLANT-1") { abcClass } }`, {}, dc)).errors?.[0].extensions).toMatchObject({ code: "FORBIDDEN" });
    expect(await countingSnapshot(t)).toEqual(before);
    await gql(`mutation($number: String!) { cancelCountSession(number: $number) { replayed } }`, { number });
  });
});

describe("approval", () => {
  it("posts once however many approve at the same time (20 clients)", async () => {
    const number = await counting(["D-01"]);
    await gql(COUNT, { input: { number, locationCode: "D-01", materialCode: "CRUMB-TRAY", countedQuantity: "7" } });
    // 7 where the books say 10: one recount, the same again, then review
    expect((await gql(SUBMIT, { number })).data.submitCountSession.recountLines).toBe(1);
    await gql(COUNT, { input: { number, locationCode: "D-01", materialCode: "CRUMB-TRAY", countedQuantity: "7" } });
    expect((await gql(SUBMIT, { number })).data.submitCountSession.countSession.status).toBe("REVIEW");

    const clients = await Promise.all(Array.from({ length: 20 }, () => t.token([Role.PLANNER])));
    const results = await Promise.all(clients.map((client) => gql(APPROVE, { number }, client)));
    const approved = results.filter((r) => !r.errors);
    expect(approved).toHaveLength(1);
    expect(approved[0].data.approveCountSession.entries).toEqual([{ type: "COUNT", quantity: "-3", reasonCode: "CYCLE_COUNT", location: { code: "D-01" }, material: { code: "CRUMB-TRAY" } }]);
    expect(results.filter((r) => r.errors).map((r) => r.errors![0].extensions?.code)).toEqual(Array(19).fill("INVALID_STATE"));
    const [posted] = await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM stock_ledger_entry e JOIN count_session s ON s.id = e.count_session_id WHERE s.number = $1`, [number]);
    expect(posted.n).toBe(1);
    expect(await onHand(t, "CRUMB-TRAY", "PLANT-1", "D-01")).toBe("7");
    // a retry with the first one's key is a replay, not a second posting
    const keyed = await counting(["D-01"]);
    for (let round = 0; round < 2; round++) {
      await gql(COUNT, { input: { number: keyed, locationCode: "D-01", materialCode: "CRUMB-TRAY", countedQuantity: "6" } });
      await gql(SUBMIT, { number: keyed });
    }
    const first = await gql(APPROVE, { number: keyed, key: "approve-once" });
    const replay = await gql(APPROVE, { number: keyed, key: "approve-once" });
    expect(first.data.approveCountSession.entries).toEqual([expect.objectContaining({ quantity: "-1" })]);
    expect(replay.data.approveCountSession).toMatchObject({ replayed: true, entries: first.data.approveCountSession.entries });
    await assertStockConsistent(t);
  });
});

describe("counting by ABC class", () => {
  it("proposes the locations due by the class of what they hold (A first); a location just counted is not due", async () => {
    const due = (await gql(`{ locationsDueForCount(warehouseCode: "PLANT-1") { location { code } abcClass lastCountedAt } }`)).data.locationsDueForCount;
    const classes: string[] = due.map((d: { abcClass: string }) => d.abcClass);
    expect(classes).toEqual([...classes].sort());
    // A-03 holds MCU-8BIT and RELAY-10A (class A); D-02 holds only KNOB-BROWN (C); D-01 was just counted
    expect(due).toContainEqual({ location: { code: "A-03" }, abcClass: "A", lastCountedAt: null });
    expect(due).toContainEqual({ location: { code: "D-02" }, abcClass: "C", lastCountedAt: null });
    expect(due.map((d: any) => d.location.code)).not.toContain("D-01");

    const created = await gql(CREATE, { input: { warehouseCode: "PLANT-1", abcClass: "A" } });
    expect(created.errors).toBeUndefined();
    const session = created.data.createCountSession.countSession;
    const aLocations = due.filter((d: any) => d.abcClass === "A").map((d: any) => d.location.code);
    expect(session.locations.map((l: { code: string }) => l.code).sort()).toEqual([...aLocations].sort());
    await gql(`mutation($number: String!) { cancelCountSession(number: $number) { replayed } }`, { number: session.number });
  });
});
