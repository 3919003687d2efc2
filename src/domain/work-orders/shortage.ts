import { Decimal } from "../shared/quantity";
import { raiseException } from "../exceptions";
import type { Tx } from "../../db/transaction";
import type { Shortage } from "./reservation";
import { BALANCES_WITH_LOTS, USABLE_STOCK } from "../stock/usable-stock";

export interface ShortageSuggestion { component: string; kind: "SUBSTITUTE" | "TRANSFER"; materialCode: string; warehouseCode: string; quantity: string }

const FREE = `SELECT COALESCE(sum(b.on_hand - b.reserved), 0) FROM ${BALANCES_WITH_LOTS}
  WHERE b.material_id = $MAT AND l.warehouse_id = $WH AND ${USABLE_STOCK}`;

/**
 * Ways to cover a shortage: a substitute valid today (for any product, or for this work order's product)
 * free in the same warehouse, or the component free in another one.
 */
async function suggestionsFor(tx: Tx, s: Shortage, warehouseId: number, productId: number): Promise<ShortageSuggestion[]> {
  const subs = await tx.query<{ code: string; ratio: string; free: string; warehouseCode: string }>(
    `SELECT m.code, s.ratio::text AS ratio, w.code AS "warehouseCode", (${FREE.replace("$MAT", "s.substitute_id").replace("$WH", "$2")})::text AS free
       FROM substitute s JOIN material m ON m.id = s.substitute_id JOIN warehouse w ON w.id = $2 WHERE s.material_id = $1
        AND (s.valid_from IS NULL OR s.valid_from <= now()) AND (s.valid_to IS NULL OR s.valid_to > now()) AND (s.product_id IS NULL OR s.product_id = $3)
      ORDER BY s.priority`,
    [s.materialId, warehouseId, productId],
  );
  const elsewhere = await tx.query<{ code: string; free: string }>(
    `SELECT w.code, (${FREE.replace("$MAT", "$1").replace("$WH", "w.id")})::text AS free FROM warehouse w WHERE w.id <> $2 ORDER BY w.code`,
    [s.materialId, warehouseId],
  );
  return [
    ...subs.filter((x) => new Decimal(x.free).gte(s.short.mul(x.ratio))).map((x): ShortageSuggestion => ({
      component: s.code, kind: "SUBSTITUTE", materialCode: x.code, warehouseCode: x.warehouseCode, quantity: s.short.mul(x.ratio).toString(),
    })),
    ...elsewhere.filter((x) => new Decimal(x.free).gte(s.short)).map((x): ShortageSuggestion => ({
      component: s.code, kind: "TRANSFER", materialCode: s.code, warehouseCode: x.code, quantity: s.short.toString(),
    })),
  ];
}

/** Records a SHORTAGE exception with its details and suggestions (and so its outbox event), in the caller's transaction. */
export async function recordShortage(tx: Tx, wo: { id: number; number: string; materialId: number; warehouseId: number }, shortages: readonly Shortage[]): Promise<number> {
  const suggestions: ShortageSuggestion[] = [];
  for (const s of shortages) suggestions.push(...(await suggestionsFor(tx, s, wo.warehouseId, wo.materialId)));
  const details = {
    workOrder: wo.number,
    shortages: shortages.map((s) => ({ material: s.code, required: s.required.toString(), available: s.available.toString(), short: s.short.toString() })),
    suggestions,
  };
  const message = `work order ${wo.number} is short of ${shortages.map((s) => `${s.short} ${s.code}`).join(", ")}`;
  return raiseException(tx, { type: "SHORTAGE", message, details, materialId: wo.materialId, warehouseId: wo.warehouseId, workOrderId: wo.id });
}
