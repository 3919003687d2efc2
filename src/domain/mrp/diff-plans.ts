import type { DecimalString, MrpPlan, PlannedSupply } from "./mrp.types";
import { formatQuantity, parseQuantity } from "./quantity";

export type SupplyField = "quantity" | "releaseDate" | "pegs";

export interface SupplyChange {
  before: PlannedSupply;
  after: PlannedSupply;
  /** after − before, e.g. "-20". */
  quantityDelta: DecimalString;
  fields: SupplyField[];
}

export interface PlanDiff {
  added: PlannedSupply[];
  removed: PlannedSupply[];
  changed: SupplyChange[];
  unchanged: number;
}

type Supplies = Pick<MrpPlan, "plannedOrders" | "purchaseSuggestions">;

/**
 * Differences between two plans, e.g. the current plan and a what-if run. Supplies are matched by
 * kind, material and due date (the n-th supply of a material due on a date matches the n-th of the
 * other plan, for orders split at the maximum lot size); a matched pair that differs in quantity,
 * release date or pegs is `changed`. A supply whose due date moved shows as removed plus added.
 */
export function diffPlans(before: Supplies, after: Supplies): PlanDiff {
  const previous = new Map<string, PlannedSupply>();
  for (const [key, supply] of keyed(before)) previous.set(key, supply);
  const diff: PlanDiff = { added: [], removed: [], changed: [], unchanged: 0 };
  for (const [key, supply] of keyed(after)) {
    const old = previous.get(key);
    if (!old) {
      diff.added.push(supply);
      continue;
    }
    previous.delete(key);
    const fields: SupplyField[] = [];
    if (old.quantity !== supply.quantity) fields.push("quantity");
    if (old.releaseDate !== supply.releaseDate) fields.push("releaseDate");
    if (pegKey(old) !== pegKey(supply)) fields.push("pegs");
    if (fields.length === 0) diff.unchanged++;
    else {
      const delta = parseQuantity(supply.quantity, "after.quantity") - parseQuantity(old.quantity, "before.quantity");
      diff.changed.push({ before: old, after: supply, quantityDelta: formatQuantity(delta), fields });
    }
  }
  diff.removed.push(...previous.values());
  return diff;
}

function* keyed(plan: Supplies): Generator<[string, PlannedSupply]> {
  const seen = new Map<string, number>();
  for (const supply of [...plan.plannedOrders, ...plan.purchaseSuggestions]) {
    const base = `${supply.kind}|${supply.materialId}|${supply.dueDate}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    yield [`${base}|${n}`, supply];
  }
}

const pegKey = (supply: PlannedSupply): string =>
  supply.pegs
    .map((p) => `${p.demandId}=${p.quantity}`)
    .sort()
    .join(",");
