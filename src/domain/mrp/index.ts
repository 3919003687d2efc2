/**
 * MRP netting engine: pure, synchronous planning over plain data (no database access, no I/O).
 *
 *   const plan = planMrp({ materials, bomLines, demands, scheduledReceipts, parameters }, { onProgress });
 *   planMrpInSteps(input)     the same run as a generator paused at each progress step (returns the plan)
 *   plan.plannedOrders        MAKE supply  { kind, materialId, quantity, releaseDate, dueDate, …, pegs }
 *   plan.purchaseSuggestions  BUY supply   (same shape; both arrays built on first access)
 *   plan.supplies()           both, streamed as objects the plan does not keep (bulk persistence)
 *   plan.exceptions           LATE | EXCESS | UNCOVERED_DEMAND
 *   plan.periods(materialId)  gross / scheduledReceipts / net / plannedReceipts / projectedAvailable /
 *                             plannedReleases per bucket
 *   planWarehouses(warehouses, lanes) several warehouses together: shortages covered by planned transfers
 *                             from other warehouses' surplus before anything is bought (plan-warehouses.ts)
 *   diffPlans(current, whatIf) → { added, removed, changed, unchanged }
 *   NetChangePlan.build(input)  a full run kept for net change: apply(materials' new data), replan() → changed ids;
 *                             add(material) / remove(id) for a material created or archived outside every BOM
 *
 * Rules, in one place:
 * - Quantities are decimal strings with ≤ 6 decimals, computed exactly in integer micro-units; the range
 *   is ±9 007 199 254.740991 per quantity and per sum (LIMIT_EXCEEDED beyond). Dependent requirements
 *   (release × quantityPer × (1 + scrap%/100)) are rounded up to the component's unit (a material's
 *   `precision`, default 6 decimals), per order and BOM line; net requirements are rounded up to it by lot
 *   sizing, so every planned quantity is a multiple of the unit (whole units for EA).
 * - Buckets start on the start date (DAY = 1 day, WEEK = 7 days; at most 366 / 104 buckets). Demand and
 *   scheduled receipts due before the start fall in bucket 0; receipts after the horizon are ignored,
 *   demand after it is not planned and raises UNCOVERED_DEMAND.
 * - Lead time: release date = due date − leadTimeDays, in bucket due − ceil(leadTimeDays / bucket days).
 *   A release before the start date is moved to it and raises LATE; the receipt stays when needed.
 * - Materials are netted once each, by low-level code (BOM_CYCLE on a cyclic BOM). Projected available is
 *   kept at or above safety stock; shortfalls are covered by lot-sized planned receipts.
 * - Pegging is FIFO in time per material; pegs carry top-level demand ids down the BOM. Supply beyond all
 *   requirements pegs to LOT_SIZE, safety stock refill to SAFETY_STOCK, reservations beyond stock to
 *   RESERVED, so an order's pegs always add up to its quantity.
 * - EXCESS: stock above safety stock at the end of the horizon by at least the policy's smallest lot
 *   (the most lot-size rounding can leave; for lot-for-lot and periods of supply the unit's smallest
 *   quantity, or any amount with 6 decimals).
 * - Bad input (BAD_USER_INPUT with details.field, BOM_CYCLE with details.path) is rejected before any
 *   planning; the input is never modified.
 */
export { planMrp, planMrpInSteps } from "./plan-mrp";
export { planWarehouses, planWarehousesInSteps, isTransferDemand } from "./plan-warehouses";
export type { PlannedTransfer, WarehouseInput, WarehousesPlan } from "./plan-warehouses";
export { MAX_TRANSIT_DAYS, type TransferLane } from "./transfer-lanes";
export { diffPlans } from "./diff-plans";
export { NetChangePlan, type MaterialChange, type NetChangeResult } from "./net-change";
export type { PlanDiff, SupplyChange, SupplyField } from "./diff-plans";
export { MAX_HORIZON_BUCKETS } from "./buckets";
export { MAX_PLANNED_SUPPLIES } from "./lot-size";
export { formatQuantity, parseQuantity } from "./quantity";
export * from "./mrp.types";
