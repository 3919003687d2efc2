#!/usr/bin/env node
// `npm run build` (and the first step of `npm start`): brings dist/ up to date, doing only the parts whose
// inputs changed since the last build. Each part's inputs are compared with those of its last successful build,
// kept in dist/.build-stamp.json: by their stats first (no file read: what a start with nothing changed costs),
// then, when the stats differ, by their paths and contents, so that a checkout or a copy that touches files
// without changing them costs nothing (scripts/build-inputs.js). `--force` rebuilds; naming parts (`node
// scripts/build.js explorer`) builds only those.
//   - the hub: tsc -p tsconfig.build.json (incremental: dist/.tsbuildinfo), when src/, bench/, scripts/, the
//     tsconfigs or package-lock.json changed;
//   - the explorer (GraphiQL, development only): explorer/ bundled by scripts/build-explorer.js into dist/explorer/,
//     when explorer/ or package-lock.json changed; skipped when its dev dependencies are not installed;
//   - the console (the product's web UI): console/ built by scripts/build-console.js (codegen, then Vite) into
//     dist/console/, when console/, the schema, codegen.ts or package-lock.json changed; skipped when its dev
//     dependencies (Vite) are not installed;
//   - the trusted documents: the registered .graphql operations compiled into dist/trusted-documents.json, when
//     a document or the compiler changed (src/security/trusted-documents.ts).
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { compareInputs } = require("./build-inputs");

const root = path.join(__dirname, "..");
const dist = path.join(root, "dist");
const stampFile = path.join(dist, ".build-stamp.json");
const force = process.argv.includes("--force");
const named = process.argv.slice(2).filter((a) => !a.startsWith("--"));

/** Directories of .graphql operations registered as trusted documents (those that exist). */
const DOCUMENT_DIRS = ["test/documents", "console/operations"];

/** Generated from other inputs (by `npm run codegen`, which the console's build runs): not inputs themselves. */
const GENERATED = new Set(["console/src/generated"]);

function readStamp() {
  try {
    return JSON.parse(fs.readFileSync(stampFile, "utf8"));
  } catch {
    return {};
  }
}

const resolvable = (name) => {
  try {
    require.resolve(name, { paths: [root] });
    return true;
  } catch {
    return false;
  }
};

/** Runs a build step; its failure (already reported on the terminal) ends the build with its exit code. */
function run(args) {
  try {
    execFileSync(process.execPath, args, { cwd: root, stdio: "inherit" });
  } catch (e) {
    process.exit(typeof e.status === "number" ? e.status : 1);
  }
}

const parts = [
  {
    name: "hub",
    inputs: ["src", "bench", "scripts", "tsconfig.json", "tsconfig.build.json", "package-lock.json"],
    output: "dist/src/main.js",
    build: () => run([require.resolve("typescript/bin/tsc", { paths: [root] }), "-p", "tsconfig.build.json"]),
  },
  {
    name: "explorer",
    inputs: ["explorer", "scripts/build-explorer.js", "package-lock.json"],
    output: "dist/explorer/index.json",
    available: () => resolvable("esbuild") && resolvable("graphiql"),
    build: () => run([path.join(__dirname, "build-explorer.js")]),
  },
  {
    name: "console",
    inputs: ["console", "schema.graphql", "codegen.ts", "scripts/build-console.js", "src/security/trusted-documents.ts", "package-lock.json"],
    output: "dist/console/index.html",
    available: () => resolvable("vite") && resolvable("@vitejs/plugin-react"),
    build: () => run([path.join(__dirname, "build-console.js")]),
  },
  {
    name: "documents",
    inputs: [...DOCUMENT_DIRS, "src/security/trusted-documents.ts", "scripts/trusted-documents.ts"],
    output: "dist/trusted-documents.json",
    build: () => run([path.join(dist, "scripts", "trusted-documents.js"), ...DOCUMENT_DIRS]),
  },
];

/**
 * Builds are serialised across processes (tests start several at once on a fresh clone): one builds while the
 * others wait, then find the stamp up to date. Without this, a second build empties dist/explorer under a hub
 * that is serving it. The lock is a file holding the builder's pid; a lock whose process is gone is taken over.
 */
function lockBuild() {
  const lockFile = path.join(dist, ".build-lock");
  fs.mkdirSync(dist, { recursive: true });
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: "wx" });
      process.on("exit", () => fs.rmSync(lockFile, { force: true }));
      return;
    } catch (e) {
      if (e.code !== "EEXIST") throw e;
    }
    const holder = Number(fs.readFileSync(lockFile, { encoding: "utf8", flag: "a+" }));
    if (holder && !isAlive(holder)) fs.rmSync(lockFile, { force: true });
    else Atomics.wait(pause, 0, 0, 200);
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}

lockBuild();
const stamp = force ? {} : readStamp();
const next = Object.fromEntries(parts.filter((p) => stamp[p.name]).map((p) => [p.name, stamp[p.name]]));
for (const part of named.length ? parts.filter((p) => named.includes(p.name)) : parts) {
  const inputs = compareInputs(root, part.inputs, stamp[part.name], GENERATED);
  if (inputs.same && fs.existsSync(path.join(root, part.output))) {
    // the same contents under new stats: kept, so that the next check is by stats again
    if (inputs.entry !== stamp[part.name]) {
      next[part.name] = inputs.entry;
      writeStamp();
    }
    continue;
  }
  if (part.available && !part.available()) {
    process.stderr.write(`build: ${part.name} skipped (its dev dependencies are not installed)\n`);
    continue;
  }
  const started = Date.now();
  part.build();
  process.stderr.write(`build: ${part.name} built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  // written after each part, so that a failure later does not redo what succeeded
  next[part.name] = inputs.entry;
  writeStamp();
}

function writeStamp() {
  fs.mkdirSync(dist, { recursive: true });
  fs.writeFileSync(stampFile, `${JSON.stringify(next, null, 2)}\n`);
}
