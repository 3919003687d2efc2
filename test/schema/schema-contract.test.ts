/** The committed SDL is what the server serves, and no operation is left open. */
import fs from "node:fs";
import path from "node:path";
import { printSchema } from "graphql";
import { assertEveryOperationAuthorized, buildHubSchema } from "../../src/schema/build-schema";

test("schema.graphql is up to date (run `npm run schema:print`)", () => {
  const committed = fs.readFileSync(path.join(__dirname, "../../schema.graphql"), "utf8");
  expect(committed).toBe(`${printSchema(buildHubSchema())}\n`);
});

test("every query, mutation and subscription declares its roles", () => {
  expect(() => assertEveryOperationAuthorized()).not.toThrow();
});
