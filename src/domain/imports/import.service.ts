import { hasAnyRole, type Principal } from "../../auth/principal";
import { scopeOf, type WarehouseScope } from "../../auth/warehouse-scope";
import type { Database } from "../../db/database";
import { inTransaction } from "../../db/transaction";
import { writeEvent } from "../../events/outbox";
import type { Topics } from "../../events/topics";
import { withAuditTag, writeAudit } from "../security/audit";
import { badInput, DomainError } from "../shared/domain-error";
import type { ImportCounts, ImportError, ImportFormat, ImportKind, Parsed, Rehearse } from "./import.types";
import { readRecords, type ImportInput } from "./read-records";
import { toImportError } from "./import-error";
import * as store from "./import.store";
import { RowReader } from "./row-reader";

/** Errors kept in the report; the rest are only counted. */
export const MAX_REPORTED_ERRORS = 1_000;
/** Rows one import may have. */
export const MAX_IMPORT_ROWS = 1_000_000;
/** Progress is reported at most this often (and at every change of phase). */
const PROGRESS_INTERVAL_MS = 500;

export type ImportStatus = "VALIDATING" | "APPLYING" | "COMPLETED" | "INVALID" | "FAILED";

export interface ImportResult extends ImportCounts {
  importId: number;
  kind: string;
  status: ImportStatus;
  total: number;
  errorCount: number;
  /** the first MAX_REPORTED_ERRORS errors, in line order */
  errors: ImportError[];
}

/**
 * Bulk import of any registered kind from CSV, JSON or NDJSON: reads the file as it arrives and validates
 * every row (fields, duplicates in the file, references to existing data), then, only when no row has an
 * error, writes all rows in ONE transaction, in set-based batches. Rows that would change nothing are
 * skipped, so importing the same file again changes nothing. Every run is kept (`import_run`), its
 * progress published (`import.progress`), and every changed record audited with the import's id.
 */
export class ImportService {
  private readonly kinds: ReadonlyMap<string, ImportKind>;

  constructor(
    private readonly db: Database,
    kinds: readonly ImportKind<any, any>[],
  ) {
    this.kinds = new Map(kinds.map((k) => [k.name, k as ImportKind]));
  }

  /** The kind named, if the principal may import it. */
  kind(name: string, principal: Principal): ImportKind {
    const kind = this.kinds.get(name.trim().toLowerCase().replace(/_/g, "-"));
    if (!kind) throw badInput(`unknown import kind ${JSON.stringify(name)}; known: ${[...this.kinds.keys()].join(", ")}`, { field: "kind" });
    if (!hasAnyRole(principal, kind.roles)) throw new DomainError("FORBIDDEN", `importing ${kind.name} needs one of the roles ${kind.roles.join(", ")}`);
    return kind;
  }

  /** Runs one import; `listener` hears its id as soon as it has one (before the file is read), then its progress. */
  async run(kindName: string, format: ImportFormat, input: ImportInput, principal: Principal, listener: ImportListener = {}): Promise<ImportResult> {
    const kind = this.kind(kindName, principal);
    const id = await store.insertRun(this.db.sql, kind.name, format, principal.id);
    listener.started?.(id);
    const progress = new Progress(this.db, id, kind.name, scopeOf(principal), listener.progress);
    const errors = new ErrorReport();
    try {
      const parsed = await this.validate(kind, format, input, errors, progress);
      const report = (line: number, e: unknown, field: string) => errors.add(toImportError(line, e, field));
      // rows that parsed are checked against the data even when others did not: the report lists every error
      const ready = parsed.length > 0 ? await kind.prepare(this.db.sql, parsed, report, principal, this.rehearse) : [];
      if (errors.count > 0) return await this.finish(progress, { importId: id, kind: kind.name, status: "INVALID", total: progress.validated, created: 0, updated: 0, unchanged: 0, ...errors.result() });
      return await this.apply(kind, id, ready, principal, progress);
    } catch (e) {
      await this.finish(progress, { importId: id, kind: kind.name, status: "FAILED", total: progress.validated, created: 0, updated: 0, unchanged: 0, errorCount: 0, errors: [] });
      throw e;
    }
  }

