export { ExceptionService } from "./exception.service";
export { raiseException, resolveOpenOfWorkOrder, type ExceptionType, type NewException } from "./exception.store";
