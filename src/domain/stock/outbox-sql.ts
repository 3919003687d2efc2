import type { Topic, Topics } from "../../events/topics";
import type { Tx } from "./transaction";

/** Appends an outbox event in the caller's raw-SQL transaction (the Prisma-based writer needs a Prisma tx). */
export async function writeEventSql<T extends Topic>(tx: Tx, topic: T, payload: Topics[T]): Promise<void> {
  await tx.query(`INSERT INTO event (topic, payload) VALUES ($1, $2::jsonb)`, [topic, JSON.stringify(payload)]);
}
