/**
 * The inventory-policy area's public face: its service (ctx.services.inventoryPolicies), the schedule that
 * recomputes, and the rows the graph shows.
 */
export { InventoryPolicyService, type EffectiveSettings } from "./inventory-policy.service";
export { InventoryPolicySchedule } from "./recompute-schedule";
export type { ChangeRow, PolicyRow } from "./inventory-policy.store";
