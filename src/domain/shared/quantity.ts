import { Prisma } from "../../generated/prisma/client";
import { badInput } from "./domain-error";

export const Decimal = Prisma.Decimal;
export type Decimal = Prisma.Decimal;

/** Quantity columns are numeric(18, 6): 12 digits before the point. */
export const QUANTITY_LIMIT = new Decimal("1e12");

export interface QuantityRule {
  /** the input's name in error messages and details */
  field: string;
  /** decimal places allowed (the unit of measure's precision) */
  precision?: number;
  allowZero?: boolean;
  allowNegative?: boolean;
}

/**
 * A validated exact quantity. Refuses non-numeric text, more decimals than the unit allows, and zero or
 * negative values unless the rule allows them — with a BAD_USER_INPUT error naming the field.
 */
export function parseQuantity(value: string | number | Decimal, rule: QuantityRule): Decimal {
  let q: Decimal;
  try {
    q = new Decimal(value);
  } catch {
    throw badInput(`${rule.field} must be a number`, { field: rule.field });
  }
  if (!q.isFinite()) throw badInput(`${rule.field} must be a finite number`, { field: rule.field });
  const precision = rule.precision ?? 6;
  if (q.decimalPlaces() > precision) {
    throw badInput(`${rule.field} allows at most ${precision} decimal places`, { field: rule.field, precision });
  }
  if (q.isNegative() && !q.isZero() && !rule.allowNegative) throw badInput(`${rule.field} must not be negative`, { field: rule.field });
  if (q.isZero() && !rule.allowZero) throw badInput(`${rule.field} must not be zero`, { field: rule.field });
  if (q.abs().greaterThanOrEqualTo(QUANTITY_LIMIT)) throw badInput(`${rule.field} is too large`, { field: rule.field });
  return q;
}
