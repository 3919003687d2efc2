/** The work-orders area's public face: its service (ctx.services.workOrders) and the rows the graph shows. */
export { WorkOrderService, type CompleteOperationInput, type CreateWorkOrderInput, type OperationInput, type WorkOrderPolicy, type WorkOrderResult } from "./work-order.service";
export { suggestionsFor, type FreeStock, type ShortageSuggestion } from "./shortage.rules";
export type { OperationRow, WorkOrderMaterialRow, WorkOrderRow } from "./work-order.queries";
