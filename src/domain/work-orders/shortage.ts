import type { Tx } from "../../db/transaction";
import { substitutesValidNow } from "../bom/bom.store";
import { raiseException } from "../exceptions";
import * as stock from "../stock";
import { suggestionsFor, type ShortageSuggestion } from "./shortage.rules";

export type { ShortageSuggestion };

/** Records a SHORTAGE exception with its details and suggestions (and so its outbox event), in the caller's transaction. */
export async function recordShortage(tx: Tx, wo: { id: number; number: string; materialId: number; warehouseId: number }, shortages: readonly stock.Shortage[]): Promise<number> {
  const substitutes = await substitutesValidNow(tx, shortages.map((s) => s.materialId), wo.materialId);
  const free = await stock.usableFreeByWarehouse(tx, [...shortages.map((s) => s.materialId), ...substitutes.map((x) => x.substituteId)]);
  const suggestions = shortages.flatMap((s) => suggestionsFor(s, wo.warehouseId, substitutes.filter((x) => x.materialId === s.materialId), free));
  const details = {
    workOrder: wo.number,
    shortages: shortages.map((s) => ({ material: s.code, required: s.required.toString(), available: s.available.toString(), short: s.short.toString() })),
    suggestions,
  };
  const message = `work order ${wo.number} is short of ${shortages.map((s) => `${s.short} ${s.code}`).join(", ")}`;
  return raiseException(tx, { type: "SHORTAGE", message, details, materialId: wo.materialId, warehouseId: wo.warehouseId, workOrderId: wo.id });
}
