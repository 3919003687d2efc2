/**
 * The inventory-policy area's public face: its service (ctx.services.inventoryPolicies), the schedule that
 * recomputes, and the rows the graph shows.
 */
export { InventoryPolicyService, type EffectiveSettings, type Recomputation, type RecomputeInput } from "./inventory-policy.service";
export { InventoryPolicySchedule } from "./recompute-schedule";
export type { SettingsInput } from "./classification-settings";
export type { ChangeRow, PolicyRow } from "./inventory-policy.store";
