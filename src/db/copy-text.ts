/** A field of a `COPY … FROM STDIN` row in COPY's text format: NULL as \N, backslash and separators escaped. */
export function copyField(value: string | number | null): string {
  if (value === null) return "\\N";
  if (typeof value === "number") return String(value);
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]) : value;
}

const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/** One row: its fields tab-separated, ended by a newline. */
export const copyRow = (fields: readonly (string | number | null)[]): string => fields.map(copyField).join("\t") + "\n";
