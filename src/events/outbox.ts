import type { Tx } from "../db/transaction";
import type { Topic, Topics } from "./topics";

/**
 * Held (xact, exclusive) by the publishing transaction: positions are handed out in the order publishers
 * commit, and a reader that takes it shared sees every event published to the bus before it.
 */
export const PUBLISH_LOCK = 74_260_040;

/** Appends an event to the outbox inside the caller's transaction: it is published only if that commits. */
export async function writeEvent<T extends Topic>(tx: Tx, topic: T, payload: Topics[T]): Promise<void> {
  await tx.query(`INSERT INTO event (topic, payload) VALUES ($1, $2::jsonb)`, [topic, JSON.stringify(payload)]);
}

/** The position of the last published event (0 when none): where a new follower of the outbox starts. */
export async function outboxEnd(tx: Tx): Promise<number> {
  const [row] = await tx.query<{ last: string }>(`SELECT coalesce(max(position), 0)::text AS last FROM event`);
  return Number(row.last);
}
