/**
 * The hub as plant IT runs it: `node dist/src/main.js` in a child process, configured by environment.
 * A bad configuration stops the boot with a clear message; SIGTERM lets a running request finish,
 * closes WebSockets with 1001 and exits 0.
 */
import http from "node:http";
import { execFile, spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { createClient } from "graphql-ws";
import pg from "pg";
import WebSocket from "ws";
import { signToken } from "../../src/auth/jwt";
import { Role } from "../../src/auth/roles";
import { createScratchDatabase, type ScratchDatabase } from "../support/scratch-database";
import { until } from "../support/until";

const ROOT = path.resolve(__dirname, "../..");
const MAIN = path.join(ROOT, "dist/src/main.js");
const SECRET = "process-test-secret-process-test-secret";
let scratch: ScratchDatabase;

beforeAll(async () => {
  // `npm run build`; type errors elsewhere in the tree do not stop tsc from emitting main.js.
  await promisify(execFile)(process.execPath, [path.join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: ROOT }).catch(() => undefined);
  if (!fs.existsSync(MAIN)) throw new Error(`the build did not produce ${MAIN}`);
  scratch = await createScratchDatabase("hub_proc");
}, 180_000);
afterAll(() => scratch?.drop());

interface Hub {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** A POST on a connection of its own (fetch may reuse a kept-alive one). */
function onNewConnection(url: string): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "POST", agent: false, headers: { "content-type": "application/json" } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res));
    });
    req.on("error", reject);
    req.end("{}");
  });
}

function run(env: Record<string, string>): Hub {
  const { DATABASE_URL: _, AUTH_JWT_SECRET: __, AUTH_JWT_PUBLIC_KEY: ___, ...inherited } = process.env;
  const child = spawn(process.execPath, [MAIN], { cwd: ROOT, env: { ...inherited, NODE_ENV: "production", ...env } });
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

test("production without a JWT key stops the boot with exit code 2 and one line per problem", async () => {
  const hub = run({ PORT: "abc", MAX_QUERY_DEPTH: "0" });
  expect(await hub.exited).toBe(2);
  expect(hub.stderr()).toBe(
    [
      "Invalid configuration:",
      "  - AUTH_JWT_SECRET or AUTH_JWT_PUBLIC_KEY: required in production (nothing is open by default)",
      "  - DATABASE_URL: required in production (the embedded database is for development)",
      '  - PORT="abc": expected a whole number from 0 to 65535',
      '  - MAX_QUERY_DEPTH="0": expected a whole number from 2 to 100',
      "",
    ].join("\n"),
  );
}, 30_000);

test("SIGTERM during running requests: they finish, WebSockets close with 1001, the process exits 0", async () => {
  const hub = run({ DATABASE_URL: scratch.url, AUTH_JWT_SECRET: SECRET, HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "info" });
  const url = await until(() => /ready at (http:\/\/\S+)/.exec(hub.stdout())?.[1] ?? (hub.child.exitCode !== null ? "exited" : undefined), "the hub to start", 30_000);
  expect(url).not.toBe("exited");
  const token = await signToken({ jwtSecret: SECRET, jwtIssuer: "manufacturing-hub", jwtAudience: "manufacturing-hub" }, { sub: "ops", roles: [Role.VIEWER] });

  const post = (query: string, headers: Record<string, string> = {}) =>
    fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...headers }, body: JSON.stringify({ query }) });
  expect((await post("{ me { id } }")).status).toBe(200);

  // Hold two tables so that a request over HTTP and one over WebSocket are still running when SIGTERM arrives.
  const locker = new pg.Client({ connectionString: scratch.url });
  await locker.connect();
  await locker.query("BEGIN; LOCK TABLE material, warehouse IN ACCESS EXCLUSIVE MODE");
  let connected: () => void;
  const wsConnected = new Promise<void>((resolve) => (connected = resolve));
  const wsClosed = new Promise<number>((resolve) => {
    const client = createClient({
      url: url.replace(/^http/, "ws"),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => undefined, // the 1001 close is expected
      on: { connected: () => connected(), closed: (e) => resolve((e as { code: number }).code) },
    });
    const ignore = { next: () => undefined, error: () => undefined, complete: () => undefined };
    void wsConnected.then(() => {
      client.subscribe({ query: "query SlowWs { warehouses { code } }" }, ignore);
      client.subscribe({ query: "subscription Exceptions { exceptionRaised { eventId } }" }, ignore); // ends with its socket
    });
  });
  await wsConnected;
  const response = post("query Slow { materials { totalCount } }", { "x-request-id": "slow-one" });
  await new Promise((r) => setTimeout(r, 1_000)); // both now wait on the lock; their log lines below prove it

  hub.child.kill("SIGTERM");
  expect(await wsClosed).toBe(1001);
  await new Promise((r) => setTimeout(r, 300));
  expect(hub.child.exitCode).toBeNull(); // still finishing the request
  // requests sent while it drains, on the connection used before and on a new one, are answered, not refused or reset
  const reused = await post("{ me { id } }");
  expect({ status: reused.status, retryAfter: reused.headers.get("retry-after"), connection: reused.headers.get("connection"), body: await reused.json() }).toEqual({
    status: 503,
    retryAfter: "5",
    connection: "close",
    body: { errors: [{ message: "shutting down", extensions: { code: "SERVICE_UNAVAILABLE", retryAfterSeconds: 5 } }] },
  });
  const fresh = await onNewConnection(url);
  expect({ status: fresh.statusCode, retryAfter: fresh.headers["retry-after"] }).toEqual({ status: 503, retryAfter: "5" });

  await locker.query("COMMIT");
  await locker.end();
  const res = await response;
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ data: { materials: { totalCount: 0 } } });
  expect(await hub.exited).toBe(0);

  const logs = hub.stdout().split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as { msg: string; time: number; durationMs?: number } & Record<string, unknown>);
  const at = (msg: string) => logs.find((l) => l.msg === msg)!.time;
  const http = logs.find((l) => l.requestId === "slow-one")!;
  expect(http).toMatchObject({ msg: "graphql request", operation: "Slow", principal: "user:ops", status: 200 });
  const ws = logs.find((l) => l.operation === "SlowWs")!;
  expect(ws).toMatchObject({ msg: "graphql request", transport: "ws", principal: "user:ops" });
  const subscription = logs.find((l) => l.operation === "Exceptions")!;
  // each began before SIGTERM and ended after it, before the hub reported itself stopped
  for (const line of [http, ws, subscription]) {
    expect(line.time - line.durationMs!).toBeLessThan(at("shutting down"));
    expect(line.time).toBeGreaterThan(at("shutting down"));
    expect(line.time).toBeLessThanOrEqual(at("stopped"));
  }
}, 60_000);
