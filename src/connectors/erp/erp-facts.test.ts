import type { HubEvent, Topic, Topics } from "../../events/topics";
import { factsOf } from "./erp-facts";

const event = <T extends Topic>(topic: T, payload: Topics[T]): HubEvent => ({ id: 1, topic, payload, createdAt: new Date(0) });

const moved = (over: Partial<Topics["stock.changed"]>): Topics["stock.changed"] => ({
  warehouseId: 1, warehouseCode: "W1", materialId: 2, materialCode: "M", uom: "EA", movementType: "RECEIPT", quantity: "5", reasonCode: null,
  workOrderId: null, workOrderNumber: null, purchaseOrderId: null, purchaseOrderNumber: null, transferOrderId: null, countSessionId: null,
  countSessionNumber: null, postedAt: "2026-12-02T10:00:00.000Z", postedBy: "user:a",
  entries: [{ entryId: "11", locationCode: "A", lotCode: null, quantity: "2" }, { entryId: "12", locationCode: "B", lotCode: "L1", quantity: "3" }],
  ...over,
});

const order = (from: string | null, to: string): Topics["workOrder.changed"] => ({
  workOrderId: 7, number: "WO-000007", warehouseId: 1, warehouseCode: "W1", materialCode: "P", uom: "EA", from, to, quantity: "10", completedQuantity: "9", scrappedQuantity: "1",
});

test("a receipt is a goods receipt only against a purchase order, one fact per ledger entry", () => {
  expect(factsOf(event("stock.changed", moved({})))).toEqual([]);
  const facts = factsOf(event("stock.changed", moved({ purchaseOrderId: 3, purchaseOrderNumber: "PO-1" })));
  expect(facts.map((f) => [f.kind, f.key, f.warehouseCode])).toEqual([["goods-receipts", "goods-receipt-11", "W1"], ["goods-receipts", "goods-receipt-12", "W1"]]);
  expect(facts[1].line).toEqual({
    idempotencyKey: "goods-receipt-12", entryId: "12", materialCode: "M", warehouseCode: "W1", locationCode: "B", lotCode: "L1", quantity: "3", uom: "EA",
    postedAt: "2026-12-02T10:00:00.000Z", purchaseOrderNumber: "PO-1",
  });
});

test("scrap is told as the quantity scrapped; count adjustments keep their sign; other movements tell nothing", () => {
  const scrap = factsOf(event("stock.changed", moved({ movementType: "SCRAP", reasonCode: "DAMAGED", entries: [{ entryId: "5", locationCode: "A", lotCode: null, quantity: "-4" }] })));
  expect(scrap.map((f) => [f.key, f.line.quantity, f.line.reasonCode])).toEqual([["scrap-5", "4", "DAMAGED"]]);
  const count = factsOf(event("stock.changed", moved({ movementType: "COUNT", countSessionId: 4, countSessionNumber: "CS-4", entries: [{ entryId: "6", locationCode: "A", lotCode: null, quantity: "-3" }] })));
  expect(count.map((f) => [f.kind, f.key, f.line.quantity, f.line.countSessionNumber])).toEqual([["count-adjustments", "count-adjustment-6", "-3", "CS-4"]]);
  for (const movementType of ["ISSUE", "MOVE_OUT", "MOVE_IN", "TRANSFER_SHIP", "TRANSFER_RECEIVE", "ADJUSTMENT", "BACKFLUSH"]) {
    expect(factsOf(event("stock.changed", moved({ movementType, purchaseOrderNumber: "PO-1" })))).toEqual([]);
  }
});

test("a work order is confirmed when it completes, once", () => {
  expect(factsOf(event("workOrder.changed", order("IN_PROGRESS", "COMPLETED"))).map((f) => [f.kind, f.key, f.line.completedQuantity, f.line.scrappedQuantity])).toEqual([
    ["work-order-confirmations", "work-order-confirmation-7", "9", "1"],
  ]);
  expect(factsOf(event("workOrder.changed", order("COMPLETED", "CLOSED")))).toEqual([]);
  expect(factsOf(event("workOrder.changed", order(null, "RELEASED")))).toEqual([]);
});

test("a requisition goes under its requisition id", () => {
  const p = { requisitionId: "rule-3-event-99", materialCode: "M", warehouseCode: "W2", quantity: "40", neededBy: "2026-12-24", reason: "low", ruleId: 3, sourceEventId: 99 };
  expect(factsOf(event("purchase.requisitioned", p))).toEqual([{ kind: "purchase-requisitions", warehouseCode: "W2", key: "rule-3-event-99", line: { idempotencyKey: "rule-3-event-99", ...p } }]);
  expect(factsOf(event("stock.low", { materialId: 1, materialCode: "M", warehouseId: 1, warehouseCode: "W1", available: "1", safetyStock: "2" }))).toEqual([]);
});
