/**
 * Issue #15's whole chain over the real server: stock issued below its reorder point → `stock.low` → a rule's
 * PURCHASE_REQUISITION → `purchase.requisitioned` → the ERP push → one requisition booked at a (fake) ERP per
 * low-stock event, exactly once, although the hub pushing is stopped mid-request and two hub instances share the
 * database (each following the outbox as a leader of its own kind: the rule runner and the ERP push).
 */
import { Role } from "../../src/auth/roles";
import { accepted, ErpHubs, FakeErp, type ErpReceived } from "../support/fake-erp";
import { startTestHub, type TestHub } from "../support/test-hub";
import { until } from "../support/until";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const MATERIALS = ["LS-1", "LS-2", "LS-3", "LS-4"];
type Requisitions = ErpReceived<{ kind: string; warehouseCode: string; lines: { idempotencyKey: string; materialCode: string; quantity: string }[] }>;

let t: TestHub;
let erp: FakeErp<Requisitions["body"]>;
let hubs: ErpHubs;

const ok = async (query: string, variables: Record<string, unknown>, auth?: string) => {
  const res = await t.gql(query, variables, auth ? { auth } : {});
  expect(res.errors).toBeUndefined();
  return res.data;
};
const issue = (materialCode: string, quantity: string) =>
  ok(`mutation($input: IssueStockInput!) { issueStock(input: $input) { replayed } }`, { input: { materialCode, warehouseCode: "PLANT-1", locationCode: "A-01", quantity } });
const lowEvents = async () =>
  (await t.db.sql.query<{ position: string }>(`SELECT position::text AS position FROM event WHERE topic = 'stock.low' AND payload->>'materialCode' LIKE 'LS-%' AND position IS NOT NULL ORDER BY position`)).map((r) => r.position);

beforeAll(async () => {
  erp = new FakeErp();
  await erp.up();
  t = await startTestHub({ demo: true, env: { REDIS_URL } });
  hubs = new ErpHubs(t, erp, { ERP_SEND: "purchase-requisitions", ERP_TIMEOUT_MS: "1000", ERP_RETRY_BASE_MS: "1" });
  for (const code of MATERIALS) {
    await ok(`mutation($input: CreateMaterialInput!) { createMaterial(input: $input) { id } }`, {
      input: { code, name: code, uomCode: "EA", type: "BUY", leadTimeDays: 3, safetyStock: "10" },
    });
    await ok(`mutation($input: ReceiveStockInput!) { receiveStock(input: $input) { replayed } }`, { input: { materialCode: code, warehouseCode: "PLANT-1", locationCode: "A-01", quantity: "30" } });
  }
  await ok(`mutation($input: RuleInput!) { createRule(input: $input) { id } }`, {
    input: {
      name: "LS items low at the plant: ask the ERP for 25",
      warehouseCode: "PLANT-1",
      topic: "stock.low",
      conditions: JSON.stringify({ all: [{ fact: "material.code", operator: "in", value: MATERIALS }] }),
      actions: [{ type: "PURCHASE_REQUISITION", quantityPolicy: "FIXED", quantity: "25" }],
    },
  }, await t.token([Role.PLANNER]));
}, 180_000);
afterAll(async () => {
  await hubs?.stopAll();
  await t?.stop();
  await erp?.down();
});

test("low stock → rule → one requisition per low-stock event at the ERP, despite a push stopped mid-request and two hubs", async () => {
  // a hub with the push comes up (the test hub runs the rules; both may lead either follower)
  let a = await hubs.start();
  await issue("LS-1", "25"); // 30 → 5: below 10
  await until(async () => erp.received.some(accepted), "the first requisition at the ERP", 60_000);

  // the next request hangs and its hub is stopped while it waits
  erp.answerNext("hang");
  await issue("LS-2", "21"); // 30 → 9
  await until(() => erp.received.some((r) => r.answer === "hang"), "the hanging request", 60_000);
  await a.stop();

  // two more hubs at once; stock goes low twice more, once through each
  const [b, c] = await Promise.all([hubs.start(), hubs.start()]);
  await issue("LS-3", "30");
  await issue("LS-4", "20"); // 30 → 10: not below
  await issue("LS-4", "1"); // 10 → 9: below
  await until(async () => (await lowEvents()).length === 4, "four low-stock events published");
  const expectedKeys = (await t.db.sql.query<{ id: string; position: string }>(
    `SELECT r.id::text, e.position::text FROM rule r, event e WHERE e.topic = 'stock.low' AND e.payload->>'materialCode' LIKE 'LS-%'`,
  )).map((r) => `rule-${r.id}-event-${r.position}`).sort();
  const booked = () => erp.received.filter(accepted).flatMap((r) => r.body.lines.map((l) => l.idempotencyKey));
  await until(() => new Set(booked()).size === expectedKeys.length, "every requisition booked", 60_000);
  await new Promise((r) => setTimeout(r, 1_000)); // a second booking would arrive by now

  // each low-stock event booked exactly once, for the rule's quantity, at the requisitions path
  expect([...booked()].sort()).toEqual(expectedKeys);
  const lines = erp.received.filter(accepted).flatMap((r) => r.body.lines);
  expect(lines.map((l) => [l.materialCode, l.quantity]).sort()).toEqual(MATERIALS.map((m) => [m, "25"]));
  expect(new Set(erp.received.map((r) => r.path))).toEqual(new Set(["/erp/purchase-requisitions"]));
  // the only request sent twice is the one left unanswered, re-sent under its key
  const hung = erp.received.find((r) => r.answer === "hang")!;
  expect(erp.received.filter((r) => r.key === hung.key).map((r) => r.answer)).toEqual(["hang", 200]);
  expect(erp.received).toHaveLength(new Set(erp.received.map((r) => r.key)).size + 1);
  // and the rule fired once per event
  const [firings] = await t.db.sql.query<{ n: number; events: number }>(`SELECT count(*)::int AS n, count(DISTINCT event_position)::int AS events FROM rule_firing WHERE status = 'DONE'`);
  expect(firings).toEqual({ n: 4, events: 4 });
  await b.stop();
  await c.stop();
}, 300_000);
