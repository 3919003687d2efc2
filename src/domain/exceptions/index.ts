export { ExceptionService } from "./exception.service";
export { latestOpenOfWorkOrder, raiseException, resolveException, resolveOpenOfWorkOrder, type ExceptionType, type NewException } from "./exception.store";
