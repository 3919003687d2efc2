import { badInput } from "../shared/domain-error";
import { FieldChecks, type FieldError } from "../shared/field-errors";
import { parseQuantity, type Decimal } from "../shared/quantity";

export interface MaterialUnitInput { materialCode: string; uomCode: string; factor: string }

/** Reads an alternative unit: `factor` base units make one of it (> 0, at most 6 decimals). */
export function readMaterialUnit(input: MaterialUnitInput) {
  const c = new FieldChecks();
  const materialCode = c.code(input.materialCode, "materialCode");
  const uomCode = c.code(input.uomCode, "uomCode");
  const factor = c.decimal(input.factor, "factor");
  return { value: c.errors.length ? null : { materialCode: materialCode!, uomCode: uomCode!, factor: factor! }, errors: c.errors };
}

export const validateMaterialUnit = (input: MaterialUnitInput): FieldError[] => readMaterialUnit(input).errors;

/**
 * A quantity given in an alternative unit, in the base unit: `value` (at most the alternative unit's
 * decimals) × factor. Never rounded: a result finer than the base unit allows (half a piece) is
 * BAD_USER_INPUT naming the field.
 */
export function toBaseQuantity(
  value: string,
  unit: { uomCode: string; factor: string; precision: number },
  base: { uomCode: string; precision: number },
  rule: { field: string; allowZero?: boolean; allowNegative?: boolean },
): Decimal {
  const q = parseQuantity(value, { ...rule, precision: unit.precision });
  const converted = q.times(unit.factor);
  if (converted.decimalPlaces() > base.precision) {
    throw badInput(`${q.toFixed()} ${unit.uomCode} is ${converted.toFixed()} ${base.uomCode}, but ${base.uomCode} allows ${base.precision} decimal places`, {
      field: rule.field,
      precision: base.precision,
    });
  }
  return parseQuantity(converted, { ...rule, precision: base.precision });
}
