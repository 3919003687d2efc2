import type { Principal } from "../../auth/principal";
import type { Prisma } from "../../generated/prisma/client";

/** Records who changed which master data, inside the caller's transaction. */
export async function writeAudit(
  tx: Prisma.TransactionClient,
  actor: Principal,
  entity: string,
  entityId: string | number,
  action: string,
  changes: Record<string, unknown>,
): Promise<void> {
  await tx.auditLog.create({
    data: { actor: actor.id, entity, entityId: String(entityId), action, changes: JSON.parse(JSON.stringify(changes)) },
  });
}
