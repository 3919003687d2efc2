import { Decimal } from "../shared/quantity";
import type { QuantityRule } from "./rule.types";

/** What the reorder formulas read of a material, its warehouse and its preferred supplier (quantities as exact text). */
export interface ReorderFacts {
  /** usable stock on hand less reserved, in the warehouse */
  available: string;
  safetyStock: string;
  /** decimal places of the material's unit */
  precision: number;
  lotSizeMin: string | null;
  lotSizeMultiple: string | null;
  supplierMinOrder: string | null;
  supplierMultiple: string | null;
  /** standard cost per unit (EOQ's holding cost); null when the material has none */
  unitCost: string | null;
  /** demand of the last 365 days (EOQ's D) */
  annualDemand: string;
}

/**
 * The quantity to order, or zero when nothing is needed (stock at or above the max level, no demand):
 * the rule's base quantity, raised to the lot-size and supplier minimums, rounded up to the larger order
 * multiple and to the unit's precision.
 */
export function reorderQuantity(rule: QuantityRule, f: ReorderFacts): Decimal {
  const base = baseQuantity(rule, f);
  if (base.lte(0)) return new Decimal(0);
  let q = Decimal.max(base, f.lotSizeMin ?? 0, f.supplierMinOrder ?? 0);
  const multiple = Decimal.max(f.lotSizeMultiple ?? 0, f.supplierMultiple ?? 0);
  if (multiple.gt(0)) q = q.div(multiple).ceil().mul(multiple);
  return q.toDecimalPlaces(f.precision, Decimal.ROUND_UP);
}

function baseQuantity(rule: QuantityRule, f: ReorderFacts): Decimal {
  switch (rule.policy) {
    case "FIXED":
      return new Decimal(rule.quantity);
    case "TO_MAX": {
      const max = rule.maxLevel != null ? new Decimal(rule.maxLevel) : new Decimal(f.safetyStock).mul(2);
      return max.minus(f.available);
    }
    case "EOQ": {
      // √(2·D·S / H): D units a year, S per order, H per unit and year
      const holding = new Decimal(f.unitCost ?? 0).mul(rule.holdingRatePct).div(100);
      if (holding.lte(0)) return new Decimal(0);
      return new Decimal(2).mul(f.annualDemand).mul(rule.orderCost).div(holding).sqrt();
    }
  }
}
