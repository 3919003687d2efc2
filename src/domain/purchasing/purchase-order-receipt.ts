import type { Principal } from "../../auth/principal";
import { canSee } from "../../auth/warehouse-scope";
import type { Tx } from "../../db/transaction";
import { badInput, notFound } from "../shared/domain-error";
import { Decimal } from "../shared/quantity";
import { keyOf } from "../shared/ref";
import type { PurchaseReceipt } from "../stock";
import { overReceipt } from "./purchase-order.errors";
import { assertOpen, statusFor } from "./purchase-order.rules";
import { lockPurchaseOrder, setReceived } from "./purchase-order.store";

/**
 * Books a receipt against its purchase order, so that MRP stops counting the received part as a
 * scheduled receipt. The order row is locked: concurrent receipts against one order add up and never
 * exceed what was ordered. Returns the order's id for the ledger entry.
 */
export async function receiveAgainstPurchaseOrder(tx: Tx, r: PurchaseReceipt, principal: Principal): Promise<number> {
  const { purchaseOrder: ref, material, warehouse, quantity } = r;
  const po = await lockPurchaseOrder(tx, ref);
  if (!po || !canSee(principal, po.warehouseCode)) throw notFound("PurchaseOrder", keyOf(ref));
  const { number } = po;
  if (po.materialId !== material.id) throw badInput(`purchase order ${number} is not for ${material.code}`, { field: "purchaseOrderNumber" });
  if (po.warehouseId !== warehouse.id) throw badInput(`purchase order ${number} is not for warehouse ${warehouse.code}`, { field: "purchaseOrderNumber" });
  assertOpen(po);
  const open = new Decimal(po.quantity).minus(po.received);
  if (quantity.gt(open)) throw overReceipt(number, open.toFixed(), quantity.toFixed());
  const received = new Decimal(po.received).plus(quantity);
  await setReceived(tx, po.id, received.toFixed(6), statusFor(po.quantity, received));
  return po.id;
}
