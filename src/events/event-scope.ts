import { canSee, canSeeWorkOf, type WarehouseScope } from "../auth/warehouse-scope";
import type { Sql } from "../db/database";
import { runWarehouseId } from "../domain/planning/run-warehouse.queries";
import type { SiteService } from "../domain/sites";
import type { Topic, Topics } from "./topics";

/** The owning areas' lookups an event's owner is found with (cached by EventScope). */
interface Lookups {
  warehouseCode(warehouseId: number): Promise<string | null>;
  runWarehouseCode(runId: number): Promise<string | null>;
}
/** A warehouse's code, null (no warehouse), or work done by an identity limited to `doneWithin`. */
type Owner = string | null | { doneWithin: WarehouseScope };

/** Whom each topic's events belong to: every topic needs an entry (a new one does not compile without). */
const OWNER_OF: { [T in Topic]: (payload: Topics[T], lookup: Lookups) => Promise<Owner> | Owner } = {
  "exception.raised": (p, lookup) => (p.warehouseId === null ? null : lookup.warehouseCode(p.warehouseId)),
  "exception.updated": (p, lookup) => (p.warehouseId === null ? null : lookup.warehouseCode(p.warehouseId)),
  "stock.low": (p) => p.warehouseCode,
  "mrp.progress": (p, lookup) => lookup.runWarehouseCode(p.runId),
  "forecast.progress": (p) => p.warehouseCode,
  "alarm.raised": (p) => p.warehouseCode,
  "alarm.cleared": (p) => p.warehouseCode,
  "device.readings": (p) => p.warehouseCode,
  "stock.mismatch": (p) => p.warehouseCode,
  // a lot is seen where its maker's work order is, and everywhere when bought in (as Lot itself)
  "lot.qcChanged": (p) => p.warehouseCode,
  "count.session": (p) => p.warehouseCode,
  "pick.list": (p) => p.warehouseCode,
  "stock.changed": (p) => p.warehouseCode,
  "workOrder.changed": (p) => p.warehouseCode,
  "exception.aging": (p, lookup) => (p.warehouseId === null ? null : lookup.warehouseCode(p.warehouseId)),
  "rule.notified": (p) => p.warehouseCode,
  "purchase.requisitioned": (p) => p.warehouseCode,
  "planning.inputChanged": (p) => p.warehouseCode,
  "planning.masterChanged": (p) => p.warehouseCode,
  "kpi.refreshed": (p) => p.warehouseCode,
  "apiKey.revoked": () => null,
  "import.progress": (p) => ({ doneWithin: p.doneWithin ?? null }),
};

/** Every topic of the Topics map, at run time (OWNER_OF has one entry per topic, checked by the compiler). */
export const TOPICS = Object.keys(OWNER_OF) as readonly Topic[];

/** What EventScope needs of the sites area. */
export type WarehouseLookup = Pick<SiteService, "warehousesByIds">;

/**
 * Whether an identity may hear of an event: one limited to some warehouses hears of those only, of
 * events that belong to no warehouse, and of work done within its own warehouses. One scope serves every
 * subscription of the hub, and its lookups are cached for the hub's life (a warehouse's code and a run's
 * warehouse never change): an event heard by many groups of subscribers costs one lookup at most, and none
 * once its warehouse was seen — a cache per subscription made a new group's first event wait for its own
 * lookup (docs/benchmarks.md, "the first event after subscribers join"). A failed lookup is not kept; the
 * runs' entries are bounded (the latest RUNS_KEPT).
 */
export class EventScope {
  private readonly codes = new Map<number, Promise<string | null>>();
  private readonly runs = new Map<number, Promise<string | null>>();
  private readonly lookups: Lookups = {
    warehouseCode: (id) => cached(this.codes, id, Infinity, async () => (await this.sites.warehousesByIds(this.sql, [id]))[0]?.code ?? null),
    runWarehouseCode: (runId) =>
      cached(this.runs, runId, RUNS_KEPT, async () => {
        const warehouseId = await runWarehouseId(this.sql, runId);
        return warehouseId === null ? null : this.lookups.warehouseCode(warehouseId);
      }),
  };

  constructor(
    private readonly sql: Sql,
    private readonly sites: WarehouseLookup,
  ) {}

  async visibleTo<T extends Topic>(scope: WarehouseScope, topic: T, payload: Topics[T]): Promise<boolean> {
    if (scope === null) return true;
    const owner = await OWNER_OF[topic](payload, this.lookups);
    return owner !== null && typeof owner === "object" ? canSeeWorkOf(scope, owner.doneWithin) : canSee(scope, owner);
  }

  /** The warehouse an event belongs to; null when it belongs to none (or is work done within some, such as an import). */
  async warehouseOf<T extends Topic>(topic: T, payload: Topics[T]): Promise<string | null> {
    const owner = await OWNER_OF[topic](payload, this.lookups);
    return typeof owner === "string" ? owner : null;
  }
}

/** Runs whose warehouse is kept: a run's progress events come within minutes of each other. */
const RUNS_KEPT = 1000;

/** `load()` once per key while it succeeds; beyond `bound` keys, the oldest is forgotten. */
function cached<K, V>(cache: Map<K, Promise<V>>, key: K, bound: number, load: () => Promise<V>): Promise<V> {
  let value = cache.get(key);
  if (value) return value;
  cache.set(key, (value = load()));
  value.catch(() => cache.get(key) === value && cache.delete(key));
  if (cache.size > bound) cache.delete(cache.keys().next().value as K);
  return value;
}
