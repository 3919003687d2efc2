/** `npm run schema:print`: writes the SDL the server serves to schema.graphql (committed; a test checks it). */
import fs from "node:fs";
import path from "node:path";
import { printSchema } from "graphql";
import { buildHubSchema } from "../src/schema/build-schema";

const file = path.join(__dirname, "..", "..", "schema.graphql");
fs.writeFileSync(file, `${printSchema(buildHubSchema())}\n`);
process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
