/**
 * 50 clients at once creating work orders against one remaining substitute, then against one transfer source:
 * never more reserved or promised than there is, every order accounted for, and stockIntegrity clean.
 */
import { assertStockConsistent } from "../stock/stock-fixture";
import { startTestHub, type TestHub } from "../support/test-hub";
import { autoPolicy, ok, product, receive, reserved, substitute, transfersOf } from "./shortage-fixture";

const CLIENTS = 50;
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ demo: true, env: { REQUEST_TIMEOUT_MS: "120000", RATE_LIMIT_PER_MINUTE: "100000" } });
}, 240_000);
afterAll(() => t.stop());

/** Creates one order of `quantity` per client, all at once; every request must succeed. */
async function race(productCode: string): Promise<{ number: string; status: string }[]> {
  const results = await Promise.all(
    Array.from({ length: CLIENTS }, () => t.gql(`mutation { createWorkOrder(input: { materialCode: "${productCode}", warehouseCode: "PLANT-1", quantity: "1" }) { workOrder { number status } } }`)),
  );
  expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
  return results.map((r) => r.data.createWorkOrder.workOrder);
}

const count = async (sql: string, params: unknown[]) => (await t.db.sql.query<{ n: number }>(sql, params))[0].n;

it("50 orders racing for the last 10 of a substitute: exactly 10 get it, the others stay short", async () => {
  await product(t, "RC-PROD", [["RC-COMP", "1"]]);
  await substitute(t, "RC-COMP", "RC-SUB");
  await receive(t, "RC-SUB", "PLANT-1", "A-01", "6");
  await receive(t, "RC-SUB", "PLANT-1", "A-02", "4");
  await autoPolicy(t, "RC-COMP", { transfers: false, purchase: false });

  const orders = await race("RC-PROD");
  expect(orders.filter((o) => o.status === "RELEASED")).toHaveLength(10);
  expect(orders.filter((o) => o.status === "SHORT")).toHaveLength(CLIENTS - 10);
  expect(await reserved(t, "RC-SUB", "PLANT-1")).toBe("10");
  expect(await count(`SELECT count(*)::int AS n FROM work_order_substitution s JOIN material m ON m.id = s.substitute_id WHERE m.code = $1`, ["RC-SUB"])).toBe(10);
  const [balance] = await t.db.sql.query<{ reserved: string; onHand: string }>(
    `SELECT sum(b.reserved)::float8::text AS reserved, sum(b.on_hand)::float8::text AS "onHand" FROM stock_balance b JOIN material m ON m.id = b.material_id WHERE m.code = 'RC-SUB'`,
  );
  expect(balance).toEqual({ reserved: "10", onHand: "10" });
  await assertStockConsistent(t);
}, 600_000);

it("50 orders racing for the 10 free at one transfer source: 10 promised, all reserved on receipt, the rest short", async () => {
  await product(t, "RT-PROD", [["RT-COMP", "1"]]);
  await receive(t, "RT-COMP", "DC-1", "B-01", "7");
  await receive(t, "RT-COMP", "DC-1", "B-02", "3");
  await autoPolicy(t, "RT-COMP", { substitutes: false, purchase: false, transferSources: ["DC-1"] });

  const orders = await race("RT-PROD");
  expect(orders.every((o) => o.status === "SHORT")).toBe(true);
  const transfers = await transfersOf(t, "RT-COMP");
  expect(transfers.reduce((s, x) => s + Number(x.quantity), 0)).toBe(10);
  expect(transfers.every((x) => x.from === "DC-1" && x.to === "PLANT-1")).toBe(true);
  expect(await count(`SELECT count(*)::int AS n FROM exception_action WHERE action = 'TRANSFER_ORDERED' AND result = 'SUCCEEDED' AND details->>'component' = $1`, ["RT-COMP"])).toBe(10);

  for (const x of transfers) {
    await ok(t, `mutation($n: String!) { shipTransfer(input: { number: $n }) { replayed } }`, { n: x.number });
    await ok(t, `mutation($n: String!) { receiveTransfer(input: { number: $n }) { replayed } }`, { n: x.number });
  }
  const numbers = orders.map((o) => o.number);
  const statuses = await t.db.sql.query<{ status: string; n: number }>(`SELECT status::text, count(*)::int AS n FROM work_order WHERE number = ANY($1::text[]) GROUP BY status ORDER BY status`, [numbers]);
  expect(statuses).toEqual([{ status: "RELEASED", n: 10 }, { status: "SHORT", n: CLIENTS - 10 }]);
  expect(await reserved(t, "RT-COMP", "PLANT-1")).toBe("10");
  await assertStockConsistent(t);
}, 600_000);
