export { RoutingService } from "./routings.service";
export { readRouting, readWorkCenter, validateRouting, validateWorkCenter, type RoutingInput, type RoutingOperationInput, type WorkCenterInput } from "./routing.rules";
export { allWorkCenters, routingsOf, workCentersByCodes, type RoutingOperationRow, type WorkCenterRow } from "./routings.store";
