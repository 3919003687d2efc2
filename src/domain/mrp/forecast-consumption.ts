import type { DemandSource } from "./mrp.types";
import type { Micro } from "./quantity";

export interface SourcedDemand {
  material: number;
  quantity: Micro;
  bucket: number;
  source: DemandSource;
}

/**
 * Standard forecast consumption: in each bucket, a material's sales orders consume its forecast, so that
 * demand there is max(forecast, sales orders) rather than their sum. Forecast lines are reduced in the
 * given order (due date, then id) and dropped when fully consumed; sales orders and MPS lines (firm
 * schedule, never consumed) are kept as they are. Returns a new list in the same order.
 */
export function consumeForecasts<T extends SourcedDemand>(demands: readonly T[]): T[] {
  const key = (d: SourcedDemand) => `${d.material}:${d.bucket}`;
  const ordered = new Map<string, Micro>();
  for (const d of demands) if (d.source === "SALES_ORDER") ordered.set(key(d), (ordered.get(key(d)) ?? 0) + d.quantity);
  if (ordered.size === 0) return [...demands];
  const out: T[] = [];
  for (const d of demands) {
    const left = d.source === "FORECAST" ? ordered.get(key(d)) : undefined;
    if (!left) {
      out.push(d);
      continue;
    }
    const consumed = Math.min(left, d.quantity);
    ordered.set(key(d), left - consumed);
    if (d.quantity > consumed) out.push({ ...d, quantity: d.quantity - consumed });
  }
  return out;
}
