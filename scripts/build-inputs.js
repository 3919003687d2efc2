// The inputs of a part of the build (scripts/build.js): whether they are those of its last build. Their stats
// (path, size, modification and change times) are compared first, which reads no file: the nothing-changed case of every `npm start`.
// Only when the stats differ are the contents hashed, so that a checkout or a copy that touches files without
// changing them rebuilds nothing (and records the new stats, so the next check is by stats again).
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

/** The files under `paths` (relative to `root`; directories recursively, except those in `skip`), with their stats. */
function listInputs(root, paths, skip = new Set()) {
  const files = [];
  const walk = (p) => {
    if (skip.has(p.split(path.sep).join("/"))) return;
    let stat;
    try {
      stat = fs.statSync(path.join(root, p));
    } catch (e) {
      if (e.code === "ENOENT") return;
      throw e;
    }
    if (stat.isDirectory()) for (const name of fs.readdirSync(path.join(root, p)).sort()) walk(path.join(p, name));
    else files.push({ file: p, size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs });
  };
  paths.forEach(walk);
  return files;
}

const digest = (update) => {
  const hash = crypto.createHash("sha256");
  update(hash);
  return hash.digest("hex");
};

/**
 * Compares the inputs with `last` (the part's entry in the build stamp: `{ hash, stats }`, or the hash alone as
 * stamps before stats were kept). Returns whether they are the same and the entry to keep once the part is built.
 */
function compareInputs(root, paths, last, skip) {
  const files = listInputs(root, paths, skip);
  const stats = digest((h) => files.forEach((f) => h.update(`${f.file}\0${f.size}\0${f.mtimeMs}\0${f.ctimeMs}\n`)));
  const previous = typeof last === "string" ? { hash: last } : (last ?? {});
  if (previous.stats === stats && previous.hash) return { same: true, entry: previous };
  const hash = digest((h) => files.forEach((f) => h.update(`${f.file}\0`).update(fs.readFileSync(path.join(root, f.file))).update("\0")));
  return { same: previous.hash === hash, entry: { hash, stats } };
}

module.exports = { compareInputs, listInputs };
