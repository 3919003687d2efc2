import { writeEvent } from "../../events/outbox";
import { Decimal } from "../shared/quantity";
import type { Tx } from "../../db/transaction";
import { BALANCES_WITH_LOTS, USABLE_STOCK } from "./usable-stock";

/** A change of available stock (on hand − reserved) of a material in a warehouse. */
export interface AvailabilityDrop { materialId: number; warehouseId: number; delta: Decimal }

/**
 * Writes a `stock.low` outbox event for each material whose available stock in a warehouse crossed below
 * its safety stock with this change (was at or above it before, is below it now).
 */
export async function emitLowStock(tx: Tx, changes: readonly AvailabilityDrop[]): Promise<void> {
  const net = new Map<string, AvailabilityDrop>();
  for (const c of changes) {
    const k = `${c.materialId}:${c.warehouseId}`;
    const d = net.get(k);
    net.set(k, d ? { ...d, delta: d.delta.plus(c.delta) } : c);
  }
  const falling = [...net.values()].filter((d) => d.delta.isNegative());
  if (falling.length === 0) return;
  const rows = await tx.query<{ materialId: number; materialCode: string; warehouseId: number; warehouseCode: string; available: string; safetyStock: string }>(
    `SELECT m.id AS "materialId", m.code AS "materialCode", w.id AS "warehouseId", w.code AS "warehouseCode", m.safety_stock::text AS "safetyStock",
            COALESCE((SELECT sum(b.on_hand - b.reserved) FROM ${BALANCES_WITH_LOTS}
                       WHERE b.material_id = m.id AND l.warehouse_id = w.id AND ${USABLE_STOCK}), 0)::text AS available
       FROM unnest($1::int[], $2::int[]) AS u(m, w) JOIN material m ON m.id = u.m JOIN warehouse w ON w.id = u.w WHERE m.safety_stock > 0`,
    [falling.map((d) => d.materialId), falling.map((d) => d.warehouseId)],
  );
  for (const r of rows) {
    const after = new Decimal(r.available);
    const before = after.minus(net.get(`${r.materialId}:${r.warehouseId}`)!.delta);
    if (before.gte(r.safetyStock) && after.lt(r.safetyStock)) {
      await writeEvent(tx, "stock.low", { ...r, available: after.toString(), safetyStock: new Decimal(r.safetyStock).toString() });
    }
  }
}
