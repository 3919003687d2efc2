import type { Sql } from "../db/database";
import type { EventBus } from "./event-bus";
import { publishedOfTopicAfter } from "./event.store";
import type { HubEvent, Topic } from "./topics";

/** Missed events read per statement while catching up. */
const BACKLOG_PAGE = 1_000;

/**
 * A subscriber's stream of `topic`: with `afterEventId`, first the published events it missed (from the
 * outbox table, a page at a time however far behind it is), then live ones — each once. An event's id is
 * its position in publish order (see OutboxPublisher), so resuming after one misses nothing published
 * later. Listening starts before the backlog is read, so nothing published in between is lost; what
 * arrives live and was also in the backlog is dropped by id.
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
  const fromBacklog = new Set<number>();
  for (let after = afterEventId; after !== undefined; ) {
    const page = await publishedOfTopicAfter(sql, topic, after, BACKLOG_PAGE);
    for (const e of page) {
      fromBacklog.add(e.id);
      yield e;
    }
    after = page.length === BACKLOG_PAGE ? page[page.length - 1].id : undefined;
  }
  for (let next = await first; !next.done; next = await live.next()) {
    if (fromBacklog.delete(next.value.id)) continue;
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
