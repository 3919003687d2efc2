#!/usr/bin/env node
// Prints the SQL that turns one version of prisma/schema.prisma into another, for writing migrations.
//
//   node scripts/schema-sql.js                  full schema from empty (what the migrations must build)
//   node scripts/schema-sql.js --from <git-rev> only the change since prisma/schema.prisma at <git-rev>
//
// Prisma 7 cannot diff offline (it needs a native engine it cannot download). Prisma 6.19, installed as
// the dev dependency `prisma-schema-sql`, diffs with its WASM schema engine when configured with
// `engine: "js"` and a driver adapter. It connects even for a datamodel-to-datamodel diff, so the adapter
// is an in-memory PGlite: no server is needed.
// Prisma 6 also insists on `url = env(...)` in the datasource block, which Prisma 7 forbids, so the
// schemas are rewritten into a temporary folder first.
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const root = path.join(__dirname, "..");

function asPrisma6Schema(text) {
  return text
    .replace(/generator\s+client\s*\{[^}]*\}/, "")
    .replace(/(datasource\s+db\s*\{[^}]*provider\s*=\s*"postgresql")/, '$1\n  url = env("SCHEMA_SQL_URL")');
}

function schemaSql({ fromText, toText }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "schema-sql-"));
  try {
    const placeholder = path.join(dir, "engine-placeholder");
    fs.writeFileSync(placeholder, "");
    fs.writeFileSync(path.join(dir, "to.prisma"), asPrisma6Schema(toText));
    if (fromText !== undefined) fs.writeFileSync(path.join(dir, "from.prisma"), asPrisma6Schema(fromText));
    fs.writeFileSync(
      path.join(dir, "prisma.config.js"),
      `const { PrismaPGlite } = require(${JSON.stringify(require.resolve("pglite-prisma-adapter"))});
const { PGlite } = require(${JSON.stringify(require.resolve("@electric-sql/pglite"))});
module.exports = { experimental: { adapter: true }, engine: "js", schema: "to.prisma",
  async adapter() { return new PrismaPGlite(new PGlite()); } };\n`,
    );
    const from = fromText === undefined ? ["--from-empty"] : ["--from-schema-datamodel", "from.prisma"];
    const cli = require.resolve("prisma-schema-sql/build/index.js");
    return execFileSync(
      process.execPath,
      [cli, "migrate", "diff", ...from, "--to-schema-datamodel", "to.prisma", "--script", "--config", "prisma.config.js"],
      {
        cwd: dir,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
        env: {
          ...process.env,
          SCHEMA_SQL_URL: "postgresql://unused/unused",
          // Checked for existence only; the WASM engine does the work.
          PRISMA_SCHEMA_ENGINE_BINARY: placeholder,
          PRISMA_QUERY_ENGINE_LIBRARY: placeholder,
          PRISMA_HIDE_UPDATE_MESSAGE: "1",
        },
      },
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = { schemaSql };

if (require.main === module) {
  const current = fs.readFileSync(path.join(root, "prisma", "schema.prisma"), "utf8");
  const i = process.argv.indexOf("--from");
  const fromText =
    i > 0 ? execFileSync("git", ["show", `${process.argv[i + 1]}:prisma/schema.prisma`], { cwd: root, encoding: "utf8" }) : undefined;
  process.stdout.write(schemaSql({ fromText, toText: current }));
}
