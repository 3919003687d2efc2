import type { Principal } from "../../../auth/principal";
import type { Role } from "../../../auth/roles";
import type { Sql } from "../../../db/database";
import type { Tx } from "../../../db/transaction";
import { badInput, DomainError } from "../../shared/domain-error";
import { Decimal } from "../../shared/quantity";
import type { FieldError } from "../../shared/field-errors";
import type { ImportKind, Parsed, Report } from "../import.types";
import type { RowReader } from "../row-reader";

/** The lines of one record (one line, or a group such as a BOM's lines), the area's input made of them and its value. */
export interface FileRecord<Line, Input, Value> {
  lines: Parsed<Line>[];
  input: Input;
  value: Value;
}

/**
 * A kind of master data written through its area's own functions: the pure reader (`validate*`: every
 * field problem) and the upsert (one record in the caller's transaction, audited). What the import adds:
 * reading lines, grouping them into records, skipping records that would not change, and checking every
 * record by writing it in a rehearsal that is rolled back — so the area's rules are checked, not copied.
 */
export interface RecordKindSpec<Line, Input, Value, Stored> {
  name: string;
  roles: readonly Role[];
  columns: readonly string[];
  required: readonly string[];
  /** one line's text (codes upper-cased); bad values are checked by `read`, except what only text can show */
  parse(r: RowReader): Line;
  /** a line's identity: a second line with it in one file is a CONFLICT */
  key(line: Line): { field: string; value: string };
  /** the record a line belongs to (lines with the same group are one record, in file order); default: its key */
  group?(line: Line): string;
  /** the area's input made of a record's lines */
  input(lines: Line[]): Input;
  /** the area's pure reader: the value or every field problem (`lines[2].scrapPct` names the third line's column) */
  read(input: Input): { value: Value | null; errors: FieldError[] };
  /** the area's field names that are other columns in the file */
  columnOf?: Record<string, string>;
  /** checks across the file's records (the area sees one record at a time) */
  across?(sql: Sql, records: FileRecord<Line, Input, Value>[], report: Report): Promise<void> | void;
  /** the stored records of these values, by `recordKey` */
  stored(sql: Sql, values: Value[]): Promise<Map<string, Stored>>;
  recordKey(value: Value): string;
  /** whether writing the value would leave the stored record as it is */
  same(value: Value, stored: Stored): boolean;
  /** the area's upsert of one record */
  upsert(tx: Tx, input: Input, principal: Principal): Promise<unknown>;
  finish?(tx: Tx): Promise<void>;
}

/** One line ready to apply; the record is written at its first line. */
type Ready<Input> = { status: "created" | "updated" | "unchanged"; write?: Input };

const INDEXED = /^(\w+)\[(\d+)\](?:\.(\w+))?$/;

export function recordKind<Line, Input, Value, Stored>(spec: RecordKindSpec<Line, Input, Value, Stored>): ImportKind<Line, Ready<Input>> {
  /** reports a record's error at the line and column its field names (`lines[2].scrapPct`: the third line's scrapPct) */
  const reportAt = (report: Report, record: { lines: Parsed<Line>[] }, e: unknown) => {
    if (!(e instanceof DomainError)) throw e;
    const named = typeof e.details.field === "string" ? e.details.field : undefined;
    const m = named === undefined ? null : INDEXED.exec(named);
    const at = record.lines[m ? Number(m[2]) : 0] ?? record.lines[0];
    const column = (m ? m[3] : named) ?? spec.key(at.input).field;
    const field = spec.columnOf?.[column] ?? column;
    report(at.line, new DomainError(e.code, e.message, { ...e.details, field }), field);
  };

  return {
    name: spec.name,
    roles: spec.roles,
    columns: spec.columns,
    required: spec.required,
    batchSize: 1_000,
    parse: spec.parse,
    key: spec.key,

    async prepare(sql, rows, report, principal, rehearse) {
      const groups = new Map<string, Parsed<Line>[]>();
      const seen = new Set<string>();
      for (const row of rows) {
        // a line naming a record's line again is already reported (CONFLICT)
        const key = spec.key(row.input).value;
        if (seen.has(key)) continue;
        seen.add(key);
        const g = spec.group ? spec.group(row.input) : spec.key(row.input).value;
        const lines = groups.get(g);
        if (lines) lines.push(row);
        else groups.set(g, [row]);
      }
      const records: FileRecord<Line, Input, Value>[] = [];
      for (const lines of groups.values()) {
        const input = spec.input(lines.map((l) => l.input));
        const { value, errors } = spec.read(input);
        for (const e of errors) reportAt(report, { lines }, badInput(e.message, { field: e.field }));
        if (value) records.push({ lines, input, value });
      }
      await spec.across?.(sql, records, report);
      const stored = await spec.stored(sql, records.map((r) => r.value));
      const todo = records.filter((r) => {
        const s = stored.get(spec.recordKey(r.value));
        return !(s !== undefined && spec.same(r.value, s));
      });
      await rehearse(async (tx) => {
        for (const r of todo) {
          await tx.query("SAVEPOINT import_record");
          try {
            await spec.upsert(tx, r.input, principal);
            await tx.query("RELEASE SAVEPOINT import_record");
          } catch (e) {
            await tx.query("ROLLBACK TO SAVEPOINT import_record");
            reportAt(report, r, e);
          }
        }
      });
      const changed = new Set(todo);
      return records.flatMap((r) => {
        const status = !changed.has(r) ? "unchanged" : stored.has(spec.recordKey(r.value)) ? "updated" : "created";
        return r.lines.map((_, i): Ready<Input> => (i === 0 && status !== "unchanged" ? { status, write: r.input } : { status }));
      });
    },

    async apply(tx, batch, { actor }) {
      const counts = { created: 0, updated: 0, unchanged: 0 };
      for (const line of batch) {
        if (line.write !== undefined) await spec.upsert(tx, line.write, actor);
        counts[line.status]++;
      }
      return counts;
    },

    finish: spec.finish && ((tx) => spec.finish!(tx)),
  };
}

/** Compares decimals as numbers (2.50 is 2.5), null only with null. */
export const sameDecimal = (a: string | number | Decimal | null | undefined, b: string | number | Decimal | null | undefined) =>
  a == null || b == null ? a == null && b == null : new Decimal(a).eq(b);

/** Compares dates (or absent ones) by the instant, or by the day with `day`. */
export const sameTime = (a: Date | string | null | undefined, b: Date | string | null | undefined, day = false) => {
  if (a == null || b == null) return a == null && b == null;
  const t = (d: Date | string) => (day ? new Date(d).toISOString().slice(0, 10) : new Date(d).toISOString());
  return t(a) === t(b);
};

/** A number column as the area's input takes it: empty is null, anything else its Number (NaN when not one, which the area refuses). */
export const numberOf = (r: RowReader, field: string) => {
  const v = r.text(field);
  return v === null ? null : Number(v);
};
