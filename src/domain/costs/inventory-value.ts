import { Decimal } from "../shared/quantity";

export type ValueGrouping = "WAREHOUSE" | "MATERIAL" | "ABC_CLASS";

export interface ValuedStock { warehouseCode: string; materialCode: string; abcClass: string | null; onHand: string; cost: string | null; currency: string | null }
export interface ValueLine { key: string; currency: string | null; quantity: string; value: string; unvaluedLines: number }

/**
 * Sums stock × standard cost per group and currency. Stock of a material without a cost counts in its
 * group's `unvaluedLines` (its value is unknown, not zero); quantities add up only within one material.
 */
export function inventoryValue(stock: readonly ValuedStock[], groupBy: ValueGrouping): ValueLine[] {
  const groups = new Map<string, { key: string; currency: string | null; quantity: Decimal; value: Decimal; unvaluedLines: number }>();
  for (const s of stock) {
    const key = groupBy === "WAREHOUSE" ? s.warehouseCode : groupBy === "MATERIAL" ? s.materialCode : s.abcClass ?? "NONE";
    const id = `${key}\u0000${s.currency ?? ""}`;
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { key, currency: s.currency, quantity: new Decimal(0), value: new Decimal(0), unvaluedLines: 0 }));
    g.quantity = g.quantity.plus(s.onHand);
    if (s.cost === null) g.unvaluedLines++;
    else g.value = g.value.plus(new Decimal(s.onHand).times(s.cost));
  }
  return [...groups.values()]
    .sort((a, b) => a.key.localeCompare(b.key) || (a.currency ?? "").localeCompare(b.currency ?? ""))
    .map((g) => ({ key: g.key, currency: g.currency, quantity: g.quantity.toFixed(), value: g.value.toFixed(), unvaluedLines: g.unvaluedLines }));
}
