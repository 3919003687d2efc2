/** A field of a `COPY … FROM STDIN` row in COPY's text format: NULL as \N, backslash and separators escaped. */
export function copyField(value: string | number | null): string {
  if (value === null) return "\\N";
  if (typeof value === "number") return String(value);
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]) : value;
}

const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

const TAB = 9;
const NEWLINE = 10;
const BACKSLASH = 92;
const EMPTY = Buffer.alloc(0);
const N = 78;

/**
 * Rows in COPY's text format written straight into bytes, for the large writes (an MRP plan's 160k supplies at 10k
 * materials): building them as strings made a rope of millions of pieces that the socket then had to flatten and
 * encode, and most of the garbage the hub collected during a run (docs/benchmarks.md, MRP persist). Text is copied a
 * character at a time while it is printable ASCII with nothing to escape (numbers, days, codes, pegs' JSON), which
 * is nearly all of it; the rest goes through copyField and UTF-8.
 */
export class CopyText {
  private bytes = EMPTY;
  private length = 0;

  /** `initialBytes`: the buffer's size at the first write, doubled whenever short */
  constructor(private readonly initialBytes = 64 * 1024) {}

  /** Text, or NULL (\N), as part of a field: several calls make one field until the next tab or row end. */
  text(value: string | null): this {
    if (value === null) return this.byte(BACKSLASH).byte(N);
    this.room(value.length);
    const { bytes } = this;
    let at = this.length;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      // printable ASCII but the backslash: as it is; anything else (escapes, UTF-8) the slow way, from there on
      if (c < 32 || c > 126 || c === BACKSLASH) {
        this.length = at;
        return this.escaped(value.slice(i));
      }
      bytes[at++] = c;
    }
    this.length = at;
    return this;
  }

  /** A whole number, written out as String(n) would. */
  int(n: number): this {
    return Number.isSafeInteger(n) && n >= 0 && n < 1e9 ? this.digits(n) : this.text(String(n));
  }

  /** Ends a field. */
  tab(): this {
    return this.byte(TAB);
  }

  /** Ends a row. */
  endRow(): this {
    return this.byte(NEWLINE);
  }

  byte(code: number): this {
    this.room(1);
    this.bytes[this.length++] = code;
    return this;
  }

  /** The rows written so far, and a fresh start (a new buffer at the next write). */
  take(): Buffer {
    const rows = this.bytes.subarray(0, this.length);
    this.bytes = EMPTY;
    this.length = 0;
    return rows;
  }

  get size(): number {
    return this.length;
  }

  private digits(n: number): this {
    let width = 1;
    for (let p = 10; p <= n; p *= 10) width++;
    this.room(width);
    for (let i = this.length + width - 1; i >= this.length; i--, n = Math.floor(n / 10)) this.bytes[i] = 48 + (n % 10);
    this.length += width;
    return this;
  }

  private escaped(value: string): this {
    const text = copyField(value);
    this.room(Buffer.byteLength(text));
    this.length += this.bytes.write(text, this.length, "utf8");
    return this;
  }

  private room(bytes: number) {
    if (this.length + bytes <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.initialBytes, this.length + bytes));
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }
}
