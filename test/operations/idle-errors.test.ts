/**
 * Background work (the outbox publisher above all) runs outside the request that woke it: a mutation that
 * raised an event must not leave the idle hub logging errors afterwards — here the embedded database,
 * whose NOTIFY reaches the publisher inside the committing request, with a request deadline (2 s) far shorter than
 * the idle period watched (one publisher poll, 30 s): long enough for the mutation itself on a loaded machine.
 */
import { OUTBOX_POLL_MS } from "../../src/events/outbox-publisher";
import { ISSUE } from "../stock/stock-fixture";
import { startTestHub, type TestHub } from "../support/test-hub";
import { until } from "../support/until";

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ embedded: true, demo: true, env: { LOG_LEVEL: "info", REQUEST_TIMEOUT_MS: "2000" } });
}, 120_000);
afterAll(() => t?.stop());

test("after a mutation that raised an event, the idle hub logs no error through the publisher's next poll", async () => {
  // MCU-8BIT in PLANT-1: 1350 on hand, safety stock 100
  const res = await t.gql(ISSUE, { input: { materialCode: "MCU-8BIT", warehouseCode: "PLANT-1", quantity: "1300" } });
  expect(res.errors).toBeUndefined();
  await until(async () => (await t.db.sql.query(`SELECT 1 FROM event WHERE topic = 'stock.low' AND published_at IS NOT NULL`))[0], "stock.low to be published");
  const idleUntil = Date.now() + OUTBOX_POLL_MS + 1_000; // idle through one poll of the publisher
  await until(() => Date.now() >= idleUntil, "the idle period", OUTBOX_POLL_MS + 5_000);
  expect(t.logs().filter((l) => l.level >= 50)).toEqual([]);
}, OUTBOX_POLL_MS + 60_000);
