import type { Tx } from "../db/transaction";
import { insertEvent, setEventCause } from "./event.store";
import type { EventCause, Topic, Topics } from "./topics";

/**
 * Held (xact, exclusive) by the publishing transaction: positions are handed out in the order publishers
 * commit, and a reader that takes it shared sees every event published to the bus before it.
 */
export const PUBLISH_LOCK = 74_260_040;

/** Appends an event to the outbox inside the caller's transaction: it is published only if that commits. */
export async function writeEvent<T extends Topic>(tx: Tx, topic: T, payload: Topics[T]): Promise<void> {
  await insertEvent(tx, topic, JSON.stringify(payload));
}

/** The events the caller's transaction writes from now on (whichever area writes them) carry `cause`: how rules see their own effects. */
export function withEventCause(tx: Tx, cause: EventCause): Promise<void> {
  return setEventCause(tx, cause);
}
