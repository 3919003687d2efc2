import { writeEvent } from "../../events/outbox";
import { Decimal } from "../shared/quantity";
import type { Tx } from "../../db/transaction";
import { safetyStockLevels } from "./balance.store";

/** A change of available stock (on hand − reserved) of a material in a warehouse. */
export interface AvailabilityDrop { materialId: number; warehouseId: number; delta: Decimal }

/**
 * Writes a `stock.low` outbox event for each material whose available stock in a warehouse crossed below
 * its reorder point with this change (was at or above it before, is below it now): the one computed for the
 * warehouse (src/domain/inventory-policy) where there is one, else the material's safety stock.
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
  const rows = await safetyStockLevels(tx, falling);
  for (const r of rows) {
    const after = new Decimal(r.available);
    const before = after.minus(net.get(`${r.materialId}:${r.warehouseId}`)!.delta);
    if (before.gte(r.reorderPoint) && after.lt(r.reorderPoint)) {
      await writeEvent(tx, "stock.low", {
        ...r, available: after.toString(), safetyStock: new Decimal(r.safetyStock).toString(), reorderPoint: new Decimal(r.reorderPoint).toString(),
      });
    }
  }
}
