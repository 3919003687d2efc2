/** The build's check of a part's inputs (scripts/build-inputs.js): a start with nothing changed reads no file. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

interface Entry {
  hash: string;
  stats: string;
}
const { compareInputs } = require("../../scripts/build-inputs") as {
  compareInputs(root: string, paths: string[], last: Entry | string | undefined, skip?: Set<string>): { same: boolean; entry: Entry };
};

let root: string;
const write = (file: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), text);
};
const check = (last: Entry | string | undefined) => compareInputs(root, ["src", "package-lock.json", "absent"], last, new Set(["src/generated"]));

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "build-inputs-"));
  write("src/a.ts", "a");
  write("src/sub/b.ts", "b");
  write("src/generated/client.ts", "generated");
  write("package-lock.json", "{}");
});
afterEach(() => {
  jest.restoreAllMocks();
  fs.rmSync(root, { recursive: true, force: true });
});

test("inputs as they were at the last build are recognised by their stats alone: no file is read", () => {
  const { entry } = check(undefined);
  const read = jest.spyOn(fs, "readFileSync");
  expect(check(entry)).toEqual({ same: true, entry });
  expect(read).not.toHaveBeenCalled();
});

test("files touched without a change are the same inputs; their new stats are kept for the next check", () => {
  const first = check(undefined).entry;
  fs.utimesSync(path.join(root, "src/a.ts"), new Date(), new Date(Date.now() + 60_000));
  const touched = check(first);
  expect(touched.same).toBe(true);
  expect(touched.entry.hash).toBe(first.hash);
  expect(touched.entry.stats).not.toBe(first.stats);
  // a stamp written before stats were kept (the hash alone) is still the same inputs
  expect(check(first.hash)).toEqual({ same: true, entry: touched.entry });
});

test("a changed, added or removed file is a change; a skipped directory is not an input", () => {
  const first = check(undefined).entry;
  write("src/generated/client.ts", "generated again");
  expect(check(first).entry.hash).toBe(first.hash);
  write("src/a.ts", "A");
  expect(check(first).same).toBe(false);
  write("src/a.ts", "a");
  write("src/sub/c.ts", "c");
  expect(check(first).same).toBe(false);
  fs.rmSync(path.join(root, "src/sub/c.ts"));
  fs.rmSync(path.join(root, "src/sub/b.ts"));
  expect(check(first).same).toBe(false);
});
