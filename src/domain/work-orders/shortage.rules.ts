import type { ValidSubstitute } from "../bom/bom.store";
import { Decimal } from "../shared/quantity";
import type { Shortage } from "../stock";

/**
 * A way to cover a shortage. SUBSTITUTE and TRANSFER: where stock is free (SUGGEST_ONLY); PURCHASE and EXPEDITE:
 * what the AUTO policy leaves to buying (an expedite names the open purchase order to hurry).
 */
export interface ShortageSuggestion {
  component: string;
  kind: "SUBSTITUTE" | "TRANSFER" | "PURCHASE" | "EXPEDITE";
  materialCode: string;
  warehouseCode: string;
  quantity: string;
  purchaseOrderNumber?: string;
}

/** Usable free stock of a material in a warehouse. */
export interface FreeStock { materialId: number; warehouseId: number; warehouseCode: string; free: string }

/**
 * Ways to cover a shortage in `warehouseId`: a substitute valid today (by priority) free there for short × ratio,
 * then the component itself free for the whole short in another warehouse (by code).
 */
export function suggestionsFor(s: Shortage, warehouseId: number, substitutes: readonly Pick<ValidSubstitute, "substituteId" | "substituteCode" | "ratio">[], free: readonly FreeStock[]): ShortageSuggestion[] {
  const freeOf = (materialId: number) => free.filter((f) => f.materialId === materialId);
  const bySubstitute = substitutes.flatMap((x): ShortageSuggestion[] => {
    const need = s.short.mul(x.ratio);
    const here = freeOf(x.substituteId).find((f) => f.warehouseId === warehouseId);
    return here && new Decimal(here.free).gte(need)
      ? [{ component: s.code, kind: "SUBSTITUTE", materialCode: x.substituteCode, warehouseCode: here.warehouseCode, quantity: need.toString() }]
      : [];
  });
  const byTransfer = freeOf(s.materialId)
    .filter((f) => f.warehouseId !== warehouseId && new Decimal(f.free).gte(s.short))
    .map((f): ShortageSuggestion => ({ component: s.code, kind: "TRANSFER", materialCode: s.code, warehouseCode: f.warehouseCode, quantity: s.short.toString() }));
  return [...bySubstitute, ...byTransfer];
}
