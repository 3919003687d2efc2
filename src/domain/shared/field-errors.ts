import { badInput, DomainError } from "./domain-error";
import { parseQuantity, type Decimal } from "./quantity";

/** One problem with one input field: what validators return so that an importer can report all per line. */
export interface FieldError {
  field: string;
  message: string;
}

/** Refuses input with problems: BAD_USER_INPUT naming the first field, with every problem in `errors`. */
export function assertValid(errors: readonly FieldError[]): void {
  if (errors.length) throw badInput(errors.length === 1 ? errors[0].message : `${errors[0].message} (and ${errors.length - 1} more)`, { field: errors[0].field, errors });
}

/** What a reader cleaned, or BAD_USER_INPUT naming every problem (as assertValid). */
export function validValue<T>(read: { value?: T | null; errors: readonly FieldError[] }): T {
  assertValid(read.errors);
  return read.value as T;
}

const CODE = /^[A-Z0-9][A-Z0-9._\-/]{0,39}$/;

/** Collects field problems while reading an input; each reader returns the cleaned value (undefined when bad). */
export class FieldChecks {
  readonly errors: FieldError[] = [];

  fail(field: string, message: string): undefined {
    this.errors.push({ field, message });
    return undefined;
  }

  /** a master-data code: trimmed, upper case, 1-40 letters, digits, . _ - / */
  code(value: string | null | undefined, field: string): string | undefined {
    const c = (value ?? "").trim().toUpperCase();
    return CODE.test(c) ? c : this.fail(field, `${field} must be 1-40 characters: letters, digits, . _ - /`);
  }

  text(value: string | null | undefined, field: string, max = 200): string | undefined {
    const t = (value ?? "").trim();
    return t !== "" && t.length <= max ? t : this.fail(field, `${field} must be 1 to ${max} characters`);
  }

  optionalText(value: string | null | undefined, field: string, max = 200): string | null | undefined {
    if (value == null || value.trim() === "") return null;
    return this.text(value, field, max);
  }

  int(value: number | null | undefined, field: string, min: number, max: number): number | undefined {
    return value != null && Number.isInteger(value) && value >= min && value <= max ? value : this.fail(field, `${field} must be a whole number from ${min} to ${max}`);
  }

  decimal(value: string | null | undefined, field: string, rule: { precision?: number; allowZero?: boolean } = {}): Decimal | undefined {
    try {
      return parseQuantity(value ?? "", { field, ...rule });
    } catch (e) {
      if (e instanceof DomainError) return this.fail(field, e.message);
      throw e;
    }
  }

  date(value: Date | string | null | undefined, field: string): Date | undefined {
    const d = value instanceof Date ? value : new Date(value ?? NaN);
    return Number.isNaN(d.getTime()) ? this.fail(field, `${field} is not a date`) : d;
  }

  currency(value: string | null | undefined, field: string): string | undefined {
    const c = (value ?? "").trim().toUpperCase();
    return /^[A-Z]{3}$/.test(c) ? c : this.fail(field, `${field} must be a three-letter ISO 4217 code such as EUR`);
  }
}

/** create: the code must be new (CONFLICT); update: it must exist (NOT_FOUND); sync: either (the ERP's upsert). */
export type UpsertMode = "create" | "update" | "sync";
