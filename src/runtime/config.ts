/**
 * The hub's configuration: the only module that reads process.env. Every variable is validated at boot
 * and every problem is reported at once, one line per variable (see `ConfigError`). The README's
 * configuration table lists the same variables; keep them together.
 */
import path from "node:path";
import { buildOutput } from "./build-output";
import { parseFieldMap, type FieldMap } from "./erp-field-map";
import { parseErpKinds, type ErpKindConfig } from "./erp-kinds";

export type NodeEnv = "development" | "production" | "test";

export interface Config {
  nodeEnv: NodeEnv;
  host: string;
  port: number;
  graphqlPath: string;
  /** Postgres connection string; absent = embedded PGlite under dataDir */
  databaseUrl?: string;
  dataDir: string;
  dbPoolSize: number;
  /** load the demo plant into an empty database */
  demoData: boolean;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  auth: {
    jwtSecret?: string;
    jwtPublicKey?: string;
    jwtIssuer: string;
    jwtAudience: string;
    /** longest a token may be valid (exp − iat) */
    jwtMaxLifetimeHours: number;
  };
  limits: {
    maxDepth: number;
    maxCost: number;
    maxPageSize: number;
    maxAliases: number;
    /** selections of one response name in one selection set (fragments included) */
    maxFieldRepeats: number;
    /** lexical tokens of one document (graphql-js `maxTokens`) */
    maxTokens: number;
    /** items of one list in an operation's input */
    maxListLength: number;
    /** characters of one string in an operation's input */
    maxStringLength: number;
    maxBodyBytes: number;
    requestTimeoutMs: number;
    rateLimitPerMinute: number;
  };
  /** operations registered by hash, and who may still send free text (src/security/trusted-documents.ts) */
  trustedDocuments: { mode: "off" | "allow" | "only-browser"; file: string };
  idempotencyTtlHours: number;
  retention: { eventDays: number; sensorReadingDays: number };
  overIssueTolerancePct: number;
  overCompletionTolerancePct: number;
  /** a person resolving an exception must say what was done */
  exceptionResolutionNoteRequired: boolean;
  /** cycle counts: how far a count line may be off its book quantity (units or %), recounts asked per line, days between counts by ABC class */
  counting: { toleranceQuantity: string; tolerancePct: number; maxRecounts: number; everyDays: { A: number; B: number; C: number } };
  /** hours between scheduled recomputations of classes, safety stocks and reorder points (0: only when asked) */
  inventoryPolicyEveryHours: number;
  /** minutes between the KPI job's runs (0: only `refreshKpis`); off by default in tests, which refresh when they mean to */
  kpiEveryMinutes: number;
  /**
   * live KPIs: seconds between refreshes of today's (and yesterday's) KPIs of the warehouses where stock moved or
   * work orders changed (src/domain/kpis/kpi-live.ts); 0: off (the default in tests)
   */
  kpiLiveSeconds: number;
  /** net-change planning: current plans follow stock, demand and supply changes (src/domain/planning/net-change.service.ts); off by default in tests */
  netChange: boolean;
  /**
   * completed MRP runs kept whole per warehouse besides the current one; older runs are purged of their unreleased
   * rows (src/domain/planning/purge-runs.ts)
   */
  mrpKeepRuns: number;
  redisUrl?: string;
  /** devices over MQTT; absent when MQTT_URL is not set */
  mqtt?: { url: string; topicPrefix: string; clientId?: string };
  /** an MQTT broker run inside the hub for the devices, when MQTT_URL is not set (see MQTT_EMBEDDED) */
  mqttEmbedded?: { host: string; port: number; topicPrefix: string };
  devices: {
    /** how often silent devices are looked for */
    healthCheckMs: number;
    /** a device is silent once not heard for its expected interval × this */
    silentGrace: number;
    /** a shelf weight sensor's tolerance unless it has its own: base units plus a percentage of the booked quantity */
    weightTolerance: { quantity: number; pct: number };
  };
  /** the ERP push of purchase suggestions; absent when ERP_URL is not set */
  erp?: ErpConfig;
  /** webhook deliveries (subscriptions live in the database); absent when WEBHOOKS_ENABLED=false */
  webhooks?: WebhooksConfig;
}

