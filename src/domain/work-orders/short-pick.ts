import type { Tx } from "../../db/transaction";
import { Decimal } from "../shared/quantity";
import * as stock from "../stock";
import { coverOpenNeeds } from "./cover-shortages";
import type { LockedWorkOrder } from "./work-order-lock";
import { shiftToShort } from "./work-order.store";

export interface ShortPick { material: { id: number; code: string }; locationId: number; lotId: number | null; short: Decimal }

/** Order states a pick list is confirmed in: a short pick can leave its order SHORT while the other lines are still to be picked. */
export const PICKABLE = ["RELEASED", "IN_PROGRESS", "SHORT"] as const;

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
 * After a short pick (the shortfall released, the bin's free stock booked off by the caller, so it cannot be
 * taken again): the order reserves what it still needs from free stock elsewhere and follows its shortage
 * policy (substitute → transfer → purchase) for the rest, each step an action on the short pick's SHORTAGE
 * exception, which is resolved when nothing stays short. Returns the order's status.
 */
export function coverShortPick(tx: Tx, wo: LockedWorkOrder, exceptionId: number, actor: string): Promise<string> {
  return coverOpenNeeds(tx, wo, actor, { exceptionId, covered: "reserved again elsewhere after the short pick" });
}
