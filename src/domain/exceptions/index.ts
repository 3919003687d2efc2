export { ExceptionService } from "./exception.service";
export { latestOpenOfWorkOrder, raiseException, resolveOpenOfWorkOrder, type ExceptionType, type NewException } from "./exception.store";
