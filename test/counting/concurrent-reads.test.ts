/**
 * Many readers upload batches of sweeps at the same time, their tags overlapping: each EPC is counted once
 * per session, and the lines add up to the tags.
 */
import { Role } from "../../src/auth/roles";
import { startTestHub, type TestHub } from "../support/test-hub";
import { CREATE, GTIN, READS, SESSION_QUERY, START, stockedLocation, tag } from "./count-fixture";

let t: TestHub;
let planner: string;
beforeAll(async () => {
  t = await startTestHub({ demo: true });
  planner = await t.token([Role.PLANNER]);
  await stockedLocation(t, "R-01", { "RELAY-10A": "100" });
  await stockedLocation(t, "R-02", { "RELAY-10A": "100" });
  expect((await t.gql(`mutation { mapGtin(input: { gtin: "${GTIN}", materialCode: "RELAY-10A" }) { gtin } }`, {}, { auth: planner })).errors).toBeUndefined();
}, 120_000);
afterAll(() => t.stop());

test("readers sending overlapping batches at once count each tag once (24 clients)", async () => {
  const created = await t.gql(CREATE, { input: { warehouseCode: "PLANT-1", locationCodes: ["R-01", "R-02"] } }, { auth: planner });
  const number = created.data.createCountSession.countSession.number;
  expect((await t.gql(START, { number }, { auth: planner })).errors).toBeUndefined();

  // client k reads serials 10k … 10k+59 at R-01 (forwards) and R-02 (backwards): neighbours share 50 tags
  const clients = 24;
  const serials = (k: number) => Array.from({ length: 60 }, (_, i) => 10 * k + i + 1);
  const distinct = new Set(Array.from({ length: clients }, (_, k) => serials(k)).flat());
  const tokens = await Promise.all(Array.from({ length: clients }, () => t.token([Role.STOREKEEPER])));
  const results = await Promise.all(tokens.map((auth, k) => t.gql(READS, {
    input: { number, sweeps: [{ locationCode: "R-01", epcs: serials(k).map(tag) }, { locationCode: "R-02", epcs: [...serials(k)].reverse().map(tag) }] },
  }, { auth })));
  expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
  const counted = results.reduce((sum, r) => sum + r.data.recordRfidReads.counted, 0);
  expect(counted).toBe(distinct.size);
  expect(results.every((r, k) => r.data.recordRfidReads.tagsRead === 2 * serials(k).length)).toBe(true);
  expect(results.every((r) => r.data.recordRfidReads.counted + r.data.recordRfidReads.alreadyCounted === 60)).toBe(true);

  const [{ reads }] = await t.db.sql.query<{ reads: number }>(
    `SELECT count(*)::int AS reads FROM count_read r JOIN count_session s ON s.id = r.count_session_id WHERE s.number = $1`, [number],
  );
  expect(reads).toBe(distinct.size);
  const lines = (await t.gql(SESSION_QUERY, { number }, { auth: planner })).data.countSession.lines;
  expect(lines.reduce((sum: number, l: { tagsRead: number }) => sum + l.tagsRead, 0)).toBe(distinct.size);
});