export interface WebhooksConfig {
  /** longest one POST may take */
  timeoutMs: number;
  /** wait before the first retry; doubles per retry */
  retryBaseMs: number;
  /** tries per delivery, the first included, before it is dead-lettered */
  attempts: number;
  /** webhooks delivered to at the same time (one lane each) */
  lanes: number;
  /** the SMTP server e-mail webhooks (`mailto:` URLs) are sent through; unset: they fail as dead letters, replayable once set */
  smtp?: { url: string; from: string };
}

export interface ErpConfig {
  /** base URL, without a trailing slash */
  url: string;
  token?: string;
  batchSize: number;
  timeoutMs: number;
  /** wait before the first retry of a batch; doubles per retry */
  retryBaseMs: number;
  fieldMap: FieldMap;
  /** what else the ERP is told of (goods receipts, …): the kinds sent, each to its path with its field map */
  kinds: ErpKindConfig[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const str = (name: string, fallback?: string) => {
    const value = env[name]?.trim();
    return value === undefined || value === "" ? fallback : value;
  };
  const int = (name: string, fallback: number, min: number, max: number) => {
    const raw = str(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name}=${JSON.stringify(raw)}: expected a whole number from ${min} to ${max}`);
      return fallback;
    }
    return n;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = str(name);
    if (raw === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      problems.push(`${name}=${JSON.stringify(raw)}: expected one of ${allowed.join(", ")}`);
      return fallback;
    }
    return raw as T;
  };
  const num = (name: string, fallback: number, min: number, max: number) => {
    const raw = str(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) {
      problems.push(`${name}=${JSON.stringify(raw)}: expected a number from ${min} to ${max}`);
      return fallback;
    }
    return n;
  };
  const decimal = (name: string, fallback: string) => {
    const raw = str(name);
    if (raw === undefined) return fallback;
    if (!/^\d{1,12}(\.\d{1,6})?$/.test(raw)) {
      problems.push(`${name}=${JSON.stringify(raw)}: expected a decimal number of at least 0 (at most 6 decimals)`);
      return fallback;
    }
    return raw;
  };
  const bool = (name: string, fallback: boolean) =>
    oneOf(name, ["true", "false", "1", "0"] as const, fallback ? "true" : "false").match(/^(true|1)$/) !== null;

  const nodeEnv = oneOf("NODE_ENV", ["development", "production", "test"] as const, "development");
  const databaseUrl = str("DATABASE_URL");
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push(`DATABASE_URL: expected a postgres:// or postgresql:// URL`);
  }
  const graphqlPath = str("GRAPHQL_PATH", "/graphql")!;
  if (!graphqlPath.startsWith("/")) problems.push(`GRAPHQL_PATH=${JSON.stringify(graphqlPath)}: must start with /`);

  const jwtSecret = str("AUTH_JWT_SECRET");
  const jwtPublicKey = str("AUTH_JWT_PUBLIC_KEY")?.replace(/\\n/g, "\n");
  if (jwtSecret !== undefined && jwtSecret.length < 32) problems.push("AUTH_JWT_SECRET: must be at least 32 characters");
  if (nodeEnv === "production" && jwtSecret === undefined && jwtPublicKey === undefined) {
    problems.push("AUTH_JWT_SECRET or AUTH_JWT_PUBLIC_KEY: required in production (nothing is open by default)");
  }
  if (nodeEnv === "production" && databaseUrl === undefined) {
    problems.push("DATABASE_URL: required in production (the embedded database is for development)");
  }

  const erpUrl = str("ERP_URL");
  if (erpUrl !== undefined && !isHttpUrl(erpUrl)) problems.push("ERP_URL: expected an http:// or https:// URL without credentials (the token goes in ERP_TOKEN)");
  let fieldMap: FieldMap = {};
  try {
    fieldMap = parseFieldMap(str("ERP_FIELD_MAP", "{}")!);
  } catch (e) {
    problems.push(`ERP_FIELD_MAP: ${(e as Error).message}`);
  }
  const erp: ErpConfig = {
    url: (erpUrl ?? "").replace(/\/+$/, ""),
    token: str("ERP_TOKEN"),
    batchSize: int("ERP_BATCH_SIZE", 500, 1, 10_000),
    timeoutMs: int("ERP_TIMEOUT_MS", 10_000, 100, 600_000),
    retryBaseMs: int("ERP_RETRY_BASE_MS", 200, 1, 60_000),
    fieldMap,
    kinds: parseErpKinds(str("ERP_SEND", "all")!, str("ERP_PATHS", "{}")!, str("ERP_FIELD_MAPS", "{}")!, problems),
  };

  const smtpUrl = str("SMTP_URL");
  if (smtpUrl !== undefined && !/^smtps?:\/\/[^/]/.test(smtpUrl)) problems.push("SMTP_URL: expected an smtp:// or smtps:// URL (smtp://user:password@host:port)");
  const smtpFrom = str("SMTP_FROM", "Manufacturing hub <hub@localhost>")!;

  const mqttUrl = str("MQTT_URL");
  if (mqttUrl !== undefined && !/^(mqtts?|wss?):\/\/[^/]/.test(mqttUrl)) problems.push("MQTT_URL: expected an mqtt://, mqtts://, ws:// or wss:// URL");
  const mqttClientId = str("MQTT_CLIENT_ID");
  if (mqttClientId !== undefined && !/^[A-Za-z0-9_.:-]{1,128}$/.test(mqttClientId)) {
    problems.push(`MQTT_CLIENT_ID=${JSON.stringify(mqttClientId)}: 1 to 128 letters, digits, _ . : or -`);
  }
  const topicPrefix = str("MQTT_TOPIC_PREFIX", "hub")!;
  if (!/^[^/+#$][^+#]*$/.test(topicPrefix) || topicPrefix.endsWith("/") || topicPrefix.includes("//")) {
    problems.push(`MQTT_TOPIC_PREFIX=${JSON.stringify(topicPrefix)}: topic levels without + # or empty levels, not starting with $ or /`);
  }

  // Without MQTT_URL, `npm start` (development) runs its own broker, so that devices work out of the box.
  const mqttEmbedded = bool("MQTT_EMBEDDED", mqttUrl === undefined && nodeEnv === "development");
  if (mqttEmbedded && mqttUrl !== undefined) problems.push("MQTT_EMBEDDED=true: the hub runs its own broker only without MQTT_URL");

  const config: Config = {
    nodeEnv,
    host: str("HOST", "0.0.0.0")!,
    port: int("PORT", 4000, 0, 65535),
    graphqlPath,
    databaseUrl,
    dataDir: path.resolve(str("DATA_DIR", "data")!),
    dbPoolSize: int("DB_POOL_SIZE", 10, 1, 200),
    demoData: bool("DEMO_DATA", databaseUrl === undefined),
    logLevel: oneOf("LOG_LEVEL", ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const, nodeEnv === "test" ? "silent" : "info"),
    auth: {
      jwtSecret,
      jwtPublicKey,
      jwtIssuer: str("AUTH_JWT_ISSUER", "manufacturing-hub")!,
      jwtAudience: str("AUTH_JWT_AUDIENCE", "manufacturing-hub")!,
      jwtMaxLifetimeHours: int("AUTH_JWT_MAX_LIFETIME_HOURS", 720, 1, 24 * 365),
    },
    limits: {
      maxDepth: int("MAX_QUERY_DEPTH", 12, 2, 100),
      maxCost: int("MAX_QUERY_COST", 50_000, 10, 10_000_000),
      maxPageSize: int("MAX_PAGE_SIZE", 500, 1, 10_000),
      maxAliases: int("MAX_ALIASES", 30, 1, 1000),
      maxFieldRepeats: int("MAX_FIELD_REPEATS", 10, 1, 1000),
      maxTokens: int("MAX_QUERY_TOKENS", 1000, 50, 1_000_000),
      maxListLength: int("MAX_INPUT_LIST", 1000, 1, 1_000_000),
      maxStringLength: int("MAX_INPUT_STRING", 2000, 10, 10_000_000),
      maxBodyBytes: int("MAX_BODY_BYTES", 1_000_000, 1_000, 100_000_000),
      requestTimeoutMs: int("REQUEST_TIMEOUT_MS", 30_000, 100, 3_600_000),
      rateLimitPerMinute: int("RATE_LIMIT_PER_MINUTE", 6000, 1, 10_000_000),
    },
    trustedDocuments: {
      mode: oneOf("TRUSTED_DOCUMENTS", ["off", "allow", "only-browser"] as const, "allow"),
      file: path.resolve(str("TRUSTED_DOCUMENTS_FILE") ?? buildOutput("trusted-documents.json")),
    },
    idempotencyTtlHours: int("IDEMPOTENCY_TTL_HOURS", 72, 1, 24 * 365),
    retention: {
      eventDays: int("EVENT_RETENTION_DAYS", 30, 1, 3650),
      sensorReadingDays: int("SENSOR_READING_RETENTION_DAYS", 90, 1, 3650),
    },
    overIssueTolerancePct: int("OVER_ISSUE_TOLERANCE_PCT", 0, 0, 100),
    overCompletionTolerancePct: int("OVER_COMPLETION_TOLERANCE_PCT", 0, 0, 100),
    exceptionResolutionNoteRequired: bool("EXCEPTION_RESOLUTION_NOTE_REQUIRED", true),
    counting: {
      toleranceQuantity: decimal("COUNT_TOLERANCE_QUANTITY", "0"),
      tolerancePct: int("COUNT_TOLERANCE_PCT", 0, 0, 100),
      maxRecounts: int("COUNT_MAX_RECOUNTS", 1, 0, 5),
      everyDays: { A: int("COUNT_EVERY_DAYS_A", 30, 1, 3650), B: int("COUNT_EVERY_DAYS_B", 90, 1, 3650), C: int("COUNT_EVERY_DAYS_C", 365, 1, 3650) },
    },
    inventoryPolicyEveryHours: int("INVENTORY_POLICY_EVERY_HOURS", 24, 0, 24 * 365),
    kpiEveryMinutes: int("KPI_EVERY_MINUTES", nodeEnv === "test" ? 0 : 60, 0, 24 * 60),
    kpiLiveSeconds: int("KPI_LIVE_SECONDS", nodeEnv === "test" ? 0 : 10, 0, 3600),
    netChange: bool("NET_CHANGE", nodeEnv !== "test"),
    mrpKeepRuns: int("MRP_KEEP_RUNS", 2, 0, 100),
    redisUrl: str("REDIS_URL"),
    mqtt: mqttUrl === undefined ? undefined : { url: mqttUrl, topicPrefix, ...(mqttClientId ? { clientId: mqttClientId } : {}) },
    mqttEmbedded: mqttEmbedded && mqttUrl === undefined
      ? { host: str("MQTT_EMBEDDED_HOST", "127.0.0.1")!, port: int("MQTT_EMBEDDED_PORT", 1884, 0, 65535), topicPrefix }
      : undefined,
    devices: {
      healthCheckMs: int("DEVICE_HEALTH_CHECK_MS", 30_000, 50, 3_600_000),
      silentGrace: num("DEVICE_SILENT_GRACE", 3, 1, 100),
      weightTolerance: { quantity: num("WEIGHT_TOLERANCE_QUANTITY", 0.5, 0, 1e9), pct: num("WEIGHT_TOLERANCE_PCT", 2, 0, 100) },
    },
    erp: erpUrl === undefined ? undefined : erp,
    // on by default; tests that do not deal with webhooks keep their connector lists as they were
    webhooks: bool("WEBHOOKS_ENABLED", nodeEnv !== "test")
      ? {
          timeoutMs: int("WEBHOOK_TIMEOUT_MS", 10_000, 50, 600_000),
          retryBaseMs: int("WEBHOOK_RETRY_BASE_MS", 500, 1, 60_000),
          attempts: int("WEBHOOK_ATTEMPTS", 6, 1, 20),
          lanes: int("WEBHOOK_LANES", 16, 1, 1000),
          ...(smtpUrl === undefined ? {} : { smtp: { url: smtpUrl, from: smtpFrom } }),
        }
      : undefined,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && url.username === "" && url.password === "";
  } catch {
    return false;
  }
}
