import { badInput } from "../shared/domain-error";
import { parseQuantity, type Decimal, type QuantityRule } from "../shared/quantity";
import { toImportError, type ImportError } from "./import-error";

/**
 * Reads the typed fields of one import row from its text values, reporting every bad field (not only
 * the first). A row with any error is discarded, so the value returned for a bad field is a placeholder.
 */
export class RowReader {
  readonly errors: ImportError[] = [];

  constructor(
    readonly line: number,
    private readonly values: ReadonlyMap<string, string>,
  ) {}

  /** whether the row has the column (a CSV with the column in its header always has it) */
  has(field: string): boolean {
    return this.values.has(field);
  }

  /** the trimmed text; required: missing or empty is an error; optional: empty is null */
  text(field: string, opts: { required: true; max?: number }): string;
  text(field: string, opts?: { required?: false; max?: number }): string | null;
  text(field: string, opts: { required?: boolean; max?: number } = {}): string | null {
    const v = this.values.get(field)?.trim() ?? "";
    if (v === "") {
      if (opts.required) this.fail(field, `${field} is required`);
      return opts.required ? "" : null;
    }
    if (opts.max !== undefined && v.length > opts.max) return this.fail(field, `${field} must be at most ${opts.max} characters`), v;
    return v;
  }

  /** a value through a domain check that throws a DomainError naming the field */
  check<T>(field: string, fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      this.report(field, e);
      return undefined as T;
    }
  }

  int(field: string, min: number, max: number): number | null {
    const v = this.text(field);
    if (v === null) return null;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) return this.fail(field, `${field} must be a whole number from ${min} to ${max}`), null;
    return n;
  }

  quantity(field: string, rule: Omit<QuantityRule, "field"> = {}): Decimal | null {
    const v = this.text(field);
    return v === null ? null : this.check(field, () => parseQuantity(v, { field, ...rule }));
  }

  oneOf<const T extends string>(field: string, values: readonly T[]): T | null {
    const v = this.text(field)?.toUpperCase() ?? null;
    if (v !== null && !values.includes(v as T)) return this.fail(field, `${field} must be one of ${values.join(", ")}`), null;
    return v as T | null;
  }

  bool(field: string): boolean | null {
    const v = this.text(field)?.toLowerCase() ?? null;
    if (v === null) return null;
    if (["true", "yes", "1"].includes(v)) return true;
    if (["false", "no", "0"].includes(v)) return false;
    return this.fail(field, `${field} must be true or false`), null;
  }

  date(field: string): Date | null {
    const v = this.text(field);
    if (v === null) return null;
    const d = new Date(v);
    if (!/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(d.getTime())) return this.fail(field, `${field} must be a date (YYYY-MM-DD or ISO time)`), null;
    return d;
  }

  fail(field: string, message: string): void {
    this.report(field, badInput(message, { field }));
  }

  private report(field: string, e: unknown): void {
    this.errors.push(toImportError(this.line, e, field));
  }
}
