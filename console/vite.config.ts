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
import { defineConfig, type Plugin, type Rolldown } from "vite";
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

/**
 * What opening the console at a page's address loads after the entry (routes.json, route → files): the page's
 * chunk and dictionary (the entry's lazy imports under src/pages/<route>/), the signed-in console (its lazy imports
 * under src/app/), the chunks they import and their style sheets, without what the entry already brings. The hub
 * names them in the page it serves for that address (src/web/serve-console.ts), so that the browser fetches them
 * beside the entry rather than once the entry has run and asked for them.
 */
function routeFiles(): Plugin {
  return {
    name: "route-files",
    // after Vite's own: its style sheets are then assigned to the chunks that import them
    enforce: "post",
    generateBundle(_options, bundle) {
      const chunks = new Map(Object.values(bundle).flatMap((c) => (c.type === "chunk" ? [[c.fileName, c] as const] : [])));
      const entry = [...chunks.values()].find((c) => c.isEntry)!;
      /** the chunks `from` import statically, each after what it imports (the order Vite's loader uses) */
      const closure = (from: string[], into = new Set<string>()): Set<string> => {
        for (const file of from) {
          if (into.has(file)) continue;
          closure(chunks.get(file)!.imports, into);
          into.add(file);
        }
        return into;
      };
      const inEntry = closure([entry.fileName]);
      const lazy = entry.dynamicImports.map((file) => chunks.get(file)!);
      const source = (c: Rolldown.OutputChunk) => path.relative(root, c.facadeModuleId ?? "").split(path.sep).join("/");
      const signedIn = lazy.filter((c) => source(c).startsWith("src/app/")).map((c) => c.fileName);
      const byRoute: Record<string, string[]> = {};
      for (const c of lazy) {
        const route = /^src\/pages\/([^/]+)\//.exec(source(c))?.[1];
        if (route) (byRoute[route] ??= [...signedIn]).push(c.fileName);
      }
      const routes = Object.fromEntries(
        Object.entries(byRoute).map(([route, files]) => {
          const scripts = [...closure(files)].filter((f) => !inEntry.has(f));
          const styles = [...new Set(scripts.flatMap((f) => [...(chunks.get(f)!.viteMetadata?.importedCss ?? [])]))];
          return [route, [...styles, ...scripts]];
        }),
      );
      this.emitFile({ type: "asset", fileName: "routes.json", source: `${JSON.stringify(routes, null, 2)}\n` });
    },
  };
}

export default defineConfig({
  root,
  base: "/console/",
  plugins: [react(), trustedDocuments(), routeFiles()],
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
