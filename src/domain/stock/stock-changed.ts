import { writeEvents } from "../../events/outbox";
import type { Topics } from "../../events/topics";
import type { Tx } from "../../db/transaction";
import { Decimal } from "../shared/quantity";
import type { PostedEntry } from "./ledger.store";

/**
 * Writes `stock.changed` for entries just posted (as the ledger's insert returned them): one event per warehouse, material, movement type and the
 * order or count they name — so one per material of a command, not one per ledger row (a FEFO issue over three
 * lots is one event with three entries; a move is two, out and in).
 */
export async function emitStockChanged(tx: Tx, posted: readonly PostedEntry[]): Promise<void> {
  if (posted.length === 0) return;
  const groups = new Map<string, PostedEntry[]>();
  for (const e of posted) {
    const key = [e.warehouseId, e.materialId, e.type, e.reasonCode, e.workOrderId, e.purchaseOrderId, e.transferOrderId, e.countSessionId].join(":");
    const group = groups.get(key);
    if (group) group.push(e);
    else groups.set(key, [e]);
  }
  await writeEvents(tx, "stock.changed", [...groups.values()].map(eventOf));
}

function eventOf(entries: readonly PostedEntry[]): Topics["stock.changed"] {
  const [e] = entries;
  const quantity = entries.reduce((sum, x) => sum.plus(x.quantity), new Decimal(0));
  return {
    warehouseId: e.warehouseId, warehouseCode: e.warehouseCode, materialId: e.materialId, materialCode: e.materialCode, uom: e.uom,
    movementType: e.type, quantity: quantity.toFixed(), reasonCode: e.reasonCode,
    workOrderId: e.workOrderId, workOrderNumber: e.workOrderNumber, purchaseOrderId: e.purchaseOrderId, purchaseOrderNumber: e.purchaseOrderNumber,
    transferOrderId: e.transferOrderId, countSessionId: e.countSessionId, countSessionNumber: e.countSessionNumber,
    postedAt: e.postedAt, postedBy: e.postedBy,
    entries: entries.map((x) => ({ entryId: x.entryId, locationCode: x.locationCode, lotCode: x.lotCode, quantity: new Decimal(x.quantity).toFixed() })),
  };
}
