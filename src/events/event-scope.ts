import { canSee, canSeeWorkOf, type WarehouseScope } from "../auth/warehouse-scope";
import type { Sql } from "../db/database";
import type { Topic, Topics } from "./topics";

type Lookup = (query: string, id: number) => Promise<string | null>;
/** A warehouse's code, null (no warehouse), or work done by an identity limited to `doneWithin`. */
type Owner = string | null | { doneWithin: WarehouseScope };

/** Whom each topic's events belong to: every topic needs an entry (a new one does not compile without). */
const OWNER_OF: { [T in Topic]: (payload: Topics[T], lookup: Lookup) => Promise<Owner> | Owner } = {
  "exception.raised": (p, lookup) => (p.warehouseId === null ? null : lookup(`SELECT code FROM warehouse WHERE id = $1`, p.warehouseId)),
  "stock.low": (p) => p.warehouseCode,
  "mrp.progress": (p, lookup) => lookup(`SELECT w.code FROM mrp_run r JOIN warehouse w ON w.id = r.warehouse_id WHERE r.id = $1`, p.runId),
  "alarm.raised": (p) => p.warehouseCode,
  "alarm.cleared": (p) => p.warehouseCode,
  "count.session": (p) => p.warehouseCode,
  "pick.list": (p) => p.warehouseCode,
  "apiKey.revoked": () => null,
  "import.progress": (p) => ({ doneWithin: p.doneWithin ?? null }),
};

/**
 * Whether an identity may hear of an event: one limited to some warehouses hears of those only, of
 * events that belong to no warehouse, and of work done within its own warehouses. Lookups are cached for
 * the life of one subscription (a warehouse's code and a run's warehouse do not change).
 */
export class EventScope {
  private readonly cache = new Map<string, Promise<string | null>>();

  constructor(private readonly sql: Sql) {}

  async visibleTo<T extends Topic>(scope: WarehouseScope, topic: T, payload: Topics[T]): Promise<boolean> {
    if (scope === null) return true;
    const owner = await OWNER_OF[topic](payload, this.lookup);
    return owner !== null && typeof owner === "object" ? canSeeWorkOf(scope, owner.doneWithin) : canSee(scope, owner);
  }

  private readonly lookup: Lookup = (query, id) => {
    const key = `${query}\u0000${id}`;
    let code = this.cache.get(key);
    if (!code) this.cache.set(key, (code = this.sql.query<{ code: string }>(query, [id]).then((rows) => rows[0]?.code ?? null)));
    return code;
  };
}
