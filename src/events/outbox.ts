import type { Tx } from "../db/transaction";
import type { Topic, Topics } from "./topics";

/** Appends an event to the outbox inside the caller's transaction: it is published only if that commits. */
export async function writeEvent<T extends Topic>(tx: Tx, topic: T, payload: Topics[T]): Promise<void> {
  await tx.query(`INSERT INTO event (topic, payload) VALUES ($1, $2::jsonb)`, [topic, JSON.stringify(payload)]);
}
