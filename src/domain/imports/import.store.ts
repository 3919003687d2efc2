import type { Sql } from "../../db/database";
import type { Tx } from "../../db/transaction";

/** The only file whose SQL names import_run and opening_stock_posting. */
export interface StoredResult {
  importId: number;
  status: string;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  errorCount: number;
  errors: unknown[];
}

/** Records a new run, VALIDATING; its id. */
export async function insertRun(sql: Sql, kind: string, format: string, actor: string): Promise<number> {
  const [{ id }] = await sql.query<{ id: number }>(`INSERT INTO import_run (kind, format, status, actor) VALUES ($1, $2, 'VALIDATING', $3) RETURNING id`, [kind, format, actor]);
  return id;
}

export async function markApplying(sql: Sql, importId: number, total: number | null): Promise<void> {
  await sql.query(`UPDATE import_run SET status = 'APPLYING', total = $2 WHERE id = $1`, [importId, total]);
}

/** The run's outcome, as it finished. */
export async function storeResult(tx: Tx, r: StoredResult): Promise<void> {
  await tx.query(
    `UPDATE import_run SET status = $2, total = $3, created = $4, updated = $5, unchanged = $6, error_count = $7, errors = $8::jsonb, finished_at = now() WHERE id = $1`,
    [r.importId, r.status, r.total, r.created, r.updated, r.unchanged, r.errorCount, JSON.stringify(r.errors)],
  );
}

/** The references among these that an opening-stock import has already posted. */
export async function postedReferences(sql: Sql, references: readonly string[]): Promise<Set<string>> {
  const rows = await sql.query<{ reference: string }>(`SELECT reference FROM opening_stock_posting WHERE reference = ANY($1::text[])`, [references]);
  return new Set(rows.map((p) => p.reference));
}

/** Remembers which ledger entry posted each reference, so the same line is never posted twice. */
export async function recordPostings(tx: Tx, importId: number, references: readonly string[], ledgerEntryIds: readonly string[]): Promise<void> {
  await tx.query(
    `INSERT INTO opening_stock_posting (reference, import_id, ledger_entry_id) SELECT r, $2, e FROM unnest($1::text[], $3::bigint[]) AS u(r, e)`,
    [references, importId, ledgerEntryIds],
  );
}
