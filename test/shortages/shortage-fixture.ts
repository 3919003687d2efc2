/** Helpers of the shortage-policy and lot-QC tests: a small product per test on the demo plant, policies, orders, exceptions. */
import type { TestHub } from "../support/test-hub";

export const codeOf = (res: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions?.code;

/** Runs an operation that must succeed and returns its data. */
export async function ok(t: TestHub, query: string, variables: Record<string, unknown> = {}, auth?: string): Promise<any> {
  const res = await t.gql(query, variables, auth === undefined ? {} : { auth });
  if (res.errors) throw new Error(`${query.slice(0, 80)}: ${JSON.stringify(res.errors)}`);
  return res.data;
}

/**
 * A product made of components (one level, each line `[component, quantity per]`), all in EA; materials that
 * do not exist yet are created (components bought; those in `lotTracked`, the product too, tracked by lot).
 */
export async function product(t: TestHub, code: string, lines: [string, string][], lotTracked: string[] = []): Promise<void> {
  await material(t, code, "MAKE", lotTracked.includes(code));
  for (const [c] of lines) await material(t, c, "BUY", lotTracked.includes(c));
  await ok(t, `mutation($input: ReplaceBomInput!) { syncBom(input: $input) { revision } }`, {
    input: { materialCode: code, baseQuantity: "1", lines: lines.map(([componentCode, quantityPer]) => ({ componentCode, quantityPer })) },
  });
}

/** A material in EA, unless it exists. */
export async function material(t: TestHub, code: string, type = "BUY", lotTracked = false): Promise<void> {
  if ((await t.db.sql.query(`SELECT 1 FROM material WHERE code = $1`, [code])).length > 0) return;
  await ok(t, `mutation($input: CreateMaterialInput!) { createMaterial(input: $input) { id } }`, { input: { code, name: code, uomCode: "EA", type, leadTimeDays: 5, lotTracked } });
}

/** `substituteCode` (created when new, as `lotTracked` says) may replace `materialCode`. */
export async function substitute(t: TestHub, materialCode: string, substituteCode: string, extra: Record<string, unknown> = {}, lotTracked = false) {
  await material(t, substituteCode, "BUY", lotTracked);
  return ok(t, `mutation($input: SubstituteInput!) { syncSubstitute(input: $input) { substituteCode } }`, { input: { materialCode, substituteCode, ...extra } });
}

export const receive = (t: TestHub, materialCode: string, warehouseCode: string, locationCode: string, quantity: string, lot?: { lotCode: string; expiresAt?: string }) =>
  ok(t, `mutation($input: ReceiveStockInput!) { receiveStock(input: $input) { replayed } }`, { input: { materialCode, warehouseCode, locationCode, quantity, ...lot } });

export const SET_POLICY = `mutation($input: ShortagePolicyInput!, $key: String) { setShortagePolicy(input: $input, idempotencyKey: $key) {
  id mode useSubstitutes useTransfers sourceSelection usePurchase transferSources material { code } warehouse { code } } }`;

/** An AUTO policy for a material (everywhere unless a warehouse is named): every step on unless switched off. */
export const autoPolicy = (t: TestHub, materialCode: string, extra: Record<string, unknown> = {}) =>
  ok(t, SET_POLICY, { input: { materialCode, mode: "AUTO", ...extra } });

export const WORK_ORDER = `id number status dueDate
  materials { material { code } required reserved issued shortQuantity }
  substitutions { component { code } substitute { code } quantity substituteQuantity ratio createdBy }
  shortageSuggestions { kind component materialCode warehouseCode quantity purchaseOrderNumber }`;

export async function createOrder(t: TestHub, materialCode: string, warehouseCode: string, quantity: string, dueDate?: string, auth?: string) {
  const data = await ok(t, `mutation($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { workOrder { ${WORK_ORDER} } } }`, {
    input: { materialCode, warehouseCode, quantity, dueDate },
  }, auth);
  return data.createWorkOrder.workOrder;
}

export const workOrder = async (t: TestHub, number: string) => (await ok(t, `query($n: String!) { workOrder(number: $n) { ${WORK_ORDER} } }`, { n: number })).workOrder;

/** A component line of an order, by material code. */
export const line = (wo: { materials: { material: { code: string } }[] }, code: string) => wo.materials.find((m) => m.material.code === code);

export const EXCEPTION = `id type status severity message details resolutionNote warehouseId actions { action actor result details } links { kind ref }`;

/** The exceptions of a work order (its own or linked), oldest first. */
export async function exceptionsOf(t: TestHub, workOrderNumber: string, types = ["SHORTAGE"]) {
  const data = await ok(t, `query($f: ExceptionFilter) { exceptions(filter: $f, first: 50) { nodes { ${EXCEPTION} } } }`, { f: { workOrderNumber, types } });
  return [...data.exceptions.nodes].sort((a: { id: string }, b: { id: string }) => Number(a.id) - Number(b.id));
}

/** Open reservations of a material in a warehouse, from the table. */
export async function reserved(t: TestHub, materialCode: string, warehouseCode: string): Promise<string> {
  const [r] = await t.db.sql.query<{ q: string }>(
    `SELECT COALESCE(sum(r.quantity - r.consumed), 0)::text AS q FROM reservation r JOIN material m ON m.id = r.material_id JOIN warehouse w ON w.id = r.warehouse_id
      WHERE r.status = 'OPEN' AND m.code = $1 AND w.code = $2`,
    [materialCode, warehouseCode],
  );
  return String(Number(r.q));
}

/** Transfer orders of a material: number, from, to, quantity, status. */
export const transfersOf = (t: TestHub, materialCode: string) =>
  t.db.sql.query<{ number: string; from: string; to: string; quantity: string; status: string }>(
    `SELECT t.number, f.code AS "from", d.code AS "to", t.quantity::float8::text AS quantity, t.status::text AS status
       FROM transfer_order t JOIN material m ON m.id = t.material_id JOIN warehouse f ON f.id = t.from_warehouse_id JOIN warehouse d ON d.id = t.to_warehouse_id
      WHERE m.code = $1 ORDER BY t.id`,
    [materialCode],
  );

/** Tables a refused command must leave as they were (the outbox's rows as written: the publisher stamps them later). */
const WRITTEN = [
  "shortage_policy", "transit_lane", "substitute", "lot", "reservation", "stock_balance", "work_order", "work_order_material", "work_order_substitution",
  "transfer_order", "exception", "exception_action", "exception_link", "audit_log", "idempotency_key",
];
const rowsOf = async (t: TestHub, table: string, row = "x") =>
  (await t.db.sql.query<{ h: string }>(`SELECT md5(COALESCE(string_agg(${row}::text, '|' ORDER BY ${row}::text), '')) AS h FROM ${table} x`))[0].h;
export const fingerprint = async (t: TestHub) => ({
  ...Object.fromEntries(await Promise.all(WRITTEN.map(async (table) => [table, await rowsOf(t, table)]))),
  event: await rowsOf(t, "event", "(x.id, x.topic, x.payload)"),
});
