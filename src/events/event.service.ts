import type { WarehouseScope } from "../auth/warehouse-scope";
import type { Sql } from "../db/database";
import type { EventBus } from "./event-bus";
import { EventScope, type WarehouseLookup } from "./event-scope";
import { abortable, eventStream } from "./event-stream";
import type { HubEvent, Topic } from "./topics";

/**
 * What a stream of live events only (no replay) carries under SHAREABLE: its topic and its filter, so that a
 * fan-out (src/execution/subscription-fanout.ts) can serve subscribers that would see the same events from
 * one listener instead of iterating each one's stream.
 */
export const SHAREABLE = Symbol("shareable live events");
export interface Shareable {
  topic: Topic;
  /** whether the subscriber hears of the event: its arguments' filter and its warehouse scope */
  admits(event: HubEvent): Promise<boolean>;
}
export type EventStream = AsyncIterableIterator<HubEvent> & { [SHAREABLE]?: Shareable };

/** What subscribers read: a topic's events, replayed from a position and then live, as far as they may see. */
export class EventService {
  /** who may hear of what, for every subscription of the hub (its lookups cached once for all) */
  readonly visibility: EventScope;

  constructor(
    private readonly bus: EventBus,
    private readonly sql: Sql,
    sites: WarehouseLookup,
  ) {
    this.visibility = new EventScope(sql, sites);
  }

  /**
   * Events of `topic` after `afterEventId` (none missed), then live ones, that pass `keep` and that `scope`
   * may see (events of no warehouse are seen by all). Stops listening as soon as the consumer stops; listens
   * only once iterated (a fan-out may take SHAREABLE instead).
   */
  stream(topic: Topic, afterEventId: number | undefined, scope: WarehouseScope, keep: (payload: unknown) => boolean): EventStream {
    const { bus, sql, visibility } = this;
    const admits = async (e: HubEvent) => keep(e.payload) && (await visibility.visibleTo(scope, topic, e.payload));
    const stream: EventStream = abortable(async function* (signal) {
      for await (const e of eventStream(bus, sql, topic, afterEventId, signal)) if (await admits(e)) yield e;
    });
    if (afterEventId === undefined) stream[SHAREABLE] = { topic, admits };
    return stream;
  }
}
