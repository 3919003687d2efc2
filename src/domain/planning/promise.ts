/**
 * Available / capable to promise as a plain function over loaded data: the earliest day a quantity of a
 * material can be delivered from one warehouse. Nothing is stored.
 *
 * ATP: free stock (on hand − reserved) today, plus scheduled receipts on their due days, minus committed
 * demand on its due days (anything due before today counts today). Promising q on day d lowers every later
 * projected balance by q, so q is available on the first day from which the projected balance never falls
 * below q again.
 * CTP, for what ATP cannot cover (the most ATP can give is taken, on its day): a bought material arrives
 * its lead time after today; a made one is started when its last component is there (each component
 * promised the same way, recursively, drawing on the same stock), runs its routing on the work centers'
 * free hours (one operation after the other, day by day) and is ready no earlier than its lead time after
 * the start. What sets the date is named: the deepest component that arrives last, or a work center.
 * Days are numbers (days since 1970-01-01); quantities are numbers rounded to the unit's precision.
 */

export interface PromiseMaterial {
  id: number;
  code: string;
  type: "MAKE" | "BUY";
  leadTimeDays: number;
  /** on hand − reserved in usable locations (may be negative) */
  freeStock: number;
  /** decimals of its unit (default 6): component needs are rounded up to it */
  precision?: number;
}

export interface PromiseBomLine {
  parentId: number;
  componentId: number;
  quantityPer: number;
  baseQuantity: number;
  scrapPct: number;
}

export interface DatedQuantity {
  materialId: number;
  quantity: number;
  day: number;
}

export interface PromiseRoutingOperation {
  workCenterCode: string;
  setupMinutes: number;
  runMinutesPerUnit: number;
}

export interface PromiseInput {
  today: number;
  materials: ReadonlyMap<number, PromiseMaterial>;
  bomLines: readonly PromiseBomLine[];
  receipts: readonly DatedQuantity[];
  /** committed: reservations are in freeStock; this is dated demand (sales orders, MPS lines) */
  demands: readonly DatedQuantity[];
  routings: ReadonlyMap<number, readonly PromiseRoutingOperation[]>;
  /** free minutes per work center and day from `today` (index 0) on; absent or past its end: none */
  freeMinutes: ReadonlyMap<string, readonly number[]>;
}

export type LimitKind = "MATERIAL" | "WORK_CENTER";

export interface Limit {
  kind: LimitKind;
  code: string;
  /** the day it is ready (null: not within the capacity horizon) */
  day: number | null;
}

export interface PromiseResult {
  /** earliest delivery day of the whole quantity; null when it cannot be made within the capacity horizon */
  day: number | null;
  /** what stock and scheduled receipts give (by `atpDay`) */
  fromAvailable: number;
  atpDay: number | null;
  /** what has to be made or bought beyond it */
  toMakeOrBuy: number;
  /** what sets the date when making or buying does (null when ATP covers it all) */
  limiting: Limit | null;
}

/** Nested deeper than this is a cycle (BOMs refuse cycles; this only guards the recursion). */
const MAX_DEPTH = 64;

