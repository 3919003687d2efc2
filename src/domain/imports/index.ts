export { ImportService, MAX_REPORTED_ERRORS, type ImportResult, type ImportStatus } from "./import.service";
export type { ImportError, ImportFormat, ImportKind } from "./import.types";
export { importKinds } from "./kinds";
