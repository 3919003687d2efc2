import type { Principal } from "../../auth/principal";
import { canSee } from "../../auth/warehouse-scope";
import { assertOpen, lockPurchaseOrder, statusFor } from "./purchase-order-lock";
import { badInput, DomainError, notFound } from "../shared/domain-error";
import { Decimal } from "../shared/quantity";
import { keyOf, type Ref } from "../shared/ref";
import type { MaterialRef, WarehouseRef } from "../stock/stock-refs";
import type { Tx } from "../../db/transaction";

/**
 * Books a receipt against its purchase order, so that MRP stops counting the received part as a
 * scheduled receipt. The order row is locked: concurrent receipts against one order add up and never
 * exceed what was ordered. Returns the order's id for the ledger entry.
 */
export async function receiveAgainstPurchaseOrder(
  tx: Tx, ref: Ref, material: MaterialRef, warehouse: WarehouseRef, quantity: Decimal, principal: Principal,
): Promise<number> {
  const po = await lockPurchaseOrder(tx, ref);
  if (!po || !canSee(principal, po.warehouseCode)) throw notFound("PurchaseOrder", keyOf(ref));
  const { number } = po;
  if (po.materialId !== material.id) throw badInput(`purchase order ${number} is not for ${material.code}`, { field: "purchaseOrderNumber" });
  if (po.warehouseId !== warehouse.id) throw badInput(`purchase order ${number} is not for warehouse ${warehouse.code}`, { field: "purchaseOrderNumber" });
  assertOpen(po);
  const open = new Decimal(po.quantity).minus(po.received);
  if (quantity.gt(open)) {
    throw new DomainError("OVER_RECEIPT", `purchase order ${number} has ${open.toFixed()} left to receive, not ${quantity.toFixed()}`, {
      open: open.toFixed(),
      requested: quantity.toFixed(),
    });
  }
  const received = new Decimal(po.received).plus(quantity);
  await tx.query(`UPDATE purchase_order SET received_quantity = $2, status = $3::"OrderStatus" WHERE id = $1`, [po.id, received.toFixed(6), statusFor(po.quantity, received)]);
  return po.id;
}
