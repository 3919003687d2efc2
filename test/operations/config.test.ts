/** Configuration is validated at boot: every bad variable is reported at once, one clear line each. */
import { ConfigError, loadConfig } from "../../src/runtime/config";

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
};

test("the defaults are valid for development", () => {
  expect(problemsOf({})).toEqual([]);
});

test("every bad variable is reported, each on its own line naming the variable and what it expects", () => {
  const problems = problemsOf({ PORT: "abc", MAX_QUERY_DEPTH: "0", RATE_LIMIT_PER_MINUTE: "-5", LOG_LEVEL: "loud", DATABASE_URL: "mysql://x" });
  expect(problems).toHaveLength(5);
  expect(problems).toEqual(
    expect.arrayContaining([
      'PORT="abc": expected a whole number from 0 to 65535',
      'MAX_QUERY_DEPTH="0": expected a whole number from 2 to 100',
      expect.stringMatching(/^RATE_LIMIT_PER_MINUTE="-5": expected a whole number/),
      expect.stringMatching(/^LOG_LEVEL="loud": expected one of fatal, error/),
      expect.stringMatching(/^DATABASE_URL: expected a postgres/),
    ]),
  );
  expect(() => loadConfig({ PORT: "abc", MAX_QUERY_DEPTH: "0" })).toThrow(/Invalid configuration:\n {2}- PORT="abc".*\n {2}- MAX_QUERY_DEPTH="0"/);
});

test("production refuses to start without a JWT key or a database", () => {
  expect(problemsOf({ NODE_ENV: "production" })).toEqual([
    "AUTH_JWT_SECRET or AUTH_JWT_PUBLIC_KEY: required in production (nothing is open by default)",
    "DATABASE_URL: required in production (the embedded database is for development)",
  ]);
  expect(problemsOf({ NODE_ENV: "production", AUTH_JWT_SECRET: "short", DATABASE_URL: "postgres://db/hub" })).toEqual([
    "AUTH_JWT_SECRET: must be at least 32 characters",
  ]);
  expect(problemsOf({ NODE_ENV: "production", AUTH_JWT_SECRET: "x".repeat(32), DATABASE_URL: "postgres://db/hub" })).toEqual([]);
});

test("limits come from the environment", () => {
  const { limits } = loadConfig({ MAX_QUERY_DEPTH: "8", MAX_QUERY_COST: "1000", MAX_ALIASES: "5", MAX_BODY_BYTES: "2000", REQUEST_TIMEOUT_MS: "500", RATE_LIMIT_PER_MINUTE: "60" });
  expect(limits).toMatchObject({ maxDepth: 8, maxCost: 1000, maxAliases: 5, maxBodyBytes: 2000, requestTimeoutMs: 500, rateLimitPerMinute: 60 });
});

test("the MQTT connector is off without MQTT_URL; a bad URL or topic prefix is reported without echoing credentials", () => {
  expect(loadConfig({}).mqtt).toBeUndefined();
  expect(loadConfig({ MQTT_URL: "mqtt://broker:1883" }).mqtt).toEqual({ url: "mqtt://broker:1883", topicPrefix: "hub" });
  expect(loadConfig({ MQTT_URL: "mqtts://broker", MQTT_TOPIC_PREFIX: "site-a/hub" }).mqtt?.topicPrefix).toBe("site-a/hub");
  expect(problemsOf({ MQTT_URL: "http://user:secret@broker", MQTT_TOPIC_PREFIX: "hub/#" })).toEqual([
    "MQTT_URL: expected an mqtt://, mqtts://, ws:// or wss:// URL",
    'MQTT_TOPIC_PREFIX="hub/#": topic levels without + # or empty levels, not starting with $ or /',
  ]);
  for (const prefix of ["/hub", "hub/", "a//b", "$SYS"]) expect(problemsOf({ MQTT_TOPIC_PREFIX: prefix })).toHaveLength(1);
  expect(loadConfig({ MQTT_URL: "mqtt://broker", MQTT_CLIENT_ID: "hub-a.1" }).mqtt?.clientId).toBe("hub-a.1");
  expect(problemsOf({ MQTT_CLIENT_ID: "hub a" })).toEqual(['MQTT_CLIENT_ID="hub a": 1 to 128 letters, digits, _ . : or -']);
});

test("inventory policies are recomputed every INVENTORY_POLICY_EVERY_HOURS (0: never)", () => {
  expect(loadConfig({}).inventoryPolicyEveryHours).toBe(24);
  expect(loadConfig({ INVENTORY_POLICY_EVERY_HOURS: "0" }).inventoryPolicyEveryHours).toBe(0);
  expect(problemsOf({ INVENTORY_POLICY_EVERY_HOURS: "-1" })).toEqual(['INVENTORY_POLICY_EVERY_HOURS="-1": expected a whole number from 0 to 8760']);
});

