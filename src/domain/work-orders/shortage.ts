import type { Tx } from "../../db/transaction";
import { substitutesValidNow } from "../bom/bom.store";
import { raise } from "../exceptions/exception.store";
import * as stock from "../stock";
import { suggestionsFor, type ShortageSuggestion } from "./shortage.rules";

export type { ShortageSuggestion };

export interface ShortOrder { id: number; number: string; materialId: number; warehouseId: number }

/** Ways to cover each shortage: valid substitutes free in the order's warehouse, the component free elsewhere. */
export async function suggestionsOf(tx: Tx, wo: ShortOrder, shortages: readonly stock.Shortage[]): Promise<ShortageSuggestion[]> {
  if (shortages.length === 0) return [];
  const substitutes = await substitutesValidNow(tx, shortages.map((s) => s.materialId), wo.materialId);
  const free = await stock.usableFreeByWarehouse(tx, [...shortages.map((s) => s.materialId), ...substitutes.map((x) => x.substituteId)]);
  return shortages.flatMap((s) => suggestionsFor(s, wo.warehouseId, substitutes.filter((x) => x.materialId === s.materialId), free));
}

export const describeShortages = (shortages: readonly stock.Shortage[]) =>
  shortages.map((s) => ({ material: s.code, required: s.required.toString(), available: s.available.toString(), short: s.short.toString() }));

export const shortageMessage = (wo: { number: string }, shortages: readonly stock.Shortage[]) =>
  `work order ${wo.number} is short of ${shortages.map((s) => `${s.short} ${s.code}`).join(", ")}`;

/** Records a SHORTAGE exception with its details and suggestions (and so its outbox event), in the caller's transaction. */
export async function recordShortage(tx: Tx, wo: ShortOrder, shortages: readonly stock.Shortage[]): Promise<number> {
  const details = { workOrder: wo.number, shortages: describeShortages(shortages), suggestions: await suggestionsOf(tx, wo, shortages) };
  return raise(tx, { type: "SHORTAGE", message: shortageMessage(wo, shortages), details, materialId: wo.materialId, warehouseId: wo.warehouseId, workOrderId: wo.id });
}
