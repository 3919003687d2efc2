import { FieldChecks, type FieldError } from "../shared/field-errors";

export interface UnitInput { code: string; name: string; precision: number }

/** Reads a unit: a code, a name and a precision of 0 (pieces) to 6 decimals. */
export function readUnit(input: UnitInput): { value: UnitInput | null; errors: FieldError[] } {
  const c = new FieldChecks();
  const code = c.code(input.code, "code");
  const name = c.text(input.name, "name", 100);
  const precision = c.int(input.precision, "precision", 0, 6);
  return { value: c.errors.length ? null : { code: code!, name: name!, precision: precision! }, errors: c.errors };
}

export const validateUnit = (input: UnitInput): FieldError[] => readUnit(input).errors;
