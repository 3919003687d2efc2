import type { Principal } from "../../auth/principal";
import type { Role } from "../../auth/roles";
import type { Sql } from "../../db/database";
import type { Tx } from "../../db/transaction";
import type { RowReader } from "./row-reader";

export type ImportFormat = "CSV" | "JSON" | "NDJSON";

export type { ImportError } from "./import-error";

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}

/** A row that passed parsing, with the line it came from. */
export interface Parsed<Input> {
  line: number;
  input: Input;
}

/** Where a row's DomainError is reported: its line, and the field unless the error names one. */
export type Report = (line: number, error: unknown, field: string) => void;

/** Runs `fn` in a transaction that is always rolled back: the rows' own writes as a check of them. */
export type Rehearse = (fn: (tx: Tx) => Promise<void>) => Promise<void>;

export interface ApplyContext {
  importId: number;
  actor: Principal;
}

/**
 * What a kind of record needs to be imported; the framework (import.service.ts) does the rest: reading
 * CSV/JSON, the header, line numbers, collecting errors, progress, one transaction, counts, audit of the run.
 *
 * 1. `parse` turns one row's text into typed input (each bad field reported through the reader);
 * 2. `key` names the row's identity: a second row with the same key in one file is an error;
 * 3. `prepare` loads what the rows refer to in bulk and checks every row against it (and the rows
 *    against each other), reporting each DomainError with its line (and the field, unless the error
 *    names one); it returns the rows ready to write, each knowing whether it changes anything;
 *    (`rehearse` lets it check rows by writing them in a transaction that is rolled back);
 * 4. `apply` writes a batch of ready rows inside the import's transaction, set-based, skipping rows
 *    that would change nothing, and says how many it created, updated and left unchanged;
 * 5. `finish`, if any, runs after the last batch in the same transaction (what depends on all rows).
 */
export interface ImportKind<Input = unknown, Ready = unknown> {
  name: string;
  /** who may import it (ADMIN always may) */
  roles: readonly Role[];
  /** the columns (CSV header / JSON keys) it knows; others are errors */
  columns: readonly string[];
  /** columns every file must have */
  required: readonly string[];
  parse(row: RowReader): Input;
  key(input: Input): { field: string; value: string };
  prepare(sql: Sql, rows: Parsed<Input>[], report: Report, principal: Principal, rehearse: Rehearse): Promise<Ready[]>;
  /** rows per `apply` call: the unit of progress and of one set of statements */
  batchSize: number;
  apply(tx: Tx, batch: Ready[], ctx: ApplyContext): Promise<ImportCounts>;
  finish?(tx: Tx, ctx: ApplyContext): Promise<void>;
}
