import { setTimeout as delay } from "node:timers/promises";
import type { Logger } from "pino";
import type { Database } from "../../db/database";
import type { EventBus } from "../../events/event-bus";
import { OutboxFollower } from "../../events/outbox-follower";
import type { HubEvent, Topics } from "../../events/topics";
import type { KpiService } from "./kpis.service";

const LEADER_LOCK = 74_260_151;
/** What moves the KPIs during the day: stock (value, consumption, stockouts, receipts of orders) and work orders (schedule adherence). */
const TOPICS = ["stock.changed", "workOrder.changed"] as const;

/**
 * Live KPIs: one hub (a leader lock) follows stock and work-order events in the outbox and refreshes yesterday's
 * and today's snapshots of the warehouses they happened in — what a page of events brought, together — then
 * waits `everyMs` before the next, so that a busy floor costs one refresh per interval, not one per scan. The
 * refresh writes `kpi.refreshed` where figures changed, which `kpisUpdated` subscribers hear.
 */
export class KpiLiveRefresh {
  private readonly follower: OutboxFollower;

  constructor(
    db: Database,
    bus: EventBus,
    private readonly kpis: KpiService,
    private readonly everyMs: number,
    log: Logger,
  ) {
    this.follower = new OutboxFollower(db, bus, log, { name: "kpi-live", topics: TOPICS, leaderLock: LEADER_LOCK, handlePage: (events, { signal }) => this.handlePage(events, signal) });
  }

  start(): void {
    this.follower.start();
  }

  async stop(): Promise<void> {
    await this.follower.stop();
  }

  private async handlePage(events: readonly HubEvent[], signal: AbortSignal): Promise<number | false> {
    const warehouseIds = new Set(events.map((e) => (e.payload as Topics[(typeof TOPICS)[number]]).warehouseId));
    await this.kpis.refreshWarehouses([...warehouseIds]);
    // the pause comes after the refresh: what happens meanwhile is the next page
    await delay(this.everyMs, undefined, { signal }).catch(() => undefined);
    return events[events.length - 1].id;
  }
}
