import type { Sql } from "../db/database";
import type { EventBus } from "./event-bus";
import type { HubEvent, Topic } from "./topics";

/**
 * A subscriber's stream of `topic`: with `afterEventId`, first the published events it missed (from the
 * outbox table), then live ones — each once, in id order. Listening starts before the backlog is read,
 * so nothing published in between is lost.
 */
export async function* eventStream(
  bus: EventBus,
  sql: Sql,
  topic: Topic,
  afterEventId: number | undefined,
  signal: AbortSignal,
): AsyncGenerator<HubEvent> {
  const live = bus.listen(topic, signal)[Symbol.asyncIterator]();
  const first = live.next(); // subscribes now
  let last = afterEventId ?? 0;
  if (afterEventId !== undefined) {
    const backlog = await sql.query<{ id: string | number; payload: unknown; createdAt: Date }>(
      `SELECT id, payload, created_at AS "createdAt" FROM event
        WHERE topic = $1 AND id > $2 AND published_at IS NOT NULL ORDER BY id LIMIT 10000`,
      [topic, afterEventId],
    );
    for (const r of backlog) {
      last = Number(r.id);
      yield { id: last, topic, payload: r.payload as HubEvent["payload"], createdAt: r.createdAt };
    }
  }
  for (let next = await first; !next.done; next = await live.next()) {
    if (next.value.id <= last) continue;
    last = next.value.id;
    yield next.value;
  }
}

/**
 * Runs `produce` with a signal that aborts as soon as the consumer stops (graphql-ws calls `return()` on
 * unsubscribe), even while it waits for the next event — a plain generator would only notice at its
 * next yield and keep its listener until then.
 */
export function abortable<T>(produce: (signal: AbortSignal) => AsyncGenerator<T>): AsyncIterableIterator<T> {
  const controller = new AbortController();
  const inner = produce(controller.signal);
  return {
    next: () => inner.next(),
    return: async (value?: unknown) => {
      controller.abort();
      return inner.return(value as T);
    },
    throw: async (e?: unknown) => {
      controller.abort();
      return inner.throw(e);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
