export { ExceptionService } from "./exception.service";
export { raiseException, resolveException, resolveOpenOfWorkOrder, type ExceptionType, type NewException } from "./exception.store";
