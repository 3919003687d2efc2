/**
 * The exceptions area. Other areas raise exceptions and record what they did about them inside their own
 * transaction: `raise`, `recordAction`, `link`, `resolveOpenOfWorkOrder`. People use the services.
 */
export { AlarmFailureFollower } from "./alarm-failures";
export { EquipmentService, failuresOfExceptions, type FailureView } from "./equipment.service";
export type { FailureReportInput } from "./equipment.rules";
export type { ActionResult, ExceptionCause, ExceptionStatus, LinkKind, Severity } from "./exception.rules";
export {
  actionsOf, latestOpenOfWorkOrder, link, linksOf, raise, raiseException, recordAction, resolveException, resolveOpenOfWorkOrder, unresolvedOfType,
  type ActionRow, type ExceptionRow, type ExceptionType, type LinkRow, type NewAction, type NewException, type NewLink,
} from "./exception.store";
export { ExceptionService, type ExceptionFilter, type ExceptionPolicy, type ExceptionView, type ResponseTimes } from "./exceptions.service";
