/** Releasing many purchase suggestions at once: all or none, once per key, no deadlock between overlapping releases. */
import { Role } from "../../src/auth/roles";
import { startTestHub, type TestHub } from "../support/test-hub";
import { until } from "../support/until";

let t: TestHub;
let ids: string[];
beforeAll(async () => {
  t = await startTestHub();
  await t.db.sql.query(`INSERT INTO unit_of_measure (code, name, precision) VALUES ('EA', 'each', 0)`);
  await t.db.sql.query(`INSERT INTO warehouse (code, name) VALUES ('W1', 'Plant')`);
  for (let i = 1; i <= 6; i++) {
    const code = `BUY-${i}`;
    expect((await t.gql(`mutation($input: CreateMaterialInput!) { createMaterial(input: $input) { id } }`, { input: { code, name: code, uomCode: "EA", type: "BUY", leadTimeDays: 7 } })).errors).toBeUndefined();
    const demand = { materialCode: code, warehouseCode: "W1", quantity: String(10 * i), dueDate: "2026-12-21T00:00:00Z" };
    expect((await t.gql(`mutation($input: MpsLineInput!) { createMpsLine(input: $input) { id } }`, { input: demand })).errors).toBeUndefined();
  }
  const run = await t.gql(`mutation { startMrpRun(input: { warehouseCode: "W1", bucket: WEEK, horizonBuckets: 8, startDate: "2026-11-30T00:00:00Z" }) { id } }`);
  const runId = run.data.startMrpRun.id;
  await until(async () => {
    const status = (await t.gql(`query($id: ID!) { mrpRun(id: $id) { status } }`, { id: runId })).data.mrpRun.status;
    if (status === "FAILED") throw new Error(`MRP run ${runId} failed`);
    return status === "COMPLETED";
  }, `MRP run ${runId} to complete`);
  ids = (await t.gql(`{ purchaseSuggestions(warehouseCode: "W1") { nodes { id } } }`)).data.purchaseSuggestions.nodes.map((n: { id: string }) => n.id);
  expect(ids).toHaveLength(6);
}, 60_000);
afterAll(() => t?.stop());

const RELEASE = `mutation($ids: [ID!]!, $key: String) { releasePurchaseSuggestions(ids: $ids, idempotencyKey: $key) { replayed orders { suggestionId purchaseOrderId number } } }`;
const orders = async () => (await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM purchase_order`))[0].n;
const statusOf = async (id: string) => (await t.db.sql.query<{ status: string }>(`SELECT status::text FROM purchase_suggestion WHERE id = $1`, [Number(id)]))[0].status;

test("two suggestions become two purchase orders, in the order named, once per key", async () => {
  const res = await t.gql(RELEASE, { ids: [ids[1], ids[0]], key: "bulk-1" });
  expect(res.errors).toBeUndefined();
  expect(res.data.releasePurchaseSuggestions.orders.map((o: { suggestionId: string }) => o.suggestionId)).toEqual([ids[1], ids[0]]);
  const again = await t.gql(RELEASE, { ids: [ids[1], ids[0]], key: "bulk-1" });
  expect(again.data.releasePurchaseSuggestions).toMatchObject({ replayed: true, orders: res.data.releasePurchaseSuggestions.orders });
  expect(await orders()).toBe(2);
  expect([await statusOf(ids[0]), await statusOf(ids[1])]).toEqual(["RELEASED", "RELEASED"]);
});

test.each([
  ["one of them already released", () => [ids[2], ids[0]], "INVALID_STATE"],
  ["an unknown suggestion", () => [ids[2], "999999"], "NOT_FOUND"],
  ["a suggestion named twice", () => [ids[2], ids[2]], "BAD_USER_INPUT"],
  ["no suggestion", () => [], "BAD_USER_INPUT"],
  ["more than 500", () => Array.from({ length: 501 }, (_, i) => String(i + 1)), "LIMIT_EXCEEDED"],
])("a release with %s is refused and releases none", async (_label, list, code) => {
  const res = await t.gql(RELEASE, { ids: list() });
  expect(res.errors?.[0].extensions?.code).toBe(code);
  expect(await orders()).toBe(2);
  expect(await statusOf(ids[2])).toBe("SUGGESTED");
});

test("a viewer may not release", async () => {
  const res = await t.gql(RELEASE, { ids: [ids[2]] }, { auth: await t.token([Role.VIEWER]) });
  expect(res.errors?.[0].extensions?.code).toBe("FORBIDDEN");
});

test("overlapping releases at once: each suggestion gets one order, and nobody deadlocks", async () => {
  const rest = ids.slice(2);
  const results = await Promise.all([rest, [...rest].reverse(), [rest[1], rest[3]], [rest[2], rest[0]]].map((list) => t.gql(RELEASE, { ids: list })));
  for (const r of results) expect(r.errors?.[0].extensions?.code ?? "OK").toMatch(/^(OK|INVALID_STATE)$/);
  expect(results.some((r) => !r.errors)).toBe(true);
  const perSuggestion = await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM purchase_order GROUP BY purchase_suggestion_id`);
  expect(perSuggestion.every((r) => r.n === 1)).toBe(true);
  const released = results.filter((r) => !r.errors).flatMap((r) => r.data.releasePurchaseSuggestions.orders);
  expect(await orders()).toBe(2 + released.length);
});
