import { DomainError, badInput } from "../shared/domain-error";

/**
 * Exact quantities for planning. A quantity is an integer number of micro-units (1e-6, the scale of the
 * database's Decimal(18,6)) held in a plain `number`: integer addition and subtraction are exact while
 * every intermediate stays within ±2^53, i.e. about ±9 007 199 254 units — the documented limit of a run.
 * Products (quantity × quantity-per × scrap) do not fit, so they go through `mulCeil` with a fast exact
 * path and a BigInt fallback. Formatting back to decimal strings happens only at the edges.
 */
export type Micro = number;

export const SCALE = 1_000_000;
export const MAX_MICRO = Number.MAX_SAFE_INTEGER;

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * Parses a non-negative decimal string ("12", "0.5", "3.250000") into micro-units. More than six
 * decimals are rejected unless the extra digits are zeros; so are signs, exponents, blanks and values
 * beyond the exact range. `field` names the input in the error (e.g. "materials[3].onHand").
 */
export function parseQuantity(value: unknown, field: string): Micro {
  if (typeof value !== "string") throw badInput(`${field} must be a decimal string`, { field, value: String(value) });
  const m = DECIMAL.exec(value);
  if (!m) throw badInput(`${field} is not a decimal number: "${value}"`, { field, value });
  if (m[1] === "-" && !/^[0.]*$/.test(m[2] + (m[3] ?? ""))) {
    throw badInput(`${field} must not be negative: "${value}"`, { field, value });
  }
  let frac = m[3] ?? "";
  if (frac.length > 6) {
    if (!/^0*$/.test(frac.slice(6))) throw badInput(`${field} has more than 6 decimals: "${value}"`, { field, value });
    frac = frac.slice(0, 6);
  }
  const whole = m[2].replace(/^0+(?=\d)/, "");
  // 10 digits of units already exceed 2^53 micro-units when the value is large; checked exactly below.
  const micro = whole.length > 10 ? Infinity : Number(whole) * SCALE + (frac ? Number(frac.padEnd(6, "0")) : 0);
  if (micro > MAX_MICRO) {
    throw badInput(`${field} is too large for exact planning (max ${formatQuantity(MAX_MICRO)}): "${value}"`, { field, value });
  }
  return micro;
}

/** Micro-units back to a canonical decimal string: no trailing zeros, no exponent ("12", "0.000001"). */
export function formatQuantity(micro: Micro): string {
  const sign = micro < 0 ? "-" : "";
  const abs = Math.abs(micro);
  const whole = Math.floor(abs / SCALE);
  const frac = abs - whole * SCALE;
  if (frac === 0) return sign + whole;
  return `${sign}${whole}.${String(frac).padStart(6, "0").replace(/0+$/, "")}`;
}

/** Throws LIMIT_EXCEEDED when a computed quantity left the range where `number` arithmetic is exact. */
export function checkExact(micro: Micro, what: string): Micro {
  if (micro > MAX_MICRO || micro < -MAX_MICRO) {
    throw new DomainError("LIMIT_EXCEEDED", `${what} exceeds the exact planning range of ±${formatQuantity(MAX_MICRO)}`, { what });
  }
  return micro;
}

/** Smallest multiple of `step` (> 0) that is ≥ `q` (≥ 0). */
export function roundUpTo(q: Micro, step: Micro): Micro {
  return checkExact(Math.ceil(q / step) * step, "a lot-sized quantity");
}

/**
 * A non-negative rational multiplier num/den in lowest terms, e.g. quantity-per × (1 + scrap%/100).
 * `num` may exceed 2^53; `bigNum`/`bigDen` always hold the exact values.
 */
export interface Ratio {
  readonly num: number;
  readonly den: number;
  readonly bigNum: bigint;
  readonly bigDen: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/**
 * The exact factor a BOM line applies to a parent quantity: quantityPer × (1 + scrapPct / 100), where
 * quantityPer is in micro-units and scrapPct in micro-percent (both as parsed by `parseQuantity`).
 */
export function bomFactor(quantityPer: Micro, scrapPct: Micro): Ratio {
  const num = BigInt(quantityPer) * (100n * BigInt(SCALE) + BigInt(scrapPct));
  const den = BigInt(SCALE) * 100n * BigInt(SCALE);
  const g = gcd(num, den) || 1n;
  const bigNum = num / g;
  const bigDen = den / g;
  return { num: Number(bigNum), den: Number(bigDen), bigNum, bigDen };
}

/**
 * ceil(q × num / den), exactly, for q ≥ 0. When the product q × num is a safe integer the float
 * quotient is correctly rounded and cannot land on the integer below a non-integer result (the
 * distance to it, ≥ 1/den, exceeds the rounding error, < p·2^-53/den ≤ 1/den), so Math.ceil is exact;
 * otherwise BigInt does it.
 */
export function mulCeil(q: Micro, r: Ratio): Micro {
  const p = q * r.num;
  if (p <= MAX_MICRO) return Math.ceil(p / r.den);
  const big = (BigInt(q) * r.bigNum + r.bigDen - 1n) / r.bigDen;
  if (big > BigInt(MAX_MICRO)) checkExact(Infinity, "a dependent requirement");
  return Number(big);
}
