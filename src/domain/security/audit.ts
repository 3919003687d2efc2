import { AsyncLocalStorage } from "node:async_hooks";
import type { Principal } from "../../auth/principal";
import { txOf, type Tx } from "../../db/transaction";
import type { Prisma } from "../../generated/prisma/client";

export interface AuditEntry {
  entityId: string | number;
  action: string;
  changes: Record<string, unknown>;
}

const tags = new AsyncLocalStorage<Record<string, unknown>>();

/**
 * Runs `fn` with `tag` added to every audit record written inside it (a bulk import's id), so that one
 * area's upsert, called by an import, records which import made the change without knowing of imports.
 */
export const withAuditTag = <T>(tag: Record<string, unknown>, fn: () => Promise<T>): Promise<T> => tags.run(tag, fn);

/** Records who changed which master data, inside the caller's transaction (raw SQL or Prisma). */
export async function writeAudit(
  tx: Tx | Prisma.TransactionClient,
  actor: Principal,
  entity: string,
  entityId: string | number,
  action: string,
  changes: Record<string, unknown>,
): Promise<void> {
  await writeAudits("query" in tx ? tx : txOf(tx), actor, entity, [{ entityId, action, changes }]);
}

/** Many audit records of one entity type in one statement (bulk imports). */
export async function writeAudits(tx: Tx, actor: Principal, entity: string, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const tag = tags.getStore();
  await tx.query(
    `INSERT INTO audit_log (actor, entity, entity_id, action, changes)
     SELECT $1, $2, u.id, u.action, u.changes::jsonb FROM unnest($3::text[], $4::text[], $5::text[]) AS u(id, action, changes)`,
    [actor.id, entity, entries.map((e) => String(e.entityId)), entries.map((e) => e.action), entries.map((e) => JSON.stringify(tag ? { ...tag, ...e.changes } : e.changes))],
  );
}

/**
 * An INSERT writing one audit record per row of `rows` (a CTE of the same statement), for bulk writes
 * that build their audit records in SQL: each part of `record` is an SQL expression over a row.
 */
export const auditRowsSql = (rows: string, record: { actor: string; entity: string; entityId: string; action: string; changes: string }) =>
  `INSERT INTO audit_log (actor, entity, entity_id, action, changes)
   SELECT ${record.actor}, ${record.entity}, ${record.entityId}, ${record.action}, ${record.changes} FROM ${rows}`;
