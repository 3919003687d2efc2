import type { Sql } from "../../db/database";
import type { Tx } from "../../db/transaction";
import type { WarehouseScope } from "../../auth/warehouse-scope";

/** The only file whose SQL names webhook and webhook_delivery. */

export interface WebhookRow {
  id: number;
  name: string;
  url: string;
  topics: string[];
  /** null: an e-mail webhook (not signed) */
  secret: string | null;
  warehouseCode: string | null;
  materialCode: string | null;
  buyer: string | null;
  supplierCode: string | null;
  active: boolean;
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  updatedBy: string;
}

/** How a webhook's deliveries stand. */
export interface DeliveryFigures {
  pending: number;
  delivered: number;
  dead: number;
  lastDeliveredAt: Date | null;
  lastError: string | null;
}

export interface DeliveryRow {
  id: number;
  webhookId: number;
  eventId: number;
  topic: string;
  body: string;
  warehouseCode: string | null;
  status: "PENDING" | "DELIVERED" | "DEAD";
  attempts: number;
}

const W = `w.id, w.name, w.url, w.topics, w.secret, w.warehouse_code AS "warehouseCode", w.material_code AS "materialCode", w.buyer,
  w.supplier_code AS "supplierCode", w.active, w.created_at AS "createdAt", w.created_by AS "createdBy", w.updated_at AS "updatedAt", w.updated_by AS "updatedBy"`;
const D = `d.id::int, d.webhook_id AS "webhookId", d.event_id::int AS "eventId", d.topic, d.body, d.warehouse_code AS "warehouseCode", d.status, d.attempts`;
/**
 * A webhook of a warehouse in the scope bound to `param`. A webhook of no warehouse hears of every
 * warehouse's events: only identities limited to none see it.
 */
const inScope = (param: string) => `(${param}::text[] IS NULL OR w.warehouse_code = ANY(${param}::text[]))`;

export type WebhookFields = Omit<WebhookRow, "id" | "createdAt" | "createdBy" | "updatedAt" | "updatedBy">;

export async function insertWebhook(tx: Tx, f: WebhookFields, by: string): Promise<WebhookRow> {
  const [row] = await tx.query<WebhookRow>(
    `INSERT INTO webhook AS w (name, url, topics, secret, warehouse_code, material_code, buyer, supplier_code, active, created_by, updated_by)
     VALUES ($1, $2, $3::text[], $4, $5, $6, $7, $8, $9, $10, $10) RETURNING ${W}`,
    [f.name, f.url, f.topics, f.secret, f.warehouseCode, f.materialCode, f.buyer, f.supplierCode, f.active, by],
  );
  return row;
}

export async function updateWebhook(tx: Tx, id: number, f: WebhookFields, by: string): Promise<WebhookRow> {
  const [row] = await tx.query<WebhookRow>(
    `UPDATE webhook AS w SET name = $2, url = $3, topics = $4::text[], secret = $5, warehouse_code = $6, material_code = $7, buyer = $8,
       supplier_code = $9, active = $10, updated_by = $11, updated_at = now() WHERE w.id = $1 RETURNING ${W}`,
    [id, f.name, f.url, f.topics, f.secret, f.warehouseCode, f.materialCode, f.buyer, f.supplierCode, f.active, by],
  );
  return row;
}

/** The webhook, locked, if it lies within `scope`. */
export async function lockWebhook(tx: Tx, id: number, scope: WarehouseScope): Promise<WebhookRow | null> {
  const [row] = await tx.query<WebhookRow>(`SELECT ${W} FROM webhook w WHERE w.id = $1 AND ${inScope("$2")} FOR UPDATE`, [id, scope]);
  return row ?? null;
}

export async function deleteWebhook(tx: Tx, id: number): Promise<void> {
  await tx.query(`DELETE FROM webhook WHERE id = $1`, [id]);
}

/** Webhooks within `scope` (and, with `ownedOnly`, only a buyer's or supplier's), by id. */
export function visibleWebhooks(sql: Sql, scope: WarehouseScope, ownedOnly: boolean): Promise<WebhookRow[]> {
  return sql.query<WebhookRow>(
    `SELECT ${W} FROM webhook w WHERE ${inScope("$1")} AND (NOT $2 OR w.buyer IS NOT NULL OR w.supplier_code IS NOT NULL) ORDER BY w.id`,
    [scope, ownedOnly],
  );
}

