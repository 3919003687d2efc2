/**
 * The hub's network edge: one HTTP server and one port for GraphQL over HTTP (Apollo Server) and over
 * WebSocket (graphql-ws) on the same path, plus /healthz and /readyz. Builds the request context:
 * authenticates the caller and creates per-request loaders.
 */
import { randomUUID } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer, HeaderMap } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import { GraphQLError, type ExecutionResult } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import type { Logger } from "pino";
import { WebSocketServer } from "ws";
import { Authenticator } from "./auth/authenticate";
import { JwtVerifier } from "./auth/jwt";
import type { Principal } from "./auth/principal";
import type { Config } from "./config";
import type { RequestContext } from "./context";
import type { Database } from "./db/database";
import { DomainError } from "./domain/shared/domain-error";
import { createLoaders } from "./loaders/create-loaders";
import { buildHubSchema } from "./schema/build-schema";
import { formatError } from "./schema/format-error";
import { createServices, type Services } from "./services";

export interface Hub {
  url: string;
  wsUrl: string;
  services: Services;
  /** stop accepting, finish in-flight requests, close WebSockets, then resolve */
  stop(): Promise<void>;
}

export interface HubOptions {
  config: Config;
  db: Database;
  log: Logger;
  /** headers the Sandbox sends by default (the demo credential in development) */
  sandboxHeaders?: Record<string, string>;
}

export async function startHub({ config, db, log, sandboxHeaders }: HubOptions): Promise<Hub> {
  const services = createServices(db);
  const schema = buildHubSchema();
  const authenticator = new Authenticator(await JwtVerifier.create(config.auth), services.apiKeys);
  const format = formatError(log);

  const contextFor = (principal: Principal | null, requestId: string): RequestContext => ({
    requestId,
    principal,
    services,
    loaders: createLoaders(db.sql),
    config,
    log: log.child({ requestId, principal: principal?.id }),
  });

  const httpServer = http.createServer();
  const wsServer = new WebSocketServer({ server: httpServer, path: config.graphqlPath, maxPayload: config.limits.maxBodyBytes });
  const wsCleanup = useServer<{ authorization?: string; apiKey?: string }, { principal?: Principal | null }>(
    {
      schema,
      // Authenticate once, in connection_init; a bad credential closes the socket with 4403.
      onConnect: async (ctx) => {
        try {
          const params = ctx.connectionParams ?? {};
          ctx.extra.principal = await authenticator.fromHeaders(asString(params.authorization), asString(params.apiKey));
          return true;
        } catch (e) {
          if (e instanceof DomainError) return false;
          throw e;
        }
      },
      context: (ctx) => contextFor((ctx.extra as { principal?: Principal | null }).principal ?? null, randomUUID()),
      onNext: (_ctx, _id, _payload, _args, result) => formatResult(result as ExecutionResult, format),
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => format(e.toJSON(), e) as GraphQLError),
    },
    wsServer,
  );

  const apollo = new ApolloServer<RequestContext>({
    schema,
    formatError: format,
    introspection: config.nodeEnv !== "production",
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    plugins: [
      config.nodeEnv === "production"
        ? ApolloServerPluginLandingPageDisabled()
        : ApolloServerPluginLandingPageLocalDefault({ embed: { initialState: { sharedHeaders: sandboxHeaders ?? {} } } }),
    ],
  });
  await apollo.start();

  let accepting = true;
  httpServer.on("request", (req, res) => {
    void route(req, res).catch((err) => {
      log.error({ err }, "request failed");
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } }] });
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://hub");
    if (url.pathname === "/healthz") return sendJson(res, 200, { status: "ok" });
    if (url.pathname === "/readyz") {
      const ready = accepting && (await db.sql.query("SELECT 1").then(() => true, () => false));
      return sendJson(res, ready ? 200 : 503, { status: ready ? "ready" : "not ready" });
    }
    if (url.pathname !== config.graphqlPath) return sendJson(res, 404, { error: "not found" });
    if (!accepting) return sendJson(res, 503, { errors: [{ message: "shutting down", extensions: { code: "SERVICE_UNAVAILABLE" } }] });

    const body = await readBody(req, config.limits.maxBodyBytes);
    if (body === TOO_LARGE) {
      return sendJson(res, 413, { errors: [{ message: `request body over ${config.limits.maxBodyBytes} bytes`, extensions: { code: "PAYLOAD_TOO_LARGE" } }] });
    }
    const headers = new HeaderMap();
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
    const requestId = asString(req.headers["x-request-id"]) ?? randomUUID();
    res.setHeader("x-request-id", requestId);

    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? "GET", headers, search: url.search, body: body === "" ? undefined : parseJson(body) },
      context: async () => {
        try {
          return contextFor(await authenticator.fromHeaders(asString(req.headers.authorization), asString(req.headers["x-api-key"])), requestId);
        } catch (e) {
          if (e instanceof DomainError) throw new GraphQLError(e.message, { extensions: { code: e.code, http: { status: 401 } } });
          throw e;
        }
      },
    });
    for (const [k, v] of response.headers) res.setHeader(k, v);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === "complete") return void res.end(response.body.string);
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, resolve));
  const { port } = httpServer.address() as AddressInfo;
  const host = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;

  return {
    url: `http://${host}:${port}${config.graphqlPath}`,
    wsUrl: `ws://${host}:${port}${config.graphqlPath}`,
    services,
    async stop() {
      accepting = false;
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeIdleConnections();
      // 1001 "going away" tells graphql-ws clients to reconnect elsewhere.
      for (const client of wsServer.clients) client.close(1001, "server shutting down");
      await wsCleanup.dispose();
      await apollo.stop();
      await closed;
    },
  };
}

const TOO_LARGE = Symbol("too large");

function readBody(req: IncomingMessage, limit: number): Promise<string | typeof TOO_LARGE> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > limit) {
      req.resume();
      return resolve(TOO_LARGE);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.resume();
        resolve(TOO_LARGE);
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Unparseable JSON is handed to Apollo as text, which answers 400 with a clear message. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.statusCode = status;
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify(body));
}

function asString(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

function formatResult(result: ExecutionResult, format: ReturnType<typeof formatError>): ExecutionResult {
  if (!result.errors?.length) return result;
  return { ...result, errors: result.errors.map((e) => format(e.toJSON(), e) as unknown as GraphQLError) };
}
