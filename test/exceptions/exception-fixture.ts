/** Helpers of the exception tests: raising exceptions as the rules do, reading tables, watching events. */
import type { Client } from "graphql-ws";
import { inTransaction } from "../../src/db/transaction";
import { raise, type NewException } from "../../src/domain/exceptions";
import { wsEvents, type TestHub } from "../support/test-hub";
import { until } from "../support/until";

export const EXCEPTION = `id type status message details materialId warehouseId workOrderId cause causeText assignee assignedAt
  acknowledgedAt acknowledgedBy resolvedAt resolvedBy resolutionNote actions { action actor result details } links { kind targetId ref }`;

export const codeOf = (res: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions?.code;
export const errorOf = (res: { errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }) =>
  res.errors && { ...res.errors[0].extensions, message: res.errors[0].message };

export const idsOf = async (t: TestHub, table: "warehouse" | "material") =>
  Object.fromEntries((await t.db.sql.query<{ id: number; code: string }>(`SELECT id, code FROM ${table}`)).map((r) => [r.code, r.id])) as Record<string, number>;

/** Raises an exception as another area's rule would, in a transaction of its own. */
export const raised = (t: TestHub, e: NewException) => inTransaction(t.db, (tx) => raise(tx, e));

/**
 * What every command on exceptions may write: a refused one must leave all of it as it was. (The outbox's
 * rows as they were written: the publisher stamps earlier events published meanwhile.)
 */
const WRITTEN: Record<string, string> = {
  exception: "x", exception_action: "x", exception_link: "x", equipment_failure: "x", audit_log: "x", idempotency_key: "x", work_order_operation: "x",
  stock_ledger_entry: "x", event: "(x.id, x.topic, x.payload)",
};
export const fingerprint = async (t: TestHub) =>
  Object.fromEntries(
    await Promise.all(
      Object.entries(WRITTEN).map(async ([table, row]) => [
        table,
        (await t.db.sql.query<{ h: string }>(`SELECT md5(COALESCE(string_agg(${row}::text, '|' ORDER BY ${row}::text), '')) AS h FROM ${table} x`))[0].h,
      ]),
    ),
  );

/**
 * The outbox's end once what was written so far is published: a subscription resuming after it hears of
 * everything that happens from here, and of nothing before.
 */
export async function outboxEnd(t: TestHub): Promise<string> {
  await until(async () => (await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM event WHERE published_at IS NULL`))[0].n === 0, "the outbox to be published");
  return (await t.db.sql.query<{ last: string }>(`SELECT coalesce(max(position), 0)::text AS last FROM event`))[0].last;
}

/** The first `count` exceptionUpdated events after `after` that `client` may hear (of one exception, when given). */
export const updates = (client: Client, after: string, count: number, exceptionId?: string) =>
  wsEvents<{ exceptionUpdated: { exceptionId: string; action: string; status: string; actor: string; result: string; type: string } }>(
    client,
    `subscription($after: ID, $id: ID) { exceptionUpdated(afterEventId: $after, exceptionId: $id) { eventId exceptionId action actor result type status warehouseId } }`,
    { after, id: exceptionId },
    (seen) => seen.length === count,
  );
