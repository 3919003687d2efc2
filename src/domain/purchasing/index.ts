/** The purchasing area's public face: its service (ctx.services.purchaseOrders) and the rows the graph shows. */
export { PurchaseOrderService, type PurchaseOrderInput } from "./purchase-order.service";
export type { PurchaseOrderRow } from "./purchase-order.queries";
export type { RequisitionInput } from "./purchase-requisition";
