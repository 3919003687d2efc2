import { AsyncLocalStorage } from "node:async_hooks";
import type { Principal } from "../../auth/principal";
import { txOf, type Tx } from "../../db/transaction";
import type { Prisma } from "../../generated/prisma/client";
import { insertAudits } from "./audit.store";

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
  await insertAudits(
    tx,
    actor.id,
    entity,
    entries.map((e) => ({ entityId: String(e.entityId), action: e.action, changes: JSON.stringify(tag ? { ...tag, ...e.changes } : e.changes) })),
  );
}

