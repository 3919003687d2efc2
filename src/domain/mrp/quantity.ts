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

/** 10^k for k = 0‥6: the micro-units of a unit with 6 − k decimals. */
export const POW10 = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000];

/**
 * Parses a non-negative decimal string ("12", "0.5", "3.250000") into micro-units. More than six
 * decimals are rejected unless the extra digits are zeros; so are signs, exponents, blanks and values
 * beyond the exact range. `field` names the input in the error (e.g. "materials[3].onHand").
 */
export function parseQuantity(value: unknown, field: string): Micro {
  const micro = scanQuantity(value);
  if (micro >= 0) return micro;
  const details = { field, value: String(value) };
  switch (micro) {
    case NOT_A_STRING:
      throw badInput(`${field} must be a decimal string`, details);
    case NEGATIVE:
      throw badInput(`${field} must not be negative: "${value}"`, details);
    case TOO_MANY_DECIMALS:
      throw badInput(`${field} has more than 6 decimals: "${value}"`, details);
    case TOO_LARGE:
      throw badInput(`${field} is too large for exact planning (max ${formatQuantity(MAX_MICRO)}): "${value}"`, details);
    default:
      throw badInput(`${field} is not a decimal number: "${value}"`, details);
  }
}

const NOT_A_STRING = -1;
const MALFORMED = -2;
const NEGATIVE = -3;
const TOO_MANY_DECIMALS = -4;
const TOO_LARGE = -5;

/**
 * The parse without the error: micro-units, or a negative code. Hand-rolled over char codes and free of
 * allocation, as a run parses a few hundred thousand quantities; callers build field names (strings)
 * only on failure, through `parseQuantity`.
 */
export function scanQuantity(value: unknown): Micro {
  if (typeof value !== "string") return NOT_A_STRING;
  const len = value.length;
  const negative = len > 0 && value.charCodeAt(0) === 45; // "-"
  let i = negative ? 1 : 0;
  const wholeFrom = i;
  let whole = 0;
  for (let c; i < len && (c = value.charCodeAt(i) - 48) >= 0 && c <= 9; i++) whole = whole * 10 + c;
  if (i === wholeFrom) return MALFORMED;
  let frac = 0;
  let fracDigits = 0;
  let extraDecimals = false;
  if (i < len) {
    if (value.charCodeAt(i++) !== 46 || i === len) return MALFORMED; // "." and at least one digit
    for (; i < len; i++) {
      const c = value.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return MALFORMED;
      if (fracDigits < 6) {
        frac = frac * 10 + c;
        fracDigits++;
      } else if (c !== 0) extraDecimals = true;
    }
  }
  const micro = whole * SCALE + frac * POW10[6 - fracDigits];
  if (negative && (micro !== 0 || extraDecimals)) return NEGATIVE;
  if (extraDecimals) return TOO_MANY_DECIMALS;
  // An inexact (rounded) product or sum lands above MAX_MICRO too, so this check is exact.
  return micro > MAX_MICRO ? TOO_LARGE : micro;
}

const ZEROS = ["", "0", "00", "000", "0000", "00000"];

/** Micro-units back to a canonical decimal string: no trailing zeros, no exponent ("12", "0.000001"). */
export function formatQuantity(micro: Micro): string {
  const abs = micro < 0 ? -micro : micro;
  let frac = abs % SCALE;
  const whole = (abs - frac) / SCALE;
  const sign = micro < 0 ? "-" : "";
  if (frac === 0) return sign + whole;
  let digits = 6;
  while (frac % 10 === 0) {
    frac /= 10;
    digits--;
  }
  const text = String(frac);
  return `${sign}${whole}.${ZEROS[digits - text.length]}${text}`;
}

/**
 * Throws LIMIT_EXCEEDED when a computed quantity left the range where `number` arithmetic is exact.
 * `what` and the optional material `code` are only joined into a message on failure.
 */
export function checkExact(micro: Micro, what: string, code?: string): Micro {
  if (micro > MAX_MICRO || micro < -MAX_MICRO) {
    const subject = code === undefined ? what : `${what} of ${code}`;
    throw new DomainError("LIMIT_EXCEEDED", `${subject} exceeds the exact planning range of ±${formatQuantity(MAX_MICRO)}`, { what: subject });
  }
  return micro;
}

/** Smallest multiple of `step` (> 0) that is ≥ `q` (≥ 0). */
export function roundUpTo(q: Micro, step: Micro): Micro {
  return checkExact(Math.ceil(q / step) * step, "a lot-sized quantity");
}

/**
 * A positive rational multiplier num/den in lowest terms, e.g. a BOM line's factor. `bigNum`/`bigDen`
 * hold the exact values; `num`/`den` the same as numbers, usable when `fast` (both are safe integers).
 */
export interface Ratio {
  readonly num: number;
  readonly den: number;
  readonly fast: boolean;
  readonly bigNum: bigint;
  readonly bigDen: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/**
 * The exact factor a BOM line applies to a parent quantity: quantityPer × (1 + scrapPct / 100) /
 * baseQuantity, from micro-units (scrapPct in micro-percent), as parsed by `parseQuantity`.
 */
export function bomFactor(quantityPer: Micro, scrapPct: Micro, baseQuantity: Micro = SCALE): Ratio {
  const num = BigInt(quantityPer) * (100n * BigInt(SCALE) + BigInt(scrapPct));
  const den = 100n * BigInt(SCALE) * BigInt(baseQuantity);
  const g = gcd(num, den);
  const bigNum = num / g;
  const bigDen = den / g;
  const max = BigInt(MAX_MICRO);
  return { num: Number(bigNum), den: Number(bigDen), fast: bigNum <= max && bigDen <= max, bigNum, bigDen };
}

/**
 * ceil(q × num / den), exactly, for q ≥ 0. When the product p = q × num is a safe integer the float
 * quotient p / den is correctly rounded and cannot land on the integer below a non-integer result (the
 * distance to it, ≥ 1/den, exceeds the rounding error, ≤ p·2^-53/den < 1/den), so Math.ceil is exact;
 * otherwise BigInt does it.
 */
export function mulCeil(q: Micro, r: Ratio): Micro {
  if (r.fast) {
    const p = q * r.num;
    if (p <= MAX_MICRO) return Math.ceil(p / r.den);
  }
  const big = (BigInt(q) * r.bigNum + r.bigDen - 1n) / r.bigDen;
  if (big > BigInt(MAX_MICRO)) checkExact(Infinity, "a dependent requirement");
  return Number(big);
}
