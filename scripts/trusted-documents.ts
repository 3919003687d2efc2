/**
 * Run by `npm run build` (scripts/build.js): compiles the registered .graphql operations of the directories
 * given as arguments into dist/trusted-documents.json ({ sha256: text }; see src/security/trusted-documents.ts).
 */
import fs from "node:fs";
import path from "node:path";
import { compileTrustedDocuments } from "../src/security/trusted-documents";
import { buildOutput } from "../src/runtime/build-output";

const root = path.join(__dirname, "..", "..");
const manifest = compileTrustedDocuments(process.argv.slice(2).map((dir) => path.join(root, dir)));
const file = buildOutput("trusted-documents.json");
fs.writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
process.stderr.write(`build: ${Object.keys(manifest).length} trusted documents in ${path.relative(process.cwd(), file)}\n`);
