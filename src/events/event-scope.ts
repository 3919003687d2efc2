import type { Sql } from "../db/database";
import type { Topic, Topics } from "./topics";

type Lookup = (query: string, id: number) => Promise<string | null>;

/** Where each topic's events say their warehouse is: every topic needs an entry (a new one does not compile without). */
const WAREHOUSE_OF: { [T in Topic]: (payload: Topics[T], lookup: Lookup) => Promise<string | null> | string | null } = {
  "exception.raised": (p, lookup) => (p.warehouseId === null ? null : lookup(`SELECT code FROM warehouse WHERE id = $1`, p.warehouseId)),
  "stock.low": (p) => p.warehouseCode,
  "mrp.progress": (p, lookup) => lookup(`SELECT w.code FROM mrp_run r JOIN warehouse w ON w.id = r.warehouse_id WHERE r.id = $1`, p.runId),
  "alarm.raised": (p) => p.warehouseCode,
  "alarm.cleared": (p) => p.warehouseCode,
  "apiKey.revoked": () => null,
  "import.progress": () => null,
};

/**
 * The warehouse an event belongs to, so that an identity limited to some warehouses hears of those
 * only; null: the event belongs to no warehouse and everyone may hear of it. Lookups are cached for the
 * life of one subscription (a warehouse's code and a run's warehouse do not change).
 */
export class EventScope {
  private readonly cache = new Map<string, Promise<string | null>>();

  constructor(private readonly sql: Sql) {}

  warehouseOf<T extends Topic>(topic: T, payload: Topics[T]): Promise<string | null> | string | null {
    return WAREHOUSE_OF[topic](payload, this.lookup);
  }

  private readonly lookup: Lookup = (query, id) => {
    const key = `${query}\u0000${id}`;
    let code = this.cache.get(key);
    if (!code) this.cache.set(key, (code = this.sql.query<{ code: string }>(query, [id]).then((rows) => rows[0]?.code ?? null)));
    return code;
  };
}
