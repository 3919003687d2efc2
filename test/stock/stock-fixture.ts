/** Shared by the stock and work-order tests: documents and raw-SQL assertions on what was written. */
import type { TestHub } from "../support/test-hub";

export const MOVEMENT = `entries { id type quantity inTransitDelta postedBy reasonCode lot { code } location { code } hash prevHash } replayed`;

export const RECEIVE = `mutation($input: ReceiveStockInput!, $key: String) { receiveStock(input: $input, idempotencyKey: $key) { ${MOVEMENT} } }`;
export const ISSUE = `mutation($input: IssueStockInput!, $key: String) { issueStock(input: $input, idempotencyKey: $key) { ${MOVEMENT} } }`;
export const MOVE = `mutation($input: MoveStockInput!, $key: String) { moveStock(input: $input, idempotencyKey: $key) { ${MOVEMENT} } }`;
export const ADJUST = `mutation($input: AdjustStockInput!) { adjustStock(input: $input) { ${MOVEMENT} } }`;
export const SCRAP = `mutation($input: AdjustStockInput!) { scrapStock(input: $input) { ${MOVEMENT} } }`;
export const SCAN = `mutation($input: ScanInput!, $key: String) { scan(input: $input, idempotencyKey: $key) { ${MOVEMENT} } }`;
export const WORK_ORDER = `id number status quantity completedQuantity
  materials { material { code } operationSeq required reserved issued shortQuantity }
  operations { sequence status goodQuantity scrapQuantity }
  shortageSuggestions { component kind materialCode warehouseCode quantity }`;
export const CREATE_WO = `mutation($input: CreateWorkOrderInput!, $key: String) { createWorkOrder(input: $input, idempotencyKey: $key) { replayed workOrder { ${WORK_ORDER} } } }`;

/** Everything a refused command must leave untouched. */
export async function snapshot(t: TestHub) {
  const [counts] = await t.db.sql.query<Record<string, number>>(
    `SELECT (SELECT count(*)::int FROM stock_ledger_entry) AS ledger, (SELECT count(*)::int FROM reservation) AS reservations,
            (SELECT count(*)::int FROM lot) AS lots, (SELECT count(*)::int FROM idempotency_key) AS keys,
            (SELECT count(*)::int FROM work_order) AS orders, (SELECT count(*)::int FROM event) AS events`,
  );
  const balances = await t.db.sql.query(`SELECT id, on_hand::text, reserved::text, in_transit::text FROM stock_balance ORDER BY id`);
  return { counts, balances };
}

/** Ledger sums equal balances, reservations equal reserved, nothing negative, and the hash chain holds. */
export async function assertStockConsistent(t: TestHub) {
  const res = await t.gql(`{ stockIntegrity { ok balancesChecked differences { materialId field expected actual } workOrderDifferences { workOrderId materialId expected actual } }
    verifyLedger { ok entriesChecked brokenAt { entryId problem } } }`);
  expect(res.errors).toBeUndefined();
  expect(res.data.stockIntegrity.differences).toEqual([]);
  expect(res.data.stockIntegrity.workOrderDifferences).toEqual([]);
  expect(res.data.stockIntegrity.ok).toBe(true);
  expect(res.data.verifyLedger).toMatchObject({ ok: true, brokenAt: null });
  const [bad] = await t.db.sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM stock_balance WHERE on_hand < 0 OR reserved < 0 OR reserved > on_hand OR in_transit < 0`,
  );
  expect(bad.n).toBe(0);
}

/** On hand of a material at a warehouse location (all lots), from the balances. */
export async function onHand(t: TestHub, material: string, warehouse: string, location?: string): Promise<string> {
  const [r] = await t.db.sql.query<{ q: string }>(
    `SELECT COALESCE(sum(b.on_hand), 0)::text AS q FROM stock_balance b JOIN material m ON m.id = b.material_id
       JOIN location l ON l.id = b.location_id JOIN warehouse w ON w.id = l.warehouse_id
      WHERE m.code = $1 AND w.code = $2 AND ($3::text IS NULL OR l.code = $3)`,
    [material, warehouse, location ?? null],
  );
  return String(Number(r.q));
}

/** Warehouses W1 and W2 with a dock A1 each, and two bought materials in EA (RAW and OTHER, 7 days). */
export async function seedPurchasingPlant(t: TestHub) {
  await t.db.sql.query(`INSERT INTO unit_of_measure (code, name, precision) VALUES ('EA', 'each', 0)`);
  await t.db.sql.query(`INSERT INTO warehouse (code, name) VALUES ('W1', 'Plant'), ('W2', 'Store')`);
  await t.db.sql.query(`INSERT INTO location (warehouse_id, code, name) SELECT id, 'A1', 'Dock' FROM warehouse`);
  const create = `mutation($input: CreateMaterialInput!) { createMaterial(input: $input) { id } }`;
  for (const code of ["RAW", "OTHER"]) expect((await t.gql(create, { input: { code, name: code, uomCode: "EA", type: "BUY", leadTimeDays: 7 } })).errors).toBeUndefined();
}
