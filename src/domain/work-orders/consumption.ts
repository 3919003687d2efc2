import type { Principal } from "../../auth/principal";
import type { Tx } from "../../db/transaction";
import { badInput } from "../shared/domain-error";
import { Decimal } from "../shared/quantity";
import * as stock from "../stock";
import { overIssue } from "./work-order.errors";
import { assertStatus, lockWorkOrder, type LockedWorkOrder } from "./work-order-lock";
import * as store from "./work-order.store";

/** A manual issue against a work order: within what it may use (reserved + tolerance), or OVER_ISSUE; `statuses`: the order states it may be in (default RELEASED, IN_PROGRESS). */
export async function issueToWorkOrder(
  tx: Tx, req: stock.WorkOrderIssue & { tolerancePct: number; statuses?: readonly string[] }, principal: Principal,
): Promise<stock.MovementResult> {
  const wo = await lockWorkOrder(tx, req.workOrder, principal);
  if (wo.warehouseId !== req.warehouse.id) throw badInput(`work order ${wo.number} is in warehouse ${wo.warehouseCode}`, { field: "warehouseCode" });
  assertStatus(wo, req.statuses ?? ["RELEASED", "IN_PROGRESS"], "issue to");
  const limit = await componentLimit(tx, wo, req.material, req.tolerancePct);
  if (limit.issued.plus(req.quantity).gt(limit.allowed)) {
    throw overIssue(`issuing ${req.quantity} ${req.material.code} would exceed what work order ${wo.number} may use`, {
      requested: req.quantity.toString(), issued: limit.issued.toString(), allowed: limit.allowed.toString(),
    });
  }
  const { entries, reservedChanges } = await consume(tx, wo, { ...req, type: "ISSUE" });
  return { entryIds: await stock.postMovement(tx, entries, principal.id, reservedChanges), workOrderId: wo.id };
}

/** Required × (1 + tolerance) and what is already issued, for one component of a locked order. */
export async function componentLimit(tx: Tx, wo: LockedWorkOrder, material: { id: number; code: string }, tolerancePct: number) {
  const line = await store.componentLine(tx, wo.id, material.id);
  if (!line) throw badInput(`${material.code} is not a component of work order ${wo.number}`, { field: "materialCode" });
  return { allowed: new Decimal(line.required).mul(100 + tolerancePct).div(100), issued: new Decimal(line.issued) };
}

/**
 * Takes a component out of stock for a locked work order (its reservations first, see stock.takeForWorkOrder)
 * and books it on the order's line. The caller posts the returned entries, so a command consuming several
 * components appends to the ledger once, at its end.
 */
export async function consume(tx: Tx, wo: LockedWorkOrder, c: stock.Consumption): Promise<stock.Posting> {
  const { fromReserved, ...posting } = await stock.takeForWorkOrder(tx, wo, c);
  await store.addIssued(tx, wo.id, c.material.id, c.quantity.toFixed(6), fromReserved.toFixed(6));
  return posting;
}
