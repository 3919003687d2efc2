import type { Tx } from "../../db/transaction";

/** The only file whose SQL names audit_log. */

export interface AuditRow {
  entityId: string;
  action: string;
  /** the changes as JSON text */
  changes: string;
}

/** Appends audit records of one actor and entity type in one statement, inside the caller's transaction. */
export async function insertAudits(tx: Tx, actor: string, entity: string, rows: readonly AuditRow[]): Promise<void> {
  await tx.query(
    `INSERT INTO audit_log (actor, entity, entity_id, action, changes)
     SELECT $1, $2, u.id, u.action, u.changes::jsonb FROM unnest($3::text[], $4::text[], $5::text[]) AS u(id, action, changes)`,
    [actor, entity, rows.map((r) => r.entityId), rows.map((r) => r.action), rows.map((r) => r.changes)],
  );
}

/**
 * An INSERT writing one audit record per row of `rows` (a CTE of the same statement), for bulk writes
 * that build their audit records in SQL: each part of `record` is an SQL expression over a row.
 */
export const auditRowsSql = (rows: string, record: { actor: string; entity: string; entityId: string; action: string; changes: string }) =>
  `INSERT INTO audit_log (actor, entity, entity_id, action, changes)
   SELECT ${record.actor}, ${record.entity}, ${record.entityId}, ${record.action}, ${record.changes} FROM ${rows}`;
