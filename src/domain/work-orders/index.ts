/**
 * The work-orders area's public face: its service (ctx.services.workOrders) and the rows the graph shows; for
 * other areas inside their transactions (pick lists): locking an order, issuing to it, handling a short pick.
 */
export { WorkOrderService, type CompleteOperationInput, type CreateWorkOrderInput, type OperationInput, type WorkOrderPolicy, type WorkOrderResult } from "./work-order.service";
export { suggestionsFor, type FreeStock, type ShortageSuggestion } from "./shortage.rules";
export type { OperationRow, SubstitutionRow, WorkOrderMaterialRow, WorkOrderRow } from "./work-order.queries";
export { issueToWorkOrder } from "./consumption";
export { assertStatus, lockWorkOrder, type LockedWorkOrder } from "./work-order-lock";
export { coverShortPick, PICKABLE, releaseShortfall, type ShortPick } from "./short-pick";