  private async validate(kind: ImportKind, format: ImportFormat, input: ImportInput, errors: ErrorReport, progress: Progress) {
    const parsed: Parsed<unknown>[] = [];
    const seen = new Map<string, number>();
    const known = new Set(kind.columns);
    await progress.report("VALIDATING", true);
    for await (const item of readRecords(format, input)) {
      if ("error" in item) {
        errors.add(item.error);
        if (item.fatal) break;
        continue;
      }
      if ("header" in item) {
        for (const c of item.header.filter((c) => !known.has(c))) errors.add({ line: item.line, field: c, code: "BAD_USER_INPUT", message: `unknown column ${JSON.stringify(c)}; known: ${kind.columns.join(", ")}` });
        for (const c of kind.required.filter((c) => !item.header.includes(c))) errors.add({ line: item.line, field: c, code: "BAD_USER_INPUT", message: `required column ${c} is missing` });
        if (errors.count > 0) break;
        continue;
      }
      const { line, values } = item.row;
      if (++progress.validated > MAX_IMPORT_ROWS) {
        errors.add({ line, field: "", code: "LIMIT_EXCEEDED", message: `an import has at most ${MAX_IMPORT_ROWS} rows` });
        break;
      }
      const r = new RowReader(line, values);
      // a CSV row has the header's columns, checked once
      if (format !== "CSV") for (const c of values.keys()) if (!known.has(c)) r.fail(c, `unknown field ${JSON.stringify(c)}; known: ${kind.columns.join(", ")}`);
      const input = kind.parse(r);
      if (r.errors.length > 0) {
        for (const e of r.errors) errors.add(e);
      } else {
        const key = kind.key(input);
        const first = seen.get(key.value);
        if (first !== undefined) errors.add({ line, field: key.field, code: "CONFLICT", message: `${key.value} is also on line ${first}: a file names each record once` });
        else seen.set(key.value, line);
        parsed.push({ line, input });
      }
      await progress.report("VALIDATING");
    }
    progress.total = progress.validated;
    return parsed;
  }

  private async apply(kind: ImportKind, importId: number, ready: unknown[], principal: Principal, progress: Progress): Promise<ImportResult> {
    const counts: ImportCounts = { created: 0, updated: 0, unchanged: 0 };
    await store.markApplying(this.db.sql, importId, progress.total);
    await progress.report("APPLYING", true);
    const ctx = { importId, actor: principal };
    // the audit records the areas write for the rows (through their upserts) carry the import's id
    const tagged = <T>(fn: () => Promise<T>) => withAuditTag({ importId }, fn);
    const result = await inTransaction(this.db, async (tx) => {
      for (let i = 0; i < ready.length; i += kind.batchSize) {
        const batch = ready.slice(i, i + kind.batchSize);
        const c = await tagged(() => kind.apply(tx, batch, ctx));
        counts.created += c.created;
        counts.updated += c.updated;
        counts.unchanged += c.unchanged;
        progress.applied += batch.length;
        // published at once (outside this transaction); the embedded database has only this one session
        if (this.db.kind === "postgres") await progress.report("APPLYING");
      }
      if (kind.finish) await tagged(() => kind.finish!(tx, ctx));
      const result: ImportResult = { importId, kind: kind.name, status: "COMPLETED", total: progress.total!, ...counts, errorCount: 0, errors: [] };
      if (counts.created + counts.updated > 0) await writeAudit(tx, principal, "Import", importId, kind.name, { ...counts, total: result.total });
      await store.storeResult(tx, result);
      await progress.report("COMPLETED", true, tx);
      return result;
    });
    return result;
  }

  private readonly rehearse: Rehearse = async (fn) => {
    const rolledBack = new Error("rehearsal");
    await inTransaction(this.db, async (tx) => {
      await fn(tx);
      throw rolledBack;
    }).catch((e) => {
      if (e !== rolledBack) throw e;
    });
  };

  private async finish(progress: Progress, result: ImportResult) {
    await store.storeResult(this.db.sql, result);
    await progress.report(result.status, true);
    return result;
  }
}

export interface ImportListener {
  started?(importId: number): void;
  progress?(p: Topics["import.progress"]): void;
}

/** Errors in the order found, the first MAX_REPORTED_ERRORS kept. */
class ErrorReport {
  private readonly kept: ImportError[] = [];
  count = 0;

  add(e: ImportError) {
    if (this.count++ < MAX_REPORTED_ERRORS) this.kept.push(e);
  }

  result() {
    return { errorCount: this.count, errors: [...this.kept].sort((a, b) => a.line - b.line) };
  }
}

/** `import.progress` events, at most every PROGRESS_INTERVAL_MS unless forced (a change of phase). */
class Progress {
  validated = 0;
  applied = 0;
  total: number | null = null;
  private last = 0;

  constructor(
    private readonly db: Database,
    private readonly importId: number,
    private readonly kind: string,
    /** who hears of it over subscriptions: see EventScope */
    private readonly doneWithin: WarehouseScope,
    private readonly listener?: (p: Topics["import.progress"]) => void,
  ) {}

  async report(status: ImportStatus, force = false, tx: { query: Database["sql"]["query"] } = this.db.sql) {
    const now = Date.now();
    if (!force && now - this.last < PROGRESS_INTERVAL_MS) return;
    this.last = now;
    const payload = { importId: this.importId, kind: this.kind, status, validated: this.validated, applied: this.applied, total: this.total };
    await writeEvent(tx, "import.progress", { ...payload, doneWithin: this.doneWithin });
    this.listener?.(payload);
  }
}
