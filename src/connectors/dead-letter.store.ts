import { sqlVisible, type WarehouseScope } from "../auth/warehouse-scope";
import type { Sql } from "../db/database";
import type { Tx } from "../db/transaction";

/** The only file whose SQL names dead_letter. */
export interface DeadLetterRow {
  id: number;
  connector: string;
  payload: unknown;
  error: string;
  attempts: number;
  createdAt: Date;
  lastAttemptAt: Date;
}

const COLUMNS = `id, connector, payload, error, attempts, created_at AS "createdAt", last_attempt_at AS "lastAttemptAt"`;
/** The dead letter's warehouse is in the scope bound to $2. */
const VISIBLE = sqlVisible("warehouse_code", "$2");

export async function insertDeadLetter(
  sql: Sql,
  d: { connector: string; payload: unknown; error: string; attempts: number; warehouseCode: string | null },
): Promise<void> {
  await sql.query(`INSERT INTO dead_letter (connector, payload, error, attempts, warehouse_code) VALUES ($1, $2::jsonb, $3, $4, $5)`, [
    d.connector,
    JSON.stringify(d.payload),
    d.error,
    d.attempts,
    d.warehouseCode,
  ]);
}

/** Newest first, of `connector` (null: all), those of the warehouses of `scope` (and of none). */
export async function deadLetterPage(sql: Sql, connector: string | null, scope: WarehouseScope, afterId: number, limit: number) {
  const where = `($1::text IS NULL OR connector = $1) AND ${VISIBLE}`;
  const rows = await sql.query<DeadLetterRow>(
    `SELECT ${COLUMNS} FROM dead_letter WHERE ${where} AND ($3::int = 0 OR id < $3) ORDER BY id DESC LIMIT $4`,
    [connector, scope, afterId, limit + 1],
  );
  const [{ total }] = await sql.query<{ total: number }>(`SELECT count(*)::int AS total FROM dead_letter WHERE ${where}`, [connector, scope]);
  return { rows: rows.slice(0, limit), hasNextPage: rows.length > limit, total };
}

/** Claims the dead letter for `minutes` unless a claim on it is still running; null when not claimed. */
export async function claimDeadLetter(sql: Sql, id: number, scope: WarehouseScope, minutes: number): Promise<DeadLetterRow | null> {
  const [row] = await sql.query<DeadLetterRow>(
    `UPDATE dead_letter SET claimed_until = now() + make_interval(mins => $3::int)
      WHERE id = $1 AND ${VISIBLE} AND (claimed_until IS NULL OR claimed_until < now()) RETURNING ${COLUMNS}`,
    [id, scope, minutes],
  );
  return row ?? null;
}

/** Whether the dead letter exists within `scope`. */
export async function deadLetterVisible(sql: Sql, id: number, scope: WarehouseScope): Promise<boolean> {
  return (await sql.query(`SELECT 1 FROM dead_letter WHERE id = $1 AND ${VISIBLE}`, [id, scope])).length > 0;
}

export async function deleteDeadLetter(sql: Sql, id: number): Promise<void> {
  await sql.query(`DELETE FROM dead_letter WHERE id = $1`, [id]);
}

/** Deletes the dead letter if it lies within `scope`; returns it, or null. */
export async function deleteVisibleDeadLetter(tx: Tx, id: number, scope: WarehouseScope): Promise<DeadLetterRow | null> {
  const [row] = await tx.query<DeadLetterRow>(`DELETE FROM dead_letter WHERE id = $1 AND ${VISIBLE} RETURNING ${COLUMNS}`, [id, scope]);
  return row ?? null;
}

/** Counts a failed attempt with its error and frees the claim. */
export async function failedAttempt(sql: Sql, id: number, error: string): Promise<DeadLetterRow> {
  const [row] = await sql.query<DeadLetterRow>(
    `UPDATE dead_letter SET attempts = attempts + 1, error = $2, last_attempt_at = now(), claimed_until = NULL WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, error],
  );
  return row;
}
