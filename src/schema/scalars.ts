import { GraphQLError, GraphQLScalarType, Kind } from "graphql";

/**
 * Exact decimal quantities, as strings on the wire ("12.5"), never floats. Input accepts a string or
 * a number literal; anything that is not a plain finite decimal is refused here, before any resolver.
 * Precision per unit of measure is checked by the domain.
 */
const DECIMAL = /^-?\d{1,12}(\.\d{1,12})?$/;

function parseDecimal(value: unknown): string {
  const text = typeof value === "number" ? (Number.isFinite(value) ? String(value) : "") : typeof value === "string" ? value.trim() : "";
  if (!DECIMAL.test(text)) {
    throw new GraphQLError(`Decimal expects a plain decimal number such as "12.5", got ${JSON.stringify(value)}`, {
      extensions: { code: "BAD_USER_INPUT" },
    });
  }
  return text;
}

/** Canonical text: no exponent, no trailing zeros ("1.500000" → "1.5"). */
export function formatDecimal(value: unknown): string {
  const text = typeof value === "string" ? value : (value as { toFixed?: () => string }).toFixed?.() ?? String(value);
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}

export const DecimalScalar = new GraphQLScalarType({
  name: "Decimal",
  description: 'An exact decimal number, serialized as a string, e.g. "12.5"',
  serialize: formatDecimal,
  parseValue: parseDecimal,
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return parseDecimal(ast.value);
    throw new GraphQLError("Decimal expects a string or number literal", { extensions: { code: "BAD_USER_INPUT" } });
  },
});

/**
 * Calendar days (due dates, plan starts): "2026-12-22", as the graph prints plan dates and the ERP push
 * sends them. An ISO date-time is still accepted, for clients written against the earlier DateTimeISO
 * inputs, and counts as its UTC day. Parsed to the day's UTC midnight.
 */
const PLAIN_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})$/;

function parseDate(value: unknown): Date {
  const text = typeof value === "string" ? value.trim() : "";
  const plain = PLAIN_DATE.exec(text);
  if (plain) {
    const [year, month, day] = plain.slice(1).map(Number);
    const date = new Date(Date.UTC(year, month - 1, day));
    // Date.UTC rolls 2026-02-30 over into March: a day that does not exist comes back different
    if (date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day) return date;
  } else if (DATE_TIME.test(text) && !Number.isNaN(Date.parse(text))) {
    const at = new Date(text);
    return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  }
  throw new GraphQLError(`Date expects a calendar day such as "2026-12-22" (or an ISO date-time), got ${JSON.stringify(value)}`, {
    extensions: { code: "BAD_USER_INPUT" },
  });
}

export const formatDate = (value: Date) => value.toISOString().slice(0, 10);

export const DateScalar = new GraphQLScalarType({
  name: "Date",
  description: 'A calendar day, YYYY-MM-DD, e.g. "2026-12-22"; an ISO date-time is accepted as input too and counts as its UTC day',
  serialize: (value) => formatDate(value instanceof Date ? value : parseDate(value)),
  parseValue: parseDate,
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING) return parseDate(ast.value);
    throw new GraphQLError("Date expects a string literal such as \"2026-12-22\"", { extensions: { code: "BAD_USER_INPUT" } });
  },
});
