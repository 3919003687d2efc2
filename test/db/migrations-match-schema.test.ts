/**
 * The drift check: the committed migrations and prisma/schema.prisma describe the same schema.
 * Builds the schema both ways in two in-memory embedded databases and compares their catalogs.
 */
import fs from "node:fs";
import path from "node:path";
import { openDatabase, type Database } from "../../src/db/database";
import { migrate } from "../../src/db/migrator";
import { describeSchema, diffSchemas } from "../../src/db/schema-catalog";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { schemaSql } = require("../../scripts/schema-sql.js") as { schemaSql(o: { toText: string }): string };

let fromPrisma: Database;
let fromMigrations: Database;

beforeAll(async () => {
  fromPrisma = await openDatabase({ dataDir: "memory://" });
  fromMigrations = await openDatabase({ dataDir: "memory://" });
}, 120_000);
afterAll(async () => {
  await fromPrisma?.close();
  await fromMigrations?.close();
});

test("migrations build exactly the schema that schema.prisma describes", async () => {
  const expectedSql = schemaSql({ toText: fs.readFileSync(path.join(__dirname, "../../prisma/schema.prisma"), "utf8") });
  await fromPrisma.withSession((s) => s.exec(expectedSql));
  await migrate(fromMigrations);

  const expected = await describeSchema(fromPrisma.sql);
  const actual = await describeSchema(fromMigrations.sql);
  expect(expected.length).toBeGreaterThan(100);
  expect(diffSchemas(expected, actual)).toEqual({ missing: [], unexpected: [] });
}, 120_000);

test("the comparison notices a column the migrations lack", async () => {
  const expected = await describeSchema(fromPrisma.sql);
  await fromMigrations.withSession((s) => s.exec(`ALTER TABLE "material" DROP COLUMN "abc_class"`));
  const { missing } = diffSchemas(expected, await describeSchema(fromMigrations.sql));
  expect(missing.some((l) => l.startsWith("column material.abc_class"))).toBe(true);
});
