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
