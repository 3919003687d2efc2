/** `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded database. */
import path from "node:path";
import { loadConfig } from "../runtime/config";
import { openDatabase } from "./database";
import { migrate } from "./migrator";

async function run() {
  const config = loadConfig();
  const db = await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: path.join(config.dataDir, "pglite") });
  try {
    const applied = await migrate(db);
    process.stdout.write(applied.length ? `applied: ${applied.join(", ")}\n` : "database is up to date\n");
  } finally {
    await db.close();
  }
}

run().catch((e) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
