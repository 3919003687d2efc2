import type { PlanState } from "./plan-state";
import { mulCeil, roundUpTo, type Ratio } from "./quantity";

/** The component requirement of `parentQty` of its parent through a BOM line's factor, rounded up to the component's unit. */
export const requiredUpTo = (parentQty: number, factor: Ratio, unit: number): number =>
  unit === 1 ? mulCeil(parentQty, factor) : roundUpTo(mulCeil(parentQty, factor), unit);

/**
 * Explodes the planned orders of a MAKE material m (netted and pegged) into requirements of its
 * components, due in each order's release bucket: quantity × quantityPer × (1 + scrap%/100) / base
 * quantity, rounded up to the component's unit (the micro-unit for 6 decimals) per order and BOM line, as
 * a work order for it would require. The requirement is split over the order's pegs so that
 * component supply can be pegged to the same top-level demands: the share of the k-th peg is
 * ceil(C_k·f) − ceil(C_{k−1}·f) with C_k the running sum of peg quantities (ceil to the unit), which sums
 * exactly to the rounded-up total ceil(quantity·f) and never rounds a share below zero.
 */
export function explodeMaterial(s: PlanState, m: number): void {
  const { input } = s;
  const lineEnd = input.lineStart[m + 1];
  if (!input.isMake[m] || input.lineStart[m] === lineEnd) return;
  const release = s.orderRelease.data;
  const pegStart = s.pegStart.data;
  const pegEnd = s.pegEnd.data;
  const pegDemand = s.pegDemand.data;
  const pegQty = s.pegQty.data;
  for (let o = s.firstOrder[m]; o < s.endOrder[m]; o++) {
    const bucket = release[o];
    for (let l = input.lineStart[m]; l < lineEnd; l++) {
      const component = input.lineComponent[l];
      const factor = input.lineFactor[l];
      const unit = input.unit[component];
      let cumulative = 0;
      let covered = 0;
      for (let p = pegStart[o]; p < pegEnd[o]; p++) {
        cumulative += pegQty[p];
        const upTo = requiredUpTo(cumulative, factor, unit);
        if (upTo > covered) {
          s.addRequirement(component, bucket, pegDemand[p], upTo - covered);
          covered = upTo;
        }
      }
      s.addGross(component, bucket, covered);
    }
  }
}
