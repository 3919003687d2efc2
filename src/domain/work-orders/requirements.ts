import { extendQuantity, type BomEdge } from "../bom/explode-bom";
import { Decimal } from "../shared/quantity";

export interface ComponentLine extends BomEdge {
  componentCode: string;
  /** decimals of the component's unit: requirements are rounded up to it (no 6.12 screws) */
  precision: number;
  hasSafetyStock: boolean;
}

export interface Requirement {
  materialId: number;
  code: string;
  required: Decimal;
  /** the operation that consumes it */
  operationSeq: number;
  hasSafetyStock: boolean;
}

/**
 * One-level requirements of a work order: quantity × quantity per × (1 + scrap %), rounded up to the
 * component's unit, linked to the BOM line's operation when the order has it, else to the last operation.
 * A component on several lines is one requirement (at the earliest of its operations).
 */
export function componentRequirements(lines: readonly ComponentLine[], quantity: Decimal, operationSeqs: readonly number[]): Requirement[] {
  const last = Math.max(...operationSeqs);
  const byMaterial = new Map<number, Requirement>();
  for (const line of lines) {
    const required = extendQuantity(quantity, line).toDecimalPlaces(line.precision, Decimal.ROUND_UP);
    const operationSeq = line.operationSeq !== null && operationSeqs.includes(line.operationSeq) ? line.operationSeq : last;
    const seen = byMaterial.get(line.componentId);
    byMaterial.set(line.componentId, seen
      ? { ...seen, required: seen.required.plus(required), operationSeq: Math.min(seen.operationSeq, operationSeq) }
      : { materialId: line.componentId, code: line.componentCode, required, operationSeq, hasSafetyStock: line.hasSafetyStock });
  }
  return [...byMaterial.values()];
}

/** What completing `done` (good + scrap) of an order of `orderQuantity` consumes of a requirement. */
export function backflushQuantity(required: Decimal, done: Decimal, orderQuantity: Decimal, precision: number): Decimal {
  return required.mul(done).div(orderQuantity).toDecimalPlaces(precision, Decimal.ROUND_HALF_UP);
}
