import type { Tx } from "../db/transaction";
import { insertEvent, insertEvents, setEventCause } from "./event.store";

/** For a store whose statement writes a change and its event at once (see insertEventsFrom). */
export { insertEventsFrom } from "./event.store";
import type { EventCause, Topic, Topics } from "./topics";

/** The lock publishers hold while handing out positions (see event.store.ts). */
export { PUBLISH_LOCK } from "./event.store";

/** Appends an event to the outbox inside the caller's transaction: it is published only if that commits. */
export async function writeEvent<T extends Topic>(tx: Tx, topic: T, payload: Topics[T]): Promise<void> {
  await insertEvent(tx, topic, JSON.stringify(payload));
}

/** Appends several events of one topic, in order, in one statement (a movement's `stock.changed` per material). */
export async function writeEvents<T extends Topic>(tx: Tx, topic: T, payloads: readonly Topics[T][]): Promise<void> {
  if (payloads.length > 0) await insertEvents(tx, topic, payloads.map((p) => JSON.stringify(p)));
}

/** The events the caller's transaction writes from now on (whichever area writes them) carry `cause`: how rules see their own effects. */
export function withEventCause(tx: Tx, cause: EventCause): Promise<void> {
  return setEventCause(tx, cause);
}