const roundUp = (x: number, precision = 6) => {
  const f = 10 ** precision;
  return Math.ceil(x * f - 1e-6) / f;
};
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** The earliest day `quantity` of the material can be delivered (see the file's comment). */
export function promise(input: PromiseInput, materialId: number, quantity: number): PromiseResult {
  return new Promiser(input).promise(materialId, quantity, 0);
}

class Promiser {
  /** per material: dated changes of its projected balance (receipts +, demand and what this promise took −) */
  private readonly events = new Map<number, DatedQuantity[]>();
  private readonly lines = new Map<number, PromiseBomLine[]>();
  private readonly free = new Map<string, number[]>();

  constructor(private readonly input: PromiseInput) {
    for (const r of input.receipts) this.eventsOf(r.materialId).push({ ...r, day: Math.max(r.day, input.today) });
    for (const d of input.demands) this.eventsOf(d.materialId).push({ ...d, quantity: -d.quantity, day: Math.max(d.day, input.today) });
    for (const l of input.bomLines) (this.lines.get(l.parentId) ?? this.lines.set(l.parentId, []).get(l.parentId)!).push(l);
  }

  private eventsOf(materialId: number) {
    return this.events.get(materialId) ?? this.events.set(materialId, []).get(materialId)!;
  }

  /** Free minutes of a work center, a copy this promise draws down (operations of one promise share it). */
  private freeOf(code: string) {
    return this.free.get(code) ?? this.free.set(code, [...(this.input.freeMinutes.get(code) ?? [])]).get(code)!;
  }

  /** The projected balance by day: [day, balance from that day] in day order, today first. */
  private projection(m: PromiseMaterial): [number, number][] {
    const byDay = new Map<number, number>([[this.input.today, 0]]);
    for (const e of this.events.get(m.id) ?? []) byDay.set(e.day, (byDay.get(e.day) ?? 0) + e.quantity);
    let balance = m.freeStock;
    return [...byDay.entries()].sort((a, b) => a[0] - b[0]).map(([day, delta]) => [day, (balance = round6(balance + delta))]);
  }

  /** ATP: per day, the least balance from it on; the most that can be promised and the first day for q. */
  private atp(m: PromiseMaterial, q: number): { max: number; day: number | null; maxDay: number } {
    const p = this.projection(m);
    const suffixMin = new Array<number>(p.length);
    for (let i = p.length - 1, min = Infinity; i >= 0; i--) suffixMin[i] = min = Math.min(min, p[i][1]);
    const firstFrom = (need: number) => p.findIndex((_, i) => suffixMin[i] >= need - 1e-9);
    const max = Math.max(0, suffixMin[p.length - 1]);
    const i = firstFrom(q);
    return { max, day: i < 0 ? null : p[i][0], maxDay: p[Math.max(0, firstFrom(max))][0] };
  }

  private take(materialId: number, day: number, q: number) {
    if (q > 0) this.eventsOf(materialId).push({ materialId, day, quantity: -q });
  }

  promise(materialId: number, q: number, depth: number): PromiseResult {
    const m = this.input.materials.get(materialId);
    if (!m) throw new Error(`material ${materialId} is not loaded`);
    const today = this.input.today;
    const atp = this.atp(m, q);
    if (atp.day !== null) {
      this.take(m.id, atp.day, q);
      return { day: atp.day, fromAvailable: q, atpDay: atp.day, toMakeOrBuy: 0, limiting: null };
    }
    const fromAvailable = atp.max;
    const atpDay = fromAvailable > 0 ? atp.maxDay : null;
    if (atpDay !== null) this.take(m.id, atpDay, fromAvailable);
    const rest = roundUp(q - fromAvailable, m.precision);
    const made = m.type === "BUY" || depth >= MAX_DEPTH ? this.buy(m) : this.make(m, rest, depth);
    // what stock and receipts give may come later still: then that is the limit
    if (made.day !== null && atpDay !== null && atpDay > made.day) {
      return { day: atpDay, fromAvailable, atpDay, toMakeOrBuy: rest, limiting: { kind: "MATERIAL", code: m.code, day: atpDay } };
    }
    return { day: made.day, fromAvailable, atpDay, toMakeOrBuy: rest, limiting: made.limiting };
  }

  private buy(m: PromiseMaterial): { day: number; limiting: Limit } {
    const day = this.input.today + m.leadTimeDays;
    return { day, limiting: { kind: "MATERIAL", code: m.code, day } };
  }

  private make(m: PromiseMaterial, q: number, depth: number): { day: number | null; limiting: Limit } {
    let start = this.input.today;
    let limiting: Limit | null = null;
    for (const line of this.lines.get(m.id) ?? []) {
      const component = this.input.materials.get(line.componentId);
      if (!component) continue;
      const need = roundUp(((q * line.quantityPer) / line.baseQuantity) * (1 + line.scrapPct / 100), component.precision);
      const r = this.promise(component.id, need, depth + 1);
      if (r.day === null) return { day: null, limiting: r.limiting! };
      if (r.day > start) {
        start = r.day;
        limiting = r.limiting ?? { kind: "MATERIAL", code: component.code, day: r.day };
      }
    }
    const byLeadTime = start + m.leadTimeDays;
    const run = this.schedule(m.id, q, start);
    if (run.day === null || run.day > byLeadTime) return { day: run.day, limiting: { kind: "WORK_CENTER", code: run.workCenter!, day: run.day } };
    // the (deepest) component that arrives last sets the date, with the day it arrives; none late: the product's lead time
    return { day: byLeadTime, limiting: limiting ?? { kind: "MATERIAL", code: m.code, day: byLeadTime } };
  }

  /**
   * Runs the routing from `start`, one operation after the other on free minutes: the day the last one
   * ends (null: beyond the free minutes known) and the work center that took longest.
   */
  private schedule(materialId: number, q: number, start: number): { day: number | null; workCenter: string | null } {
    let day = start;
    let slowest: { code: string; days: number } | null = null;
    for (const op of this.input.routings.get(materialId) ?? []) {
      let need = op.setupMinutes + op.runMinutesPerUnit * q;
      if (need <= 0) continue;
      const free = this.freeOf(op.workCenterCode);
      let i = day - this.input.today;
      for (; i < free.length; i++) {
        const used = Math.min(free[i], need);
        free[i] -= used;
        need -= used;
        if (need <= 1e-9) break;
      }
      if (i >= free.length) return { day: null, workCenter: op.workCenterCode };
      const end = this.input.today + i;
      if (!slowest || end - day > slowest.days) slowest = { code: op.workCenterCode, days: end - day };
      day = end;
    }
    return { day, workCenter: slowest?.code ?? null };
  }
}
