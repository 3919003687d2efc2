import type { Principal } from "../../auth/principal";
import type { Database } from "../../db/database";
import { inTransaction, type Tx } from "../../db/transaction";
import { idempotent } from "./idempotency";

export interface CommandOptions {
  principal: Principal;
  operation: string;
  idempotencyKey?: string | null;
  /** what identifies the request for replay checks: the command's input */
  payload: unknown;
  ttlHours: number;
}

/** One command = one transaction, run at most once per idempotency key; `replayed` tells a replay apart. */
export function runCommand<T extends object>(db: Database, o: CommandOptions, fn: (tx: Tx) => Promise<T>): Promise<T & { replayed: boolean }> {
  return inTransaction(db, async (tx) => {
    const { result, replayed } = await idempotent(
      tx,
      { principalId: o.principal.id, scope: o.principal.warehouses, key: o.idempotencyKey, operation: o.operation, payload: o.payload, ttlHours: o.ttlHours },
      () => fn(tx),
    );
    return { ...result, replayed };
  });
}

/** The options of a command that takes no idempotency key (master-data changes): it runs each time it is called. */
export const unkeyed = (principal: Principal, operation: string): CommandOptions => ({ principal, operation, payload: null, ttlHours: 0 });
