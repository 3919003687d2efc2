import { DomainError, badInput } from "../shared/domain-error";
import type { LotSizing, MrpMaterial } from "./mrp.types";
import { Micro, formatQuantity, parseQuantity, roundUpTo, scanQuantity } from "./quantity";

/** Beyond this many planned supplies a run is refused (e.g. a tiny max lot against a huge requirement). */
export const MAX_PLANNED_SUPPLIES = 5_000_000;

/** A material's lot-sizing policy, validated, in micro-units. */
export interface LotPolicy {
  readonly kind: LotSizing;
  /**
   * Every order is a multiple of it. FIXED: the lot. MIN_MULTIPLE_MAX: the multiple, else the unit's
   * smallest quantity. Otherwise the unit's smallest quantity (1 micro-unit for 6 decimals).
   */
  readonly step: Micro;
  /** MIN_MULTIPLE_MAX: smallest order (already a multiple of step); otherwise 0. */
  readonly min: Micro;
  /** MIN_MULTIPLE_MAX: largest order (a multiple of step); Infinity when unlimited. */
  readonly max: Micro;
  /** PERIODS_OF_SUPPLY: buckets one order covers; otherwise 1. */
  readonly periods: number;
}

/**
 * Validates a material's policy; `index` is its position in the input, for error messages. `unit` is the
 * smallest quantity of its unit of measure: lots and multiples must be multiples of it.
 */
export function compileLotPolicy(m: MrpMaterial, index: number, unit: Micro): LotPolicy {
  const field = (name: string) => `materials[${index}].${name}`;
  const optional = (v: string | null | undefined, name: string): Micro | null => {
    if (v === null || v === undefined) return null;
    const q = scanQuantity(v);
    const micro = q >= 0 ? q : parseQuantity(v, field(name));
    if (micro % unit !== 0) throw badInput(`${field(name)} has more decimals than its unit allows: "${v}"`, { field: field(name), value: v });
    return micro;
  };
  switch (m.lotSizing) {
    case "LOT_FOR_LOT":
      return { kind: m.lotSizing, step: unit, min: 0, max: Infinity, periods: 1 };
    case "FIXED": {
      const fixed = optional(m.lotSizeFixed, "lotSizeFixed");
      if (!fixed) throw badInput(`${field("lotSizeFixed")} must be > 0 for FIXED lot sizing`, { field: field("lotSizeFixed") });
      return { kind: m.lotSizing, step: fixed, min: fixed, max: Infinity, periods: 1 };
    }
    case "MIN_MULTIPLE_MAX": {
      const multiple = optional(m.lotSizeMultiple, "lotSizeMultiple");
      if (multiple === 0) throw badInput(`${field("lotSizeMultiple")} must be > 0`, { field: field("lotSizeMultiple") });
      const step = multiple ?? unit;
      const min = roundUpTo(Math.max(optional(m.lotSizeMin, "lotSizeMin") ?? 0, 1), step);
      const rawMax = optional(m.lotSizeMax, "lotSizeMax");
      const max = rawMax === null ? Infinity : Math.floor(rawMax / step) * step;
      if (max < min) {
        const at = `materials[${index}]`;
        throw badInput(`${at}: no order quantity satisfies lotSizeMin, lotSizeMultiple and lotSizeMax`, { field: at });
      }
      return { kind: m.lotSizing, step, min, max, periods: 1 };
    }
    case "PERIODS_OF_SUPPLY": {
      const n = m.periodsOfSupply;
      if (typeof n !== "number" || !Number.isInteger(n) || n < 1) {
        throw badInput(`${field("periodsOfSupply")} must be an integer ≥ 1 for PERIODS_OF_SUPPLY`, { field: field("periodsOfSupply") });
      }
      return { kind: m.lotSizing, step: unit, min: 0, max: Infinity, periods: n };
    }
    default:
      throw badInput(`${field("lotSizing")} is not a known policy: ${String(m.lotSizing)}`, { field: field("lotSizing") });
  }
}

/**
 * Order quantities covering a requirement `need` (> 0), appended to `out`; returns their sum.
 * LOT_FOR_LOT and PERIODS_OF_SUPPLY (whose `need` already spans its periods): `need` rounded up to the unit.
 * FIXED: one order, the smallest multiple of the lot ≥ need.
 * MIN_MULTIPLE_MAX: orders of the largest allowed size while more than that is needed, then one order
 * of max(rest, min) rounded up to the multiple — every order within [min, max] and a multiple.
 */
export function sizeLots(p: LotPolicy, need: Micro, out: Micro[]): Micro {
  if (p.kind === "FIXED" || p.kind === "MIN_MULTIPLE_MAX") {
    if (need / p.max > MAX_PLANNED_SUPPLIES) {
      throw new DomainError("LIMIT_EXCEEDED", `a requirement of ${formatQuantity(need)} needs more than ${MAX_PLANNED_SUPPLIES} orders of at most ${formatQuantity(p.max)}`, {
        max: MAX_PLANNED_SUPPLIES,
      });
    }
    let total = 0;
    let rest = need;
    while (rest > p.max) {
      out.push(p.max);
      total += p.max;
      rest -= p.max;
    }
    const last = roundUpTo(Math.max(rest, p.min), p.step);
    out.push(last);
    return total + last;
  }
  const lot = p.step === 1 ? need : roundUpTo(need, p.step);
  out.push(lot);
  return lot;
}

/**
 * How far above safety stock planned orders alone can leave the end of the horizon: each order
 * overshoots its requirement by less than the policy's smallest order (lot-for-lot and periods of supply:
 * less than the unit's smallest quantity). Used for EXCESS: stock above safety stock by at least this
 * much (or by anything, for policies that never overshoot) is excess.
 */
export function overshootAllowance(p: LotPolicy): Micro {
  if (p.kind === "FIXED" || p.kind === "MIN_MULTIPLE_MAX") return p.min;
  return p.step === 1 ? 0 : p.step;
}
