import type { WarehouseScope } from "../auth/warehouse-scope";
import type { Sql } from "../db/database";
import type { EventBus } from "./event-bus";
import { EventScope, type WarehouseLookup } from "./event-scope";
import { abortable, eventStream } from "./event-stream";
import type { HubEvent, Topic } from "./topics";

/** What subscribers read: a topic's events, replayed from a position and then live, as far as they may see. */
export class EventService {
  constructor(
    private readonly bus: EventBus,
    private readonly sql: Sql,
    private readonly sites: WarehouseLookup,
  ) {}

  /**
   * Events of `topic` after `afterEventId` (none missed), then live ones, that pass `keep` and that `scope`
   * may see (events of no warehouse are seen by all). Stops listening as soon as the consumer stops.
   */
  stream(topic: Topic, afterEventId: number | undefined, scope: WarehouseScope, keep: (payload: unknown) => boolean): AsyncIterableIterator<HubEvent> {
    const events = new EventScope(this.sql, this.sites);
    const { bus, sql } = this;
    return abortable(async function* (signal) {
      for await (const e of eventStream(bus, sql, topic, afterEventId, signal)) if (keep(e.payload) && (await events.visibleTo(scope, topic, e.payload))) yield e;
    });
  }
}