export async function deliveryFigures(sql: Sql, webhookId: number): Promise<DeliveryFigures> {
  const [row] = await sql.query<DeliveryFigures>(
    `SELECT count(*) FILTER (WHERE status = 'PENDING')::int AS pending, count(*) FILTER (WHERE status = 'DELIVERED')::int AS delivered,
            count(*) FILTER (WHERE status = 'DEAD')::int AS dead, max(delivered_at) AS "lastDeliveredAt",
            (array_agg(last_error ORDER BY event_id DESC) FILTER (WHERE last_error IS NOT NULL))[1] AS "lastError"
       FROM webhook_delivery WHERE webhook_id = $1`,
    [webhookId],
  );
  return row;
}

export async function webhookById(sql: Sql, id: number): Promise<WebhookRow | null> {
  const [row] = await sql.query<WebhookRow>(`SELECT ${W} FROM webhook w WHERE w.id = $1`, [id]);
  return row ?? null;
}

/** Active webhooks listening to `topic` that existed when the event was written. */
export function listenersOf(sql: Sql, topic: string, at: Date): Promise<WebhookRow[]> {
  return sql.query<WebhookRow>(`SELECT ${W} FROM webhook w WHERE w.active AND $1 = ANY(w.topics) AND w.created_at <= $2 ORDER BY w.id`, [topic, at]);
}

/** Queues one event for webhooks; an event already queued for a webhook is left as it is (the follower may hand it twice). */
export async function enqueueDeliveries(
  sql: Sql,
  event: { id: number; topic: string; body: string; warehouseCode: string | null },
  webhookIds: readonly number[],
): Promise<void> {
  await sql.query(
    `INSERT INTO webhook_delivery (webhook_id, event_id, topic, body, warehouse_code) SELECT unnest($1::int[]), $2, $3, $4, $5
     ON CONFLICT (webhook_id, event_id) DO NOTHING`,
    [webhookIds, event.id, event.topic, event.body, event.warehouseCode],
  );
}

/** Active webhooks with deliveries waiting. */
export async function webhooksWithPending(sql: Sql): Promise<number[]> {
  const rows = await sql.query<{ id: number }>(
    `SELECT w.id FROM webhook w WHERE w.active AND EXISTS (SELECT 1 FROM webhook_delivery d WHERE d.webhook_id = w.id AND d.status = 'PENDING') ORDER BY w.id`,
  );
  return rows.map((r) => r.id);
}

/** A webhook's next waiting deliveries, in event order. */
export function pendingDeliveries(sql: Sql, webhookId: number, limit: number): Promise<DeliveryRow[]> {
  return sql.query<DeliveryRow>(`SELECT ${D} FROM webhook_delivery d WHERE d.webhook_id = $1 AND d.status = 'PENDING' ORDER BY d.event_id LIMIT $2`, [webhookId, limit]);
}

export async function deliveryById(sql: Sql, id: number): Promise<DeliveryRow | null> {
  const [row] = await sql.query<DeliveryRow>(`SELECT ${D} FROM webhook_delivery d WHERE d.id = $1`, [id]);
  return row ?? null;
}

/** Records the outcome of attempts: DELIVERED (acknowledged), DEAD (given up: a dead letter holds it) or still PENDING. */
export async function recordAttempts(sql: Sql, id: number, status: DeliveryRow["status"], attempts: number, error: string | null): Promise<void> {
  await sql.query(
    `UPDATE webhook_delivery SET status = $2::"WebhookDeliveryStatus", attempts = attempts + $3, last_error = COALESCE($4, last_error),
       delivered_at = CASE WHEN $2 = 'DELIVERED' THEN now() ELSE delivered_at END WHERE id = $1`,
    [id, status, attempts, error],
  );
}

/**
 * Deletes up to `limit` acknowledged deliveries older than `days` (for the retention sweep); returns how many.
 * Waiting and dead ones stay: a dead one until its dead letter is replayed.
 */
export async function deleteDeliveredBefore(sql: Sql, days: number, limit: number): Promise<number> {
  const [{ n }] = await sql.query<{ n: number }>(
    `WITH gone AS (DELETE FROM webhook_delivery WHERE id IN (
       SELECT id FROM webhook_delivery WHERE status = 'DELIVERED' AND delivered_at < now() - make_interval(days => $1) LIMIT $2) RETURNING 1)
     SELECT count(*)::int AS n FROM gone`,
    [days, limit],
  );
  return n;
}
