import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { parse as csvParser } from "csv-parse";
import type { ImportError, ImportFormat } from "./import.types";

/** One row of an import file: its line number and its values by column name. */
export interface SourceRow {
  line: number;
  values: Map<string, string>;
}

/** What reading a file yields: the CSV header, rows, and problems found while reading (with their line). */
export type SourceItem = { header: string[]; line: number } | { row: SourceRow } | { error: ImportError; fatal?: boolean };

export type ImportInput = AsyncIterable<Buffer | string> | string;

const chunks = (input: ImportInput) => (typeof input === "string" ? Readable.from([input]) : Readable.from(input));
const fileError = (line: number, message: string, fatal = false): SourceItem => ({ error: { line, field: "", code: "BAD_USER_INPUT", message }, fatal });

/**
 * Reads an import file as it arrives. CSV: a header line naming the columns, then one row per record
 * (quoted values may span lines; the line reported is where the record ends). NDJSON: one JSON object per
 * line. JSON: an array of objects (read whole; its "line" is the object's position, 1 for the first).
 */
export async function* readRecords(format: ImportFormat, input: ImportInput): AsyncGenerator<SourceItem> {
  if (format === "CSV") yield* readCsv(input);
  else if (format === "NDJSON") yield* readNdjson(input);
  else yield* readJsonArray(input);
}

async function* readCsv(input: ImportInput): AsyncGenerator<SourceItem> {
  const parser = chunks(input).pipe(csvParser({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true }));
  let header: string[] | undefined;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!header) {
        header = record.map((c) => c.trim());
        yield { header, line: info.lines };
        continue;
      }
      if (record.length !== header.length) {
        yield fileError(info.lines, `expected ${header.length} values (as in the header), found ${record.length}`);
        continue;
      }
      yield { row: { line: info.lines, values: new Map(header.map((c, i) => [c, record[i]])) } };
    }
  } catch (e) {
    const err = e as { code?: string; lines?: number; message: string };
    if (!err.code?.startsWith("CSV_")) throw e;
    yield fileError(err.lines ?? 0, `not valid CSV: ${err.message}`, true);
  }
}

async function* readNdjson(input: ImportInput): AsyncGenerator<SourceItem> {
  let line = 0;
  for await (const text of createInterface({ input: chunks(input), crlfDelay: Infinity })) {
    line++;
    if (text.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      yield fileError(line, "not valid JSON");
      continue;
    }
    yield objectRow(value, line);
  }
}

async function* readJsonArray(input: ImportInput): AsyncGenerator<SourceItem> {
  let text = "";
  for await (const chunk of chunks(input)) text += String(chunk);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return yield fileError(1, "not valid JSON", true);
  }
  if (!Array.isArray(value)) return yield fileError(1, "expected a JSON array of objects", true);
  for (let i = 0; i < value.length; i++) yield objectRow(value[i], i + 1);
}

function objectRow(value: unknown, line: number): SourceItem {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return fileError(line, "expected a JSON object");
  const values = new Map<string, string>();
  for (const [k, v] of Object.entries(value)) {
    if (v !== null && typeof v === "object") return { error: { line, field: k, code: "BAD_USER_INPUT", message: `${k} must be a single value` } };
    values.set(k, v === null ? "" : String(v));
  }
  return { row: { line, values } };
}
