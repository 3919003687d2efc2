/** What other areas use of the work-orders area inside their transactions. */
export { WorkOrderService } from "./work-order.service";
export { issueToWorkOrder } from "./consumption";
export { assertStatus, lockWorkOrder, type LockedWorkOrder } from "./work-order-lock";
export { releaseShortfall, reReserveComponent, type ShortPick } from "./short-pick";
