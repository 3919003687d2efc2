import type { Principal } from "../../auth/principal";
import { assertVisible, canSee } from "../../auth/warehouse-scope";
import type { Database } from "../../db/database";
import { runCommand } from "../idempotency/command";
import { writeAudit } from "../security/audit";
import { badInput, DomainError, notFound } from "../shared/domain-error";
import { Decimal } from "../shared/quantity";
import { keyOf, namedIn, type Named, type Ref } from "../shared/ref";
import * as refs from "../stock/stock-refs";
import { assertOpen, invalidState, lockPurchaseOrder, statusFor } from "./purchase-order-lock";
import { findPurchaseOrders, purchaseOrderById } from "./purchase-order.queries";
import type { OrderFilter } from "../shared/order-page";

export type PurchaseOrderInput = Named<"material"> & Named<"warehouse"> & {
  number: string;
  quantity: string;
  dueDate: Date;
  supplier?: string | null;
};

/**
 * Purchase orders the ERP places (or changes, or cancels) on its side, kept in the hub as the scheduled
 * receipts MRP counts. Upserted by number; the ERP retries with idempotency keys. What was received
 * stays: an order cannot be cut below it, and cancelling a part-received order closes it at that.
 */
export class PurchaseOrderService {
  constructor(
    private readonly db: Database,
    private readonly ttlHours: number,
  ) {}

  /** A page of purchase orders, in id order. */
  find(filter: OrderFilter, afterId: number, limit: number) {
    return findPurchaseOrders(this.db.sql, filter, afterId, limit);
  }

  byId(id: number) {
    return purchaseOrderById(this.db.sql, id);
  }

  sync(input: PurchaseOrderInput, principal: Principal, key?: string | null) {
    return runCommand(this.db, { principal, operation: "syncPurchaseOrder", idempotencyKey: key, payload: input, ttlHours: this.ttlHours }, async (tx) => {
      const number = orderNumber(input.number);
      const m = await refs.material(tx, namedIn("Material", input, "material"));
      const w = await refs.warehouse(tx, namedIn("Warehouse", input, "warehouse"), principal);
      const quantity = refs.quantityOf(m, input.quantity);
      if (Number.isNaN(input.dueDate.getTime())) throw badInput("dueDate is not a date", { field: "dueDate" });
      const supplier = input.supplier?.trim() || null;
      if (supplier && supplier.length > 200) throw badInput("supplier is at most 200 characters", { field: "supplier" });
      const changes = { materialCode: m.code, warehouseCode: w.code, quantity: quantity.toFixed(), dueDate: input.dueDate.toISOString(), supplier };

      let current = await lockPurchaseOrder(tx, { code: number });
      if (!current) {
        const [created] = await tx.query<{ id: number }>(
          `INSERT INTO purchase_order (number, material_id, warehouse_id, quantity, due_date, supplier, created_by)
           VALUES ($1, $2, $3, $4::numeric, $5, $6, $7) ON CONFLICT (number) DO NOTHING RETURNING id`,
          [number, m.id, w.id, quantity.toFixed(6), input.dueDate, supplier, principal.id],
        );
        if (created) {
          await writeAudit(tx, principal, "PurchaseOrder", created.id, "create", { number, ...changes });
          return { purchaseOrderId: created.id, number, created: true };
        }
        // created by a concurrent request meanwhile: this one is an update of it
        current = (await lockPurchaseOrder(tx, { code: number }))!;
      }
      // the number is taken by an order the caller may not see: it cannot be created, nor shown
      if (!canSee(principal, current.warehouseCode)) throw new DomainError("FORBIDDEN", `purchase order ${number} belongs to a warehouse you may not use`);
      if (current.materialId !== m.id) throw badInput(`purchase order ${number} is for another material; its material cannot change`, { field: "materialCode" });
      if (current.warehouseId !== w.id) throw badInput(`purchase order ${number} is for another warehouse; its warehouse cannot change`, { field: "warehouseCode" });
      if (current.status === "CANCELLED") throw invalidState(current);
      if (quantity.lt(current.received)) {
        throw badInput(`purchase order ${number} has ${new Decimal(current.received).toFixed()} received already; its quantity cannot be less`, {
          field: "quantity",
          received: new Decimal(current.received).toFixed(),
        });
      }
      await tx.query(
        `UPDATE purchase_order SET quantity = $2::numeric, due_date = $3, supplier = $4, status = $5::"OrderStatus" WHERE id = $1`,
        [current.id, quantity.toFixed(6), input.dueDate, supplier, statusFor(quantity, current.received)],
      );
      await writeAudit(tx, principal, "PurchaseOrder", current.id, "update", changes);
      return { purchaseOrderId: current.id, number, created: false };
    });
  }

  /** Nothing more is coming: an order with nothing received is CANCELLED, a part-received one is closed at what came. */
  cancel(ref: Ref, principal: Principal, key?: string | null) {
    return runCommand(this.db, { principal, operation: "cancelPurchaseOrder", idempotencyKey: key, payload: ref, ttlHours: this.ttlHours }, async (tx) => {
      const current = await lockPurchaseOrder(tx, "id" in ref ? ref : { code: orderNumber(ref.code) });
      if (!current) throw notFound("PurchaseOrder", keyOf(ref));
      assertVisible(principal, current.warehouseCode, "PurchaseOrder", keyOf(ref));
      const { number } = current;
      assertOpen(current);
      const received = new Decimal(current.received);
      if (received.isZero()) await tx.query(`UPDATE purchase_order SET status = 'CANCELLED' WHERE id = $1`, [current.id]);
      else await tx.query(`UPDATE purchase_order SET quantity = received_quantity, status = 'RECEIVED' WHERE id = $1`, [current.id]);
      await writeAudit(tx, principal, "PurchaseOrder", current.id, "cancel", { number, received: received.toFixed() });
      return { purchaseOrderId: current.id, number, created: false };
    });
  }
}

function orderNumber(text: string): string {
  const number = text.trim();
  if (number === "" || number.length > 64) throw badInput("number must be 1 to 64 characters", { field: "number" });
  return number;
}
