import type { Principal } from "../../auth/principal";
import { assertVisible, canSee } from "../../auth/warehouse-scope";
import type { Database } from "../../db/database";
import type { Config } from "../../runtime/config";
import type { Tx } from "../../db/transaction";
import { writeEvent } from "../../events/outbox";
import { runCommand } from "../idempotency/command";
import { writeAudit } from "../security/audit";
import { badInput, notFound } from "../shared/domain-error";
import type { OrderFilter } from "../shared/order-page";
import { Decimal } from "../shared/quantity";
import { keyOf, namedIn, type Named, type Ref } from "../shared/ref";
import * as stock from "../stock";
import { receiveAgainstPurchaseOrder } from "./purchase-order-receipt";
import { requestRequisition, type RequisitionInput } from "./purchase-requisition";
import { findPurchaseOrders, purchaseOrderById } from "./purchase-order.queries";
import { assertOpen, statusFor } from "./purchase-order.rules";
import * as store from "./purchase-order.store";
import { numberOutOfScope, orderInState } from "./purchase-order.errors";

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
    private readonly policy: Pick<Config, "idempotencyTtlHours">,
  ) {}

  /** A page of purchase orders, in id order. */
  find(filter: OrderFilter, afterId: number, limit: number) {
    return findPurchaseOrders(this.db.sql, filter, afterId, limit);
  }

  byId(id: number) {
    return purchaseOrderById(this.db.sql, id);
  }

  /** A stock receipt naming a purchase order (see StockService.receive), inside its transaction; the order's id. */
  receiveAgainst(tx: Tx, receipt: stock.PurchaseReceipt, principal: Principal) {
    return receiveAgainstPurchaseOrder(tx, receipt, principal);
  }

  /** A purchase requisition asked of the ERP by hand (see purchase-requisition.ts). */
  requestRequisition(input: RequisitionInput, principal: Principal, key?: string | null) {
    return runCommand(this.db, { principal, operation: "requestPurchaseRequisition", idempotencyKey: key, payload: input, ttlHours: this.policy.idempotencyTtlHours }, (tx) =>
      requestRequisition(tx, input, principal),
    );
  }

  sync(input: PurchaseOrderInput, principal: Principal, key?: string | null) {
    return runCommand(this.db, { principal, operation: "syncPurchaseOrder", idempotencyKey: key, payload: input, ttlHours: this.policy.idempotencyTtlHours }, async (tx) => {
      const number = orderNumber(input.number);
      const m = await stock.material(tx, namedIn("Material", input, "material"));
      const w = await stock.warehouse(tx, namedIn("Warehouse", input, "warehouse"), principal);
      const quantity = stock.quantityOf(m, input.quantity);
      if (Number.isNaN(input.dueDate.getTime())) throw badInput("dueDate is not a date", { field: "dueDate" });
      const supplier = input.supplier?.trim() || null;
      if (supplier && supplier.length > 200) throw badInput("supplier is at most 200 characters", { field: "supplier" });
      const changes = { materialCode: m.code, warehouseCode: w.code, quantity: quantity.toFixed(), dueDate: input.dueDate.toISOString(), supplier };

      let current = await store.lockPurchaseOrder(tx, { code: number });
      if (!current) {
        const id = await store.insertPurchaseOrder(tx, { number, materialId: m.id, warehouseId: w.id, quantity: quantity.toFixed(6), dueDate: input.dueDate, supplier, createdBy: principal.id });
        if (id !== null) {
          await writeAudit(tx, principal, "PurchaseOrder", id, "create", { number, ...changes });
          await supplyChanged(tx, w.id, w.code, m.id);
          return { purchaseOrderId: id, number, created: true };
        }
        // created by a concurrent request meanwhile: this one is an update of it
        current = (await store.lockPurchaseOrder(tx, { code: number }))!;
      }
      if (!canSee(principal, current.warehouseCode)) throw numberOutOfScope(number);
      if (current.materialId !== m.id) throw badInput(`purchase order ${number} is for another material; its material cannot change`, { field: "materialCode" });
      if (current.warehouseId !== w.id) throw badInput(`purchase order ${number} is for another warehouse; its warehouse cannot change`, { field: "warehouseCode" });
      if (current.status === "CANCELLED") throw orderInState(current);
      if (quantity.lt(current.received)) {
        throw badInput(`purchase order ${number} has ${new Decimal(current.received).toFixed()} received already; its quantity cannot be less`, {
          field: "quantity",
          received: new Decimal(current.received).toFixed(),
        });
      }
      await store.updatePurchaseOrder(tx, current.id, { quantity: quantity.toFixed(6), dueDate: input.dueDate, supplier, status: statusFor(quantity, current.received) });
      await writeAudit(tx, principal, "PurchaseOrder", current.id, "update", changes);
      await supplyChanged(tx, w.id, w.code, m.id);
      return { purchaseOrderId: current.id, number, created: false };
    });
  }

  /** Nothing more is coming: an order with nothing received is CANCELLED, a part-received one is closed at what came. */
  cancel(ref: Ref, principal: Principal, key?: string | null) {
    return runCommand(this.db, { principal, operation: "cancelPurchaseOrder", idempotencyKey: key, payload: ref, ttlHours: this.policy.idempotencyTtlHours }, async (tx) => {
      const current = await store.lockPurchaseOrder(tx, "id" in ref ? ref : { code: orderNumber(ref.code) });
      if (!current) throw notFound("PurchaseOrder", keyOf(ref));
      assertVisible(principal, current.warehouseCode, "PurchaseOrder", keyOf(ref));
      const { number } = current;
      assertOpen(current);
      const received = new Decimal(current.received);
      if (received.isZero()) await store.markCancelled(tx, current.id);
      else await store.closeAtReceived(tx, current.id);
      await writeAudit(tx, principal, "PurchaseOrder", current.id, "cancel", { number, received: received.toFixed() });
      await supplyChanged(tx, current.warehouseId, current.warehouseCode, current.materialId);
      return { purchaseOrderId: current.id, number, created: false };
    });
  }
}

/** An open order is supply MRP plans with: net-change planning re-plans its material. */
const supplyChanged = (tx: Tx, warehouseId: number, warehouseCode: string, materialId: number) =>
  writeEvent(tx, "planning.inputChanged", { warehouseId, warehouseCode, materialIds: [materialId], cause: "SUPPLY" });

function orderNumber(text: string): string {
  const number = text.trim();
  if (number === "" || number.length > 64) throw badInput("number must be 1 to 64 characters", { field: "number" });
  return number;
}
