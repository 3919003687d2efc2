import { FieldChecks, type FieldError } from "../shared/field-errors";

export interface SubstituteInput {
  materialCode: string;
  substituteCode: string;
  /** 1 = tried first */
  priority?: number | null;
  /** units of the substitute that replace one unit of the material (> 0) */
  ratio?: string | null;
  validFrom?: Date | string | null;
  validTo?: Date | string | null;
  /** only in this product's BOM */
  productCode?: string | null;
}

export function readSubstitute(input: SubstituteInput) {
  const c = new FieldChecks();
  const materialCode = c.code(input.materialCode, "materialCode");
  const substituteCode = c.code(input.substituteCode, "substituteCode");
  if (materialCode && materialCode === substituteCode) c.fail("substituteCode", "a material cannot substitute itself");
  const priority = c.int(input.priority ?? 1, "priority", 1, 1000);
  const ratio = c.decimal(input.ratio ?? "1", "ratio");
  const validFrom = input.validFrom == null ? null : c.date(input.validFrom, "validFrom");
  const validTo = input.validTo == null ? null : c.date(input.validTo, "validTo");
  if (validFrom && validTo && validTo <= validFrom) c.fail("validTo", "validTo must be after validFrom");
  const productCode = input.productCode == null ? null : c.code(input.productCode, "productCode");
  const value = c.errors.length
    ? null
    : { materialCode: materialCode!, substituteCode: substituteCode!, priority: priority!, ratio: ratio!, validFrom: validFrom ?? null, validTo: validTo ?? null, productCode: productCode ?? null };
  return { value, errors: c.errors };
}

export const validateSubstitute = (input: SubstituteInput): FieldError[] => readSubstitute(input).errors;
