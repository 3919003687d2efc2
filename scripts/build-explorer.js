#!/usr/bin/env node
// Bundles the explorer (explorer/: GraphiQL and its React) into dist/explorer/ with esbuild: explorer.js and
// explorer.css, one file per Monaco worker (each also gzipped), and index.json listing the files the hub serves. Nothing is
// fetched at run time: no CDN, every asset comes from the hub. Run by scripts/build.js.
const esbuild = require("esbuild");
const fs = require("node:fs");
const path = require("node:path");
const zlib = require("node:zlib");

const root = path.join(__dirname, "..");
const out = path.join(root, "dist", "explorer");
const common = {
  bundle: true,
  minify: true,
  legalComments: "none",
  target: "es2022",
  logLevel: "warning",
  define: { "process.env.NODE_ENV": '"production"' },
};

async function main() {
  fs.rmSync(out, { recursive: true, force: true });
  await esbuild.build({
    ...common,
    entryPoints: { explorer: path.join(root, "explorer", "explorer.jsx") },
    outdir: out,
    format: "iife",
    jsx: "automatic",
    loader: { ".ttf": "file", ".woff": "file", ".woff2": "file" },
    assetNames: "[name]-[hash]",
  });
  const workers = {
    "editor.worker": require.resolve("monaco-editor/esm/vs/editor/editor.worker.js", { paths: [root] }),
    "json.worker": require.resolve("monaco-editor/esm/vs/language/json/json.worker.js", { paths: [root] }),
    "graphql.worker": require.resolve("monaco-graphql/esm/graphql.worker.js", { paths: [root] }),
  };
  await esbuild.build({ ...common, entryPoints: workers, outdir: out, format: "iife" });
  const files = fs.readdirSync(out).sort();
  // the bundle is large (Monaco): the hub sends the gzipped copy to browsers that take it
  for (const file of files.filter((f) => /\.(js|css)$/.test(f))) {
    fs.writeFileSync(path.join(out, `${file}.gz`), zlib.gzipSync(fs.readFileSync(path.join(out, file)), { level: 9 }));
  }
  fs.writeFileSync(path.join(out, "index.json"), `${JSON.stringify({ files }, null, 2)}\n`);
}

main().catch((err) => {
  process.stderr.write(`explorer build failed: ${err.stack ?? err}\n`);
  process.exit(1);
});
