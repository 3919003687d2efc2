import type { HubEvent, Topics } from "../../events/topics";
import type { ErpKind } from "../../runtime/erp-kinds";

/** One business fact the ERP is told of: its kind, the warehouse it concerns, its own idempotency key and its line (hub field names). */
export interface ErpFact {
  kind: ErpKind;
  warehouseCode: string;
  key: string;
  line: Record<string, unknown>;
}

/** The topics facts come from. */
export const FACT_TOPICS = ["stock.changed", "workOrder.changed", "purchase.requisitioned"] as const;

/** A stock movement type → the kind its entries are sent as, and the prefix of their keys. */
const STOCK_KINDS: Record<string, { kind: ErpKind; key: string } | undefined> = {
  RECEIPT: { kind: "goods-receipts", key: "goods-receipt" },
  PRODUCTION_RECEIPT: { kind: "production-receipts", key: "production-receipt" },
  SCRAP: { kind: "scrap", key: "scrap" },
  COUNT: { kind: "count-adjustments", key: "count-adjustment" },
};

/**
 * The facts an outbox event tells (none for most): a receipt against a purchase order, a production receipt,
 * scrap and a count's adjustment per ledger entry (keyed by the entry), a work order's completion (keyed by
 * the order, which completes once), a requisition (keyed by its requisition id). Pure.
 */
export function factsOf(event: HubEvent): ErpFact[] {
  switch (event.topic) {
    case "stock.changed":
      return stockFacts(event.payload as Topics["stock.changed"]);
    case "workOrder.changed": {
      const p = event.payload as Topics["workOrder.changed"];
      if (p.to !== "COMPLETED" || p.from === "COMPLETED") return [];
      const key = `work-order-confirmation-${p.workOrderId}`;
      return [{
        kind: "work-order-confirmations", warehouseCode: p.warehouseCode, key,
        line: {
          idempotencyKey: key, workOrderId: p.workOrderId, workOrderNumber: p.number, materialCode: p.materialCode, warehouseCode: p.warehouseCode,
          quantity: p.quantity, completedQuantity: p.completedQuantity, scrappedQuantity: p.scrappedQuantity, uom: p.uom,
        },
      }];
    }
    case "purchase.requisitioned": {
      const p = event.payload as Topics["purchase.requisitioned"];
      return [{
        kind: "purchase-requisitions", warehouseCode: p.warehouseCode, key: p.requisitionId,
        line: {
          idempotencyKey: p.requisitionId, requisitionId: p.requisitionId, materialCode: p.materialCode, warehouseCode: p.warehouseCode,
          quantity: p.quantity, neededBy: p.neededBy, reason: p.reason, ruleId: p.ruleId, sourceEventId: p.sourceEventId,
        },
      }];
    }
    default:
      return [];
  }
}

function stockFacts(p: Topics["stock.changed"]): ErpFact[] {
  const as = STOCK_KINDS[p.movementType];
  // a receipt is a goods receipt when it books a purchase order (others are the hub's own: openings, returns)
  if (!as || (as.kind === "goods-receipts" && p.purchaseOrderNumber === null)) return [];
  return p.entries.map((e) => {
    const key = `${as.key}-${e.entryId}`;
    const base = {
      idempotencyKey: key, entryId: e.entryId, materialCode: p.materialCode, warehouseCode: p.warehouseCode, locationCode: e.locationCode, lotCode: e.lotCode,
      // scrap leaves stock: the ERP is told how much was scrapped
      quantity: as.kind === "scrap" ? e.quantity.replace(/^-/, "") : e.quantity, uom: p.uom, postedAt: p.postedAt,
    };
    const extra =
      as.kind === "goods-receipts" ? { purchaseOrderNumber: p.purchaseOrderNumber }
      : as.kind === "production-receipts" ? { workOrderNumber: p.workOrderNumber }
      : as.kind === "scrap" ? { reasonCode: p.reasonCode }
      : { countSessionNumber: p.countSessionNumber };
    return { kind: as.kind, warehouseCode: p.warehouseCode, key, line: { ...base, ...extra } };
  });
}
