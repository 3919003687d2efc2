import { FieldChecks, type FieldError } from "../shared/field-errors";
import type { Decimal } from "../shared/quantity";

export interface BomLineValuesInput {
  quantityPer: string;
  scrapPct?: string | null;
  operationSeq?: number | null;
  validFrom?: Date | null;
  validTo?: Date | null;
}

export interface BomLineValues { quantityPer: Decimal; scrapPct: Decimal; operationSeq: number | null; validFrom: Date | null; validTo: Date | null }

/** At most this many lines in one BOM. */
export const MAX_BOM_LINES = 500;

/**
 * A BOM's values (its components are resolved by the service): a base quantity, 1-500 lines each with a
 * quantity per, a scrap % below 100, an optional operation that consumes it and an optional validity.
 */
export function readBom(input: { baseQuantity: string; lines: readonly BomLineValuesInput[] }): { value: { baseQuantity: Decimal; lines: BomLineValues[] } | null; errors: FieldError[] } {
  const c = new FieldChecks();
  const baseQuantity = c.decimal(input.baseQuantity, "baseQuantity");
  if (input.lines.length > MAX_BOM_LINES) c.fail("lines", `a BOM has at most ${MAX_BOM_LINES} lines`);
  const lines = input.lines.map((line, i) => {
    const field = `lines[${i}]`;
    const quantityPer = c.decimal(line.quantityPer, `${field}.quantityPer`);
    const scrapPct = c.decimal(line.scrapPct ?? "0", `${field}.scrapPct`, { precision: 4, allowZero: true });
    if (scrapPct?.greaterThanOrEqualTo(100)) c.fail(`${field}.scrapPct`, "scrapPct must be below 100");
    if (line.validFrom && line.validTo && line.validTo <= line.validFrom) c.fail(`${field}.validTo`, "validTo must be after validFrom");
    if (line.operationSeq != null && (!Number.isInteger(line.operationSeq) || line.operationSeq < 1)) c.fail(`${field}.operationSeq`, "operationSeq must be a positive whole number");
    return { quantityPer: quantityPer!, scrapPct: scrapPct!, operationSeq: line.operationSeq ?? null, validFrom: line.validFrom ?? null, validTo: line.validTo ?? null };
  });
  return { value: c.errors.length ? null : { baseQuantity: baseQuantity!, lines }, errors: c.errors };
}

export const validateBom = (input: { baseQuantity: string; lines: readonly BomLineValuesInput[] }): FieldError[] => readBom(input).errors;
