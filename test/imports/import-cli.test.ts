/** `npm run import`: the built script (`node dist/scripts/import.js`) against a running hub, as a user runs it. */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { startTestHub, type TestHub } from "../support/test-hub";
import { count } from "./import-client";

const ROOT = path.resolve(__dirname, "../..");
const SCRIPT = path.join(ROOT, "dist/scripts/import.js");
let t: TestHub;
let dir: string;

beforeAll(async () => {
  // `npm run build`; type errors elsewhere in the tree do not stop tsc from emitting the script.
  await promisify(execFile)(process.execPath, [path.join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: ROOT }).catch(() => undefined);
  if (!fs.existsSync(SCRIPT)) throw new Error(`the build did not produce ${SCRIPT}`);
  t = await startTestHub();
  await t.db.sql.query(`INSERT INTO unit_of_measure (code, name, precision) VALUES ('EA', 'each', 0)`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "import-cli-"));
}, 180_000);
afterAll(async () => {
  await t?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** runs the script with the file; resolves with its exit code and output (never rejects on a non-zero exit) */
async function runImport(name: string, content: string, args: string[], env: Record<string, string> = {}) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [SCRIPT, file, ...args], { cwd: ROOT, env: { ...process.env, ...env } }, (err, stdout, stderr) =>
      resolve({ code: err ? (err as { code?: number }).code ?? null : 0, stdout, stderr }),
    );
  });
}

test("a valid file: exit 0 and the counts; the same file again: all unchanged", async () => {
  const csv = `code,name,uomCode,type\ncli-1,First,EA,BUY\ncli-2,Second,EA,MAKE\n`;
  const token = await t.token();
  const first = await runImport("materials.csv", csv, ["--kind", "materials", "--url", t.hub.url, "--token", token]);
  expect(first.stderr).toContain("COMPLETED");
  expect(first).toMatchObject({ code: 0, stdout: expect.stringMatching(/^import \d+: 2 rows: 2 created, 0 updated, 0 unchanged\n$/) });
  expect(await count(t, `material WHERE code LIKE 'CLI-%'`)).toBe(2);
  // the token may also come from the environment
  const again = await runImport("materials.csv", csv, ["--kind", "materials", "--url", t.hub.url], { HUB_TOKEN: token });
  expect(again).toMatchObject({ code: 0, stdout: expect.stringMatching(/: 2 rows: 0 created, 0 updated, 2 unchanged\n$/) });
}, 60_000);

test("an invalid file: exit 1, each error listed with its line and field, nothing written", async () => {
  const ndjson = `{"code":"cli-3","name":"Third","uomCode":"EA","type":"BUY"}\n{"code":"cli-4","name":"","uomCode":"EA","type":"BUY"}\n{"code":"cli-5","name":"Fifth","uomCode":"BOX","type":"BUY"}\n`;
  const res = await runImport("bad.ndjson", ndjson, ["--kind", "materials", "--url", t.hub.url, "--token", await t.token()]);
  expect(res.code).toBe(1);
  expect(res.stdout.split("\n")).toEqual([
    expect.stringMatching(/^line 2 name: BAD_USER_INPUT /),
    expect.stringMatching(/^line 3 uomCode: NOT_FOUND /),
    expect.stringMatching(/^import \d+: 2 error\(s\); nothing was written$/),
    "",
  ]);
  expect(await count(t, `material WHERE code IN ('CLI-3', 'CLI-4', 'CLI-5')`)).toBe(0);
}, 60_000);

test("without a credential: refused, exit 1", async () => {
  const res = await runImport("m.csv", `code,name,uomCode,type\ncli-6,Sixth,EA,BUY\n`, ["--kind", "materials", "--url", t.hub.url], { HUB_TOKEN: "", HUB_API_KEY: "" });
  expect(res.code).toBe(1);
  expect(res.stderr).toContain("refused (HTTP 401)");
  expect(await count(t, `material WHERE code = 'CLI-6'`)).toBe(0);
}, 60_000);
