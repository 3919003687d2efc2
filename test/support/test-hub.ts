/**
 * Starts the real hub for a test file: its own fresh database on the real PostgreSQL server (or an
 * in-memory embedded one), migrations applied, the HTTP+WebSocket server on a free port, and helpers to
 * call it as a client would. No mocks: requests travel over HTTP and WebSocket.
 */
import { print, type ExecutionResult } from "graphql";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { signToken } from "../../src/auth/jwt";
import { Role } from "../../src/auth/roles";
import { loadConfig, type Config } from "../../src/runtime/config";
import { openDatabase, type Database } from "../../src/db/database";
import { migrate } from "../../src/db/migrator";
import { seedLivingDemo } from "../../src/demo/demo-history";
import { seedDemoPlant } from "../../src/demo/seed-demo";
import { seedDemoDevices } from "../../src/demo/seed-demo-devices";
import { createLogger } from "../../src/runtime/logger";
import { startHub, type Hub } from "../../src/server";
import { createScratchDatabase } from "./scratch-database";

export interface TestHub {
  hub: Hub;
  db: Database;
  config: Config;
  /** a bearer token for the roles (default ADMIN) */
  token(roles?: Role[], warehouses?: string[]): Promise<string>;
  /** POSTs a GraphQL operation; `auth: null` sends no credential */
  gql<TData = any, TVars = Record<string, unknown>>(
    query: string | TypedDocumentNode<TData, TVars>,
    variables?: TVars,
    options?: { auth?: string | null; headers?: Record<string, string> },
  ): Promise<ExecutionResult<TData> & { status: number; headers: Headers }>;
  /** a graphql-ws client; `auth: null` connects without a credential */
  ws(auth?: string | null): Client;
  /** the hub's log lines so far (set LOG_LEVEL in `env`: tests log nothing by default) */
  logs(): LogLine[];
  stop(): Promise<void>;
}

export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

export interface TestHubOptions {
  embedded?: boolean;
  /** the demo plant (src/demo/seed-demo.ts); "living": with its history and today's orders, plan, devices and alarms, as `npm start` loads it */
  demo?: boolean | "living";
  /** the demo plant's devices too (needs `demo`; the living demo has them anyway) */
  demoDevices?: boolean;
  env?: Record<string, string>;
  /** the hub reaches its database through this port of 127.0.0.1 (a test/support/tcp-proxy.ts in front of PostgreSQL) */
  databasePort?: number;
  /** headers the explorer starts with and the console's demo sign-in uses (main.ts: the demo credential), given the default admin token */
  demoHeaders?: (adminToken: string) => Record<string, string>;
}

export async function startTestHub(options: TestHubOptions = {}): Promise<TestHub> {
  const scratch = options.embedded ? undefined : await createScratchDatabase("hub_test");
  const url = scratch && options.databasePort ? Object.assign(new URL(scratch.url), { hostname: "127.0.0.1", port: String(options.databasePort) }).toString() : scratch?.url;
  const config = loadConfig({
    NODE_ENV: "test",
    PORT: "0",
    HOST: "127.0.0.1",
    AUTH_JWT_SECRET: "test-secret-test-secret-test-secret-0123",
    DB_POOL_SIZE: "20",
    ...(url ? { DATABASE_URL: url } : {}),
    ...options.env,
  });
  const db = await openDatabase(url ? { url, poolSize: config.dbPoolSize } : { dataDir: "memory://" });
  await migrate(db);
  if (options.demo === "living") await seedLivingDemo(db, config, createLogger(config));
  else if (options.demo) await seedDemoPlant(db);
  if (options.demoDevices) await seedDemoDevices(db, config);
  const lines: LogLine[] = [];
  const defaultToken = await signToken(config.auth, { sub: "test-admin", roles: [Role.ADMIN] });
  const log = createLogger(config, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
  const hub = await startHub({ config, db, log, demoHeaders: options.demoHeaders?.(defaultToken) });
  const clients: Client[] = [];

  return {
    hub,
    db,
    config,
    token: (roles = [Role.ADMIN], warehouses) => signToken(config.auth, { sub: `test-${roles.join("-").toLowerCase()}`, roles, warehouses }),
    async gql(query, variables, opts = {}) {
      const auth = opts.auth === undefined ? defaultToken : opts.auth;
      const res = await fetch(hub.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(auth ? { authorization: auth.startsWith("hub_") ? `ApiKey ${auth}` : `Bearer ${auth}` } : {}),
          ...opts.headers,
        },
        body: JSON.stringify({ query: typeof query === "string" ? query : print(query), variables }),
      });
      return { status: res.status, headers: res.headers, ...((await res.json()) as ExecutionResult<any>) };
    },
    logs: () => [...lines],
    ws(auth) {
      const token = auth === undefined ? defaultToken : auth;
      const client = createClient({
        url: hub.wsUrl,
        webSocketImpl: WebSocket,
        connectionParams: token ? { authorization: `Bearer ${token}` } : {},
        retryAttempts: 0,
        lazy: false,
        onNonLazyError: () => undefined,
      });
      clients.push(client);
      return client;
    },
    async stop() {
      for (const c of clients) await c.dispose();
      await hub.stop();
      await db.close();
      await scratch?.drop();
    },
  };
}

/** The single result of a query or subscription's first event over graphql-ws. */
/**
 * Subscribes and collects each event's `data` until `done` says enough (e.g. a count reached), then
 * unsubscribes. An error in a result rejects.
 */
export function wsEvents<T = any>(client: Client, query: string, variables: Record<string, unknown>, done: (seen: T[]) => boolean): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const seen: T[] = [];
    const dispose = client.subscribe<T>(
      { query, variables },
      {
        next: (r) => {
          if (r.errors) return reject(new Error(JSON.stringify(r.errors)));
          seen.push(r.data as T);
          if (done(seen)) {
            dispose();
            resolve(seen);
          }
        },
        error: (e) => reject(e instanceof Error ? e : new Error(JSON.stringify(e))),
        complete: () => undefined,
      },
    );
  });
}

export function wsOnce<T = any>(client: Client, query: string, variables?: Record<string, unknown>): Promise<ExecutionResult<T>> {
  return new Promise((resolve, reject) => {
    let result: ExecutionResult<T> | undefined;
    const dispose = client.subscribe<T>(
      { query, variables },
      {
        next: (r) => {
          result = r as ExecutionResult<T>;
          dispose();
          resolve(result);
        },
        error: reject,
        complete: () => (result ? undefined : reject(new Error("completed without a result"))),
      },
    );
  });
}
