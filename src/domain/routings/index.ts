export { RoutingService, routingOf } from "./routings.service";
export { readRouting, readWorkCenter, validateRouting, validateWorkCenter, type RoutingInput, type RoutingOperationInput, type WorkCenterInput } from "./routing.rules";
export { routingsOf, type RoutingOperationRow, type WorkCenterRow } from "./routings.store";