test("net-change planning is on unless NET_CHANGE turns it off (off by default in tests)", () => {
  expect(loadConfig({}).netChange).toBe(true);
  expect(loadConfig({ NET_CHANGE: "0" }).netChange).toBe(false);
  expect(loadConfig({ NODE_ENV: "test" }).netChange).toBe(false);
  expect(loadConfig({ NODE_ENV: "test", NET_CHANGE: "1" }).netChange).toBe(true);
  expect(problemsOf({ NET_CHANGE: "yes" })).toEqual([expect.stringMatching(/^NET_CHANGE="yes": /)]);
});

test("MRP keeps MRP_KEEP_RUNS completed runs whole per warehouse besides the current one (0 to 100)", () => {
  expect(loadConfig({}).mrpKeepRuns).toBe(2);
  expect(loadConfig({ MRP_KEEP_RUNS: "0" }).mrpKeepRuns).toBe(0);
  expect(loadConfig({ MRP_KEEP_RUNS: "100" }).mrpKeepRuns).toBe(100);
  expect(problemsOf({ MRP_KEEP_RUNS: "101" })).toEqual(['MRP_KEEP_RUNS="101": expected a whole number from 0 to 100']);
  expect(problemsOf({ MRP_KEEP_RUNS: "-1" })).toEqual(['MRP_KEEP_RUNS="-1": expected a whole number from 0 to 100']);
  expect(problemsOf({ MRP_KEEP_RUNS: "two" })).toEqual(['MRP_KEEP_RUNS="two": expected a whole number from 0 to 100']);
});

test("retention comes from the environment, within bounds", () => {
  expect(loadConfig({}).retention).toEqual({ eventDays: 30, sensorReadingDays: 90 });
  expect(loadConfig({ EVENT_RETENTION_DAYS: "7", SENSOR_READING_RETENTION_DAYS: "365" }).retention).toEqual({ eventDays: 7, sensorReadingDays: 365 });
  expect(problemsOf({ EVENT_RETENTION_DAYS: "0", SENSOR_READING_RETENTION_DAYS: "soon" })).toEqual([
    'EVENT_RETENTION_DAYS="0": expected a whole number from 1 to 3650',
    'SENSOR_READING_RETENTION_DAYS="soon": expected a whole number from 1 to 3650',
  ]);
});

test("the over-issue and over-completion tolerances come from the environment, 0 to 100 percent", () => {
  expect(loadConfig({})).toMatchObject({ overIssueTolerancePct: 0, overCompletionTolerancePct: 0 });
  expect(loadConfig({ OVER_COMPLETION_TOLERANCE_PCT: "5" }).overCompletionTolerancePct).toBe(5);
  expect(problemsOf({ OVER_COMPLETION_TOLERANCE_PCT: "-1", OVER_ISSUE_TOLERANCE_PCT: "101" })).toEqual([
    'OVER_ISSUE_TOLERANCE_PCT="101": expected a whole number from 0 to 100',
    'OVER_COMPLETION_TOLERANCE_PCT="-1": expected a whole number from 0 to 100',
  ]);
});

test("cycle counts take their tolerance, recounts and frequencies from the environment", () => {
  expect(loadConfig({}).counting).toEqual({ toleranceQuantity: "0", tolerancePct: 0, maxRecounts: 1, everyDays: { A: 30, B: 90, C: 365 } });
  expect(loadConfig({ COUNT_TOLERANCE_QUANTITY: "0.5", COUNT_TOLERANCE_PCT: "2", COUNT_MAX_RECOUNTS: "0", COUNT_EVERY_DAYS_A: "7" }).counting)
    .toEqual({ toleranceQuantity: "0.5", tolerancePct: 2, maxRecounts: 0, everyDays: { A: 7, B: 90, C: 365 } });
  expect(problemsOf({ COUNT_TOLERANCE_QUANTITY: "-1", COUNT_MAX_RECOUNTS: "9", COUNT_EVERY_DAYS_C: "0" })).toEqual([
    'COUNT_TOLERANCE_QUANTITY="-1": expected a decimal number of at least 0 (at most 6 decimals)',
    'COUNT_MAX_RECOUNTS="9": expected a whole number from 0 to 5',
    'COUNT_EVERY_DAYS_C="0": expected a whole number from 1 to 3650',
  ]);
});
