/** Cycle counts: the counting area's face. */
export { CountingService, type CountingPolicy, type CountLineView, type CountResult, type RfidReadsResult } from "./counting.service";
export type { CountScope, SessionRow as CountSessionRow } from "./counting.store";
export type { AbcClass, CountStatus, DueLocation } from "./count.rules";
/** for other areas inside their transaction: the count a shelf weight's STOCK_MISMATCH opens */
export { countForMismatch, type MismatchCount } from "./mismatch-count";
