import type { Tx } from "../../db/transaction";
import { DomainError } from "../shared/domain-error";
import type { Ref } from "../shared/ref";
import { Decimal } from "../shared/quantity";

export interface LockedPurchaseOrder {
  id: number;
  number: string;
  materialId: number;
  warehouseId: number;
  warehouseCode: string;
  quantity: string;
  received: string;
  status: string;
}

/** Locks a purchase order row (named by id or number): changes from the ERP and receipts against one order run one at a time. */
export async function lockPurchaseOrder(tx: Tx, ref: Ref): Promise<LockedPurchaseOrder | undefined> {
  const [row] = await tx.query<LockedPurchaseOrder>(
    `SELECT p.id, p.number, p.material_id AS "materialId", p.warehouse_id AS "warehouseId", w.code AS "warehouseCode",
            p.quantity::text, p.received_quantity::text AS received, p.status::text
       FROM purchase_order p JOIN warehouse w ON w.id = p.warehouse_id WHERE ${"id" in ref ? "p.id" : "p.number"} = $1 FOR UPDATE OF p`,
    ["id" in ref ? ref.id : ref.code],
  );
  return row;
}

export const invalidState = (o: LockedPurchaseOrder) =>
  new DomainError("INVALID_STATE", `purchase order ${o.number} is ${o.status.toLowerCase()}`, { status: o.status });

/** Goods may still come on an order that is OPEN or PARTIALLY_RECEIVED; any other is INVALID_STATE. */
export function assertOpen(o: LockedPurchaseOrder): void {
  if (o.status !== "OPEN" && o.status !== "PARTIALLY_RECEIVED") throw invalidState(o);
}

/** The status that follows from what was ordered and what was received. */
export const statusFor = (quantity: Decimal | string, received: Decimal | string) =>
  new Decimal(received).eq(quantity) ? "RECEIVED" : new Decimal(received).isZero() ? "OPEN" : "PARTIALLY_RECEIVED";
