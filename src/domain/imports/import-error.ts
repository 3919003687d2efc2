import { DomainError, type DomainErrorCode } from "../shared/domain-error";

/** One problem of an import file: where (line, field), what kind (a DomainError code) and why. */
export interface ImportError {
  line: number;
  field: string;
  code: DomainErrorCode;
  message: string;
}

/** A DomainError thrown while checking a row, as the row's error (its own field when it names one). */
export function toImportError(line: number, e: unknown, field: string): ImportError {
  if (!(e instanceof DomainError)) throw e;
  return { line, field: typeof e.details.field === "string" ? e.details.field : field, code: e.code, message: e.message };
}
