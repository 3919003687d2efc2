/**
 * MRP netting engine: pure planning over plain data (no database access).
 *
 *   const plan = planMrp({ materials, bomLines, demands, scheduledReceipts, parameters }, { onProgress });
 *   plan.plannedOrders / plan.purchaseSuggestions / plan.exceptions / plan.periods(materialId)
 *   const changes = diffPlans(currentPlan, whatIfPlan);
 */
export { planMrp } from "./plan-mrp";
export { diffPlans } from "./diff-plans";
export type { PlanDiff, SupplyChange, SupplyField } from "./diff-plans";
export { MAX_HORIZON_BUCKETS } from "./buckets";
export { MAX_PLANNED_SUPPLIES } from "./lot-size";
export { formatQuantity, parseQuantity } from "./quantity";
export * from "./mrp.types";
