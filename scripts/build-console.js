#!/usr/bin/env node
// Builds the console (console/: React + Vite) into dist/console/: first the typed operations (`npm run codegen`
// writes console/src/generated/graphql.ts, which is not committed), then Vite (console/vite.config.ts), then a
// gzipped copy of each script and style sheet and index.json listing the files the hub serves (src/web/). Run by
// scripts/build.js.
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const zlib = require("node:zlib");

const root = path.join(__dirname, "..");
const out = path.join(root, "dist", "console");

function filesUnder(dir, prefix = "") {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}

async function main() {
  const codegen = path.join(path.dirname(require.resolve("@graphql-codegen/cli/package.json", { paths: [root] })), "esm", "bin.js");
  execFileSync(process.execPath, [codegen, "--config", "codegen.ts", "--silent"], { cwd: root, stdio: "inherit" });
  // the config is loaded by bundling (it imports the hub's document compiler, CommonJS TypeScript): Vite's notice
  // about its future native loader does not concern this build
  process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING = "true";
  const { build } = await import("vite");
  await build({ configFile: path.join(root, "console", "vite.config.ts"), mode: "production" });
  const files = filesUnder(out);
  for (const file of files.filter((f) => /\.(js|css|svg)$/.test(f))) {
    fs.writeFileSync(path.join(out, `${file}.gz`), zlib.gzipSync(fs.readFileSync(path.join(out, file)), { level: 9 }));
  }
  fs.writeFileSync(path.join(out, "index.json"), `${JSON.stringify({ files }, null, 2)}\n`);
}

main().catch((err) => {
  process.stderr.write(`console build failed: ${err.stack ?? err}\n`);
  process.exit(1);
});
