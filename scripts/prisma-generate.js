#!/usr/bin/env node
// Generates the Prisma client (src/generated/prisma) from prisma/schema.prisma.
//
// Prisma 7's CLI looks for its native schema engine before every command and tries to download it,
// which is impossible offline. `generate` never runs that engine, so pointing the variable at any
// existing file satisfies the check. This is the only place that works around it; migrations are
// applied by our own migrator (src/db/migrator.ts), never by the Prisma CLI.
const { execFileSync } = require("node:child_process");
const path = require("node:path");

const cli = require.resolve("prisma/build/index.js");
execFileSync(process.execPath, [cli, "generate", "--schema", path.join(__dirname, "..", "prisma", "schema.prisma")], {
  stdio: "inherit",
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
});
