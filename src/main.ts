/**
 * `npm start`: validate configuration, open the database (embedded unless DATABASE_URL is set), apply
 * migrations, load the demo plant once, serve (with an embedded MQTT broker unless MQTT_URL is set), register
 * the demo plant's devices, and shut down gracefully on SIGTERM/SIGINT.
 */
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { signToken } from "./auth/jwt";
import { Role } from "./auth/roles";
import { ConfigError, loadConfig, type Config } from "./runtime/config";
import { openDatabase } from "./db/database";
import { migrate } from "./db/migrator";
import { loadDemoOnce } from "./demo/demo-history";
import { createLogger } from "./runtime/logger";
import { startHub } from "./server";
import { CONSOLE_PATH } from "./web/serve-console";

async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const log = createLogger(config);
  const demoCredential = config.nodeEnv === "development" && !config.auth.jwtSecret && !config.auth.jwtPublicKey;
  if (demoCredential) config = { ...config, auth: { ...config.auth, jwtSecret: developmentSecret(config.dataDir) } };

  // how long each step of the start took, logged with "hub ready" (a second start only opens and checks)
  const phases: Record<string, number> = {};
  let since = 0; // the process start: "modules" is the loading of the code
  const phase = (name: string) => {
    phases[name] = Math.round(performance.now() - since);
    since = performance.now();
  };
  phase("modules");
  if (!config.databaseUrl) fs.mkdirSync(config.dataDir, { recursive: true });
  const db = await openDatabase(config.databaseUrl ? { url: config.databaseUrl, poolSize: config.dbPoolSize } : { dataDir: path.join(config.dataDir, "pglite") });
  phase("database");
  const applied = await migrate(db);
  if (applied.length) log.info({ applied }, "migrations applied");
  phase("migrations");
  if (config.demoData) {
    const demo = await loadDemoOnce(db, config, log);
    if (demo.plant) log.info({ seconds: Math.round((performance.now() - since) / 1000) }, "demo plant loaded");
    if (demo.devices) log.info({ registered: demo.devices }, "demo devices registered");
    phase("demo");
  }

  const token = demoCredential ? await signToken(config.auth, { sub: "demo-admin", roles: [Role.ADMIN] }, "30d") : undefined;
  const hub = await startHub({ config, db, log, demoHeaders: token ? { Authorization: `Bearer ${token}` } : undefined });
  phase("server");
  // the start-up jobs (KPI catch-up, outbox, connectors…) go on in the background
  log.info({ url: hub.url, database: db.kind, mqttBroker: hub.mqttBrokerUrl, phasesMs: phases, uptimeMs: Math.round(process.uptime() * 1000) }, "hub ready");
  process.stdout.write(`\nManufacturing hub ready at ${hub.url} (${db.kind === "embedded" ? `embedded database in ${config.dataDir}` : "PostgreSQL"})\n`);
  process.stdout.write(`Console: ${new URL(CONSOLE_PATH, hub.url).href}/\n`);
  if (hub.mqttBrokerUrl) {
    process.stdout.write(`Devices: embedded MQTT broker at ${hub.mqttBrokerUrl} (topics ${config.mqttEmbedded!.topicPrefix}/<warehouse>/devices/<device>/readings|scans); \`npm run simulate\` makes the demo devices talk\n`);
  }
  if (token) {
    process.stdout.write(
      `Demo credential (development only, admin, 30 days); the explorer at the URL above already sends it, and the console signs in with it:\n  Authorization: Bearer ${token}\n\n`,
    );
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    const timer = setTimeout(() => {
      log.error("shutdown timed out");
      process.exit(1);
    }, config.limits.requestTimeoutMs + 5_000);
    timer.unref();
    await hub.stop();
    await db.close();
    log.info("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

/** A secret kept beside the embedded database so that demo tokens survive restarts. */
function developmentSecret(dataDir: string): string {
  const file = path.join(dataDir, "dev-jwt-secret");
  fs.mkdirSync(dataDir, { recursive: true });
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  return fs.readFileSync(file, "utf8").trim();
}

main().catch((err) => {
  process.stderr.write(`hub failed to start: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
