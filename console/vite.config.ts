/**
 * The console's build (scripts/build-console.js runs it; `npm run build` and `npm start` through scripts/build.js):
 * console/ → dist/console, served by the hub under /console. Every operation is a registered trusted document
 * (scripts/build.js's DOCUMENT_DIRS): the bundle carries each operation's hash, computed by the hub's own
 * compiler, so that the console can name operations by hash (`virtual:trusted-documents`), and lists them in
 * documents.json for the hub to check they are registered.
 */
import path from "node:path";
import react from "@vitejs/plugin-react";
import { parse, type OperationDefinitionNode } from "graphql";
import { defineConfig, type Plugin } from "vite";
import { compileTrustedDocuments } from "../src/security/trusted-documents";

const root = __dirname;

/** Operation name → SHA-256 of its registered text. */
function operationHashes(): Record<string, string> {
  const manifest = compileTrustedDocuments([path.join(root, "operations")]);
  const byName: Record<string, string> = {};
  for (const [hash, text] of Object.entries(manifest)) {
    const operation = parse(text).definitions[0] as OperationDefinitionNode;
    byName[operation.name!.value] = hash;
  }
  return byName;
}

function trustedDocuments(): Plugin {
  const id = "virtual:trusted-documents";
  let hashes: Record<string, string> = {};
  return {
    name: "trusted-documents",
    buildStart() {
      hashes = operationHashes();
    },
    resolveId: (source) => (source === id ? `\0${id}` : undefined),
    load: (loaded) => (loaded === `\0${id}` ? `export default ${JSON.stringify(hashes)};` : undefined),
    generateBundle() {
      this.emitFile({ type: "asset", fileName: "documents.json", source: `${JSON.stringify(hashes, null, 2)}\n` });
    },
  };
}

export default defineConfig({
  root,
  base: "/console/",
  plugins: [react(), trustedDocuments()],
  build: {
    outDir: path.join(root, "..", "dist", "console"),
    emptyOutDir: true,
    target: "es2022",
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1200,
    // a loaded 2-core machine makes any plugin look slow: timings are not news
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  logLevel: "warn",
});
