/**
 * COPY text written straight into bytes (src/db/copy-text.ts's CopyText) round-trips through real PostgreSQL: what
 * is read back is what was written, whatever the text (escapes, NULL, UTF-8) and however far the buffer grew.
 */
import { CopyText } from "../../src/db/copy-text";
import { openDatabase, type Database } from "../../src/db/database";
import { createScratchDatabase, type ScratchDatabase } from "../support/scratch-database";

let scratch: ScratchDatabase;
let db: Database;

beforeAll(async () => {
  scratch = await createScratchDatabase("hub_copy_text");
  db = await openDatabase({ url: scratch.url, poolSize: 1 });
  await db.sql.query(`CREATE TABLE copied (n bigint, t text, parts text)`);
});
afterAll(async () => {
  await db?.close();
  await scratch?.drop();
});

const texts: (string | null)[] = [
  "plain ASCII, 2025-01-06, 12.5",
  "",
  null,
  "\\N", // a backslash and an N: text, not NULL
  "tab\there, line\nbreak, return\r, backslash \\ end",
  "Müller GmbH – Zürich",
  "emoji 🏭 after",
  "\u0001 control and \u007f delete",
  "~ the last printable ASCII",
];
const numbers = [0, 7, 10, 99, 100, 123_456_789, 999_999_999, 1_000_000_000, 2 ** 53 - 1, -1, -(2 ** 40) - 7];

test("rows written by CopyText read back as written, growing from a buffer of a few bytes", async () => {
  const rows = new CopyText(4);
  const expected: { n: string; t: string | null; parts: string }[] = [];
  for (let i = 0; i < Math.max(texts.length, numbers.length); i++) {
    const n = numbers[i % numbers.length];
    const t = texts[i % texts.length];
    // one field from several pieces: a piece's escapes do not depend on its neighbours
    const parts = [t ?? "", "|", String(n), "|", t ?? ""];
    rows.int(n).tab().text(t).tab();
    for (const piece of parts) rows.text(piece);
    rows.endRow();
    expected.push({ n: String(n), t, parts: parts.join("") });
  }
  const size = rows.size;
  const bytes = rows.take();
  expect(bytes.length).toBe(size);
  expect(rows.size).toBe(0);
  await db.withSession((s) => s.copyFrom!(`COPY copied (n, t, parts) FROM STDIN`, bytes));
  const read = await db.sql.query(`SELECT n::text AS n, t, parts FROM copied ORDER BY ctid`);
  expect(read).toEqual(expected);
});
