import type { Principal } from "../../auth/principal";
import { txOf, type Tx } from "../../db/transaction";
import type { Prisma } from "../../generated/prisma/client";

/** Records who changed which master data, inside the caller's transaction (raw SQL or Prisma). */
export async function writeAudit(
  tx: Tx | Prisma.TransactionClient,
  actor: Principal,
  entity: string,
  entityId: string | number,
  action: string,
  changes: Record<string, unknown>,
): Promise<void> {
  const sql = "query" in tx ? tx : txOf(tx);
  await sql.query(`INSERT INTO audit_log (actor, entity, entity_id, action, changes) VALUES ($1, $2, $3, $4, $5::jsonb)`, [
    actor.id,
    entity,
    String(entityId),
    action,
    JSON.stringify(changes),
  ]);
}
