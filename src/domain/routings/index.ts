export { RoutingService, routingOf } from "./routings.service";
export { validateRouting, validateWorkCenter, type RoutingInput, type RoutingOperationInput, type WorkCenterInput } from "./routing.rules";
export { routingsOf, type RoutingOperationRow, type WorkCenterRow } from "./routings.store";
