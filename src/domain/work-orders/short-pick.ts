import type { Tx } from "../../db/transaction";
import { Decimal } from "../shared/quantity";
import * as stock from "../stock";
import type { LockedWorkOrder } from "./work-order-lock";
import { componentLine, shiftToShort } from "./work-order.store";

export interface ShortPick { material: { id: number; code: string }; locationId: number; lotId: number | null; short: Decimal }

/**
 * A pick of a locked work order's component came up `short` at a location: what is reserved there for it
 * is released (up to the shortfall) and the component line shows it as short. Returns what was released.
 */
export async function releaseShortfall(tx: Tx, wo: LockedWorkOrder, s: ShortPick): Promise<Decimal> {
  const released = await stock.releaseReservedAt(tx, { workOrderId: wo.id, materialId: s.material.id, locationId: s.locationId, lotId: s.lotId }, s.short);
  if (released.gt(0)) await shiftToShort(tx, wo.id, s.material.id, released.toFixed(6));
  return released;
}

/**
 * The work order's re-reservation of one component: what it still needs (required − reserved − issued) is
 * reserved from free stock elsewhere in the warehouse (not at `excludeLocationIds`), all of it or nothing.
 * Returns whether it was covered; when not, the line stays short for the shortage policy.
 */
export async function reReserveComponent(tx: Tx, wo: LockedWorkOrder, material: { id: number; code: string }, excludeLocationIds: readonly number[] = []): Promise<boolean> {
  const line = await componentLine(tx, wo.id, material.id);
  if (!line) return true;
  const need = new Decimal(line.required).minus(line.reserved).minus(line.issued);
  if (need.lte(0)) return true;
  const plan = await stock.planReservation(tx, wo.warehouseId, [{ materialId: material.id, code: material.code, quantity: need, hasSafetyStock: true }], excludeLocationIds);
  if (plan.shortages.length > 0) return false;
  await stock.reserve(tx, wo.id, wo.warehouseId, plan.takes);
  await shiftToShort(tx, wo.id, material.id, need.neg().toFixed(6));
  return true;
}
