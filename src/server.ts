/**
 * The hub's network edge: one HTTP server and one port for GraphQL over HTTP (Apollo Server) and over
 * WebSocket (graphql-ws) on the same path, plus /healthz and /readyz. Builds the request context:
 * authenticates the caller and creates per-request loaders. The edge also enforces the limits (body size,
 * rate, query depth/aliases/cost, time; see src/security/), logs one line per request and serves
 * Prometheus /metrics.
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer, HeaderMap } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { GraphQLError, specifiedRules, type ExecutionResult } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import type { Logger } from "pino";
import { WebSocket, WebSocketServer } from "ws";
import { Authenticator } from "./auth/authenticate";
import { JwtVerifier } from "./auth/jwt";
import type { Principal } from "./auth/principal";
import type { Config } from "./runtime/config";
import { createConnectors } from "./connectors";
import { startEmbeddedBroker } from "./connectors/mqtt/embedded-broker";
import type { Connectors } from "./connectors/connectors";
import type { RequestContext } from "./context";
import { databaseName, type Database } from "./db/database";
import type { ImportFormat } from "./domain/imports";
import { DomainError, timedOut } from "./domain/shared/domain-error";
import { Explorer } from "./explorer/serve-explorer";
import { ConsoleApp, CONSOLE_PATH } from "./web/serve-console";
import { compiledExecution } from "./execution/compiled-execution";
import { JsonReads } from "./execution/json-reads/json-reads";
import { withRawJson } from "./execution/json-reads/raw-json";
import { noStoreWithoutFieldHooks } from "./execution/no-store";
import { SubscriptionFanout } from "./execution/subscription-fanout";
import { createLoaders } from "./loaders/create-loaders";
import { buildHubSchema } from "./schema/build-schema";
import { formatError, SERVICE_UNAVAILABLE, serviceUnavailablePlugin } from "./schema/format-error";
import { DatabaseOutage, RETRY_AFTER_SECONDS } from "./db/unavailable";
import { executeWithDeadline, withDeadline, TIMED_OUT } from "./security/deadline";
import { underDeadline } from "./runtime/request-deadline";
import { registry } from "./runtime/metrics";
import { extraValidationRules, screenOperation, type OperationPayload } from "./security/operation-checks";
import { isBrowserRequest, resolveDocument, TrustedDocuments, type DocumentPayload } from "./security/trusted-documents";
import { RateLimiter, rateLimited } from "./security/rate-limiter";
import { RequestObserver, requestIdFrom, type RequestRecord } from "./security/request-observer";
import { WsOperations } from "./security/ws-operations";
import { CredentialSessions } from "./security/credential-sessions";
import { MemoryEventBus, RedisEventBus } from "./events/event-bus";
import { OutboxPublisher } from "./events/outbox-publisher";
import { createServices, type Services } from "./services";

export interface Hub {
  url: string;
  wsUrl: string;
  services: Services;
  connectors: Connectors;
  /** the embedded MQTT broker's address, when the hub runs one (MQTT_EMBEDDED), else null */
  mqttBrokerUrl: string | null;
  /** stop accepting, finish in-flight requests, close WebSockets, then resolve */
  stop(): Promise<void>;
}

export interface HubOptions {
  config: Config;
  db: Database;
  log: Logger;
  /** headers the explorer starts with and the console's demo sign-in uses (the demo credential in development) */
  demoHeaders?: Record<string, string>;
}

export async function startHub({ config, db, log, demoHeaders }: HubOptions): Promise<Hub> {
  // first: a missing manifest stops the start before anything runs
  const trusted = { mode: config.trustedDocuments.mode, documents: TrustedDocuments.configured(config.trustedDocuments, log) };
  const bus = config.redisUrl ? await RedisEventBus.connect(config.redisUrl, db, log) : new MemoryEventBus();
  const outage = new DatabaseOutage(() => db.sql.query("SELECT 1"), log);
  const publisher = new OutboxPublisher(db, bus, log, outage);
  const services = createServices(db, bus, config, log);
  const broker = config.mqttEmbedded ? await startEmbeddedBroker(config.mqttEmbedded, log) : undefined;
  const connectors = createConnectors({ config, db, bus, services, log }, broker?.url);
  const schema = buildHubSchema();
  const authenticator = new Authenticator(await JwtVerifier.create(config.auth), services.apiKeys);
  const format = formatError(log, outage, { hideSuggestions: config.nodeEnv === "production" });
  const observer = new RequestObserver(log);
  const perMinute = config.limits.rateLimitPerMinute;
  const limiter = config.redisUrl ? await RateLimiter.shared(perMinute, config.redisUrl, await databaseName(db.sql)) : RateLimiter.inMemory(perMinute);
  const validationRules = extraValidationRules(config.nodeEnv);
  const sessions = new CredentialSessions(bus, (apiKeyId) => services.apiKeys.forget(apiKeyId));
  const wsOperations = new WsOperations({ schema, limits: config.limits, validationRules: [...specifiedRules, ...validationRules], limiter, observer, trusted });
  const fanout = new SubscriptionFanout(bus, (result) => formatResult(result, format), (s, errors) => wsOperations.sent(s.connection, s.id, errors), log);

  const contextFor = (principal: Principal | null, requestId: string): RequestContext => ({
    requestId,
    principal,
    services,
    connectors,
    loaders: createLoaders(db.sql),
    config,
    log: log.child({ requestId, principal: principal?.id }),
  });

  const httpServer = http.createServer();
  // no compression (ws's default, said here): the subscription fan-out frames its messages itself
  const wsServer = new WebSocketServer({ server: httpServer, path: config.graphqlPath, maxPayload: config.limits.maxBodyBytes, perMessageDeflate: false, WebSocket: clientFaultsAsWarnings(log) });
  const wsCleanup = useServer<{ authorization?: string; apiKey?: string }, { principal?: Principal | null }>(
    {
      schema,
      execute: executeWithDeadline(config.limits.requestTimeoutMs),
      // live events execute once per group of subscribers that share document, variables and authorization
      subscribe: (args) => fanout.subscribe(args),
      // Authenticate once, in connection_init; a bad credential closes the socket with 4403, or with
      // 4429 once failures from the address have spent its rate allowance (as over HTTP). The session
      // then lasts as long as the credential (4403 when it expires or is revoked).
      onConnect: async (ctx) => {
        try {
          const param = connectionParam(ctx.connectionParams ?? {});
          const principal = await authenticator.fromHeaders(param("authorization"), param("apiKey") ?? param("x-api-key"));
          if (principal) sessions.watch(ctx.extra.socket, principal);
          ctx.extra.principal = principal;
          return true;
        } catch (e) {
          if (!(e instanceof DomainError)) throw e;
          if ((await limiter.take(`ip:${ctx.extra.request.socket.remoteAddress}`)) > 0) ctx.extra.socket.close(4429, "Too many requests");
          return false;
        }
      },
      onSubscribe: (ctx, id, payload) => {
        const { principal, request } = ctx.extra;
        return wsOperations.admit(ctx, id, payload, principal?.id, request.socket.remoteAddress, isBrowserRequest(request.headers, principal?.kind === "apiKey"));
      },
      context: (ctx, id) =>
        fanout.bind(contextFor(ctx.extra.principal ?? null, wsOperations.requestIdOf(ctx, id)), { connection: ctx, socket: ctx.extra.socket, raw: ctx.extra.request.socket, id }),
      onNext: (ctx, id, _payload, _args, result) => {
        const formatted = formatResult(result as ExecutionResult, format);
        wsOperations.sent(ctx, id, formatted.errors);
        return formatted;
      },
      onError: (ctx, id, _payload, errors) => {
        const formatted = errors.map((e) => format(e.toJSON(), e));
        wsOperations.sent(ctx, id, formatted);
        wsOperations.finish(ctx, id);
        return formatted;
      },
      onComplete: (ctx, id) => wsOperations.finish(ctx, id),
    },
    wsServer,
  );

  const apollo = new ApolloServer<RequestContext>({
    gateway: compiledExecution(schema, new JsonReads(schema, db.sql)),
    formatError: format,
    // Introspection is refused by validationRules, the same rule as over WebSocket.
    introspection: true,
    validationRules,
    // No APQ: operations by hash are the registered trusted documents only, resolved to their text before
    // Apollo sees them (trusted-documents.ts), so that their text is screened like any other (operation-checks.ts).
    persistedQueries: false,
    csrfPrevention: true,
    // main.ts owns SIGTERM/SIGINT: it stops the whole hub (HTTP, WebSocket, outbox) in order.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    plugins: [
      ...noStoreWithoutFieldHooks(),
      serviceUnavailablePlugin(),
      observer.plugin(),
      // the explorer (below) is the hub's own page, outside Apollo, in development only
      ApolloServerPluginLandingPageDisabled(),
    ],
  });
  const explorer = config.nodeEnv === "production" ? null : new Explorer({ graphqlPath: config.graphqlPath, headers: demoHeaders });
  const consoleApp = new ConsoleApp({ graphqlPath: config.graphqlPath, trusted, demoHeaders, explorerPath: explorer ? config.graphqlPath : undefined, log });
  await apollo.start();

  let accepting = true;
  // Work still running: shutdown waits for it, including executions whose client already got a timeout.
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work)).catch(() => undefined);
    return work;
  };
  httpServer.requestTimeout = config.limits.requestTimeoutMs;
  httpServer.on("request", (req, res) => {
    void track(route(req, res)).catch((err) => {
      if (res.headersSent) return void log.error({ err }, "request failed");
      // e.g. an API key looked up while the database is away
      if (outage.noted(err)) return unavailable(res, "the database is unavailable, retry shortly");
      log.error({ err }, "request failed");
      sendJson(res, 500, { errors: [{ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } }] });
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://hub");
    if (url.pathname === "/healthz") return sendJson(res, 200, { status: "ok" });
    if (url.pathname === "/readyz") {
      const ready = accepting && (await db.sql.query("SELECT 1").then(() => true, () => false));
      return sendJson(res, ready ? 200 : 503, { status: ready ? "ready" : "not ready" });
    }
    if (url.pathname === "/metrics") {
      res.setHeader("content-type", registry.contentType);
      return void res.end(await registry.metrics());
    }
    if (explorer?.wants(req, url)) return explorer.page(res);
    if (explorer?.owns(url)) return explorer.asset(req, res, url);
    if (consoleApp.owns(url)) return consoleApp.serve(req, res, url);
    // a browser opening the hub's address lands in the console
    if (url.pathname === "/" && req.method === "GET" && /\btext\/html\b/.test(req.headers.accept ?? "")) {
      res.writeHead(302, { location: `${CONSOLE_PATH}/` });
      return void res.end();
    }
    const isImport = url.pathname.startsWith("/import/");
    if (url.pathname !== config.graphqlPath && !isImport) return sendJson(res, 404, { error: "not found" });
    if (!accepting) {
      res.setHeader("connection", "close");
      return unavailable(res, "shutting down");
    }
    const requestId = requestIdFrom(req.headers["x-request-id"]);
    res.setHeader("x-request-id", requestId);
    const record = observer.begin(requestId, "http");
    try {
      await (isImport ? serveImport(req, res, url, record) : serveGraphQL(req, res, url, record));
    } finally {
      observer.finish(record, res.statusCode);
    }
  }

  /** Refusals at the edge answer like GraphQL errors, with a code and the HTTP status that fits. */
  function refuse(res: ServerResponse, record: RequestRecord, status: number, error: DomainError | { code: string; message: string; details?: object }) {
    record.codes.push(error.code);
    sendJson(res, status, { errors: [{ message: error.message, extensions: { code: error.code, ...error.details } }] });
  }

  const REFUSED = Symbol("refused");

  /** The caller's identity (null: anonymous), or REFUSED after answering a bad credential or an exhausted rate. */
  async function authenticate(req: IncomingMessage, res: ServerResponse, record: RequestRecord): Promise<Principal | null | typeof REFUSED> {
    let principal: Principal | null = null;
    let badCredential: DomainError | undefined;
    try {
      principal = await authenticator.fromHeaders(asString(req.headers.authorization), asString(req.headers["x-api-key"]));
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      badCredential = e;
    }
    record.principal = principal?.id;
    // Anonymous callers and failed credentials spend the address's allowance, so guessing is rate limited too.
    const wait = await limiter.take(principal?.id ?? `ip:${req.socket.remoteAddress}`);
    if (wait > 0) {
      res.setHeader("retry-after", String(wait));
      refuse(res, record, 429, rateLimited(limiter.perMinute, wait));
      return REFUSED;
    }
    if (badCredential) {
      refuse(res, record, 401, badCredential);
      return REFUSED;
    }
    return principal;
  }

  /**
   * POST /import/<kind>?format=csv|json|ndjson: the body is the file, read as it arrives (no body limit).
   * The answer is NDJSON: `{"importId"}`, then `{"progress"}` lines, then `{"result"}` (or `{"error"}`).
   */
  async function serveImport(req: IncomingMessage, res: ServerResponse, url: URL, record: RequestRecord) {
    record.operation = `import ${url.pathname.slice("/import/".length)}`;
    // a refused upload is not read
    res.on("finish", () => req.resume());
    if (req.method !== "POST") return refuse(res, record, 405, { code: "BAD_REQUEST", message: "POST the file to import" });
    const principal = await authenticate(req, res, record);
    if (principal === REFUSED) return;
    if (!principal) return refuse(res, record, 401, new DomainError("UNAUTHENTICATED", "authentication required"));
    const kind = decodeURIComponent(url.pathname.slice("/import/".length));
    const fileFormat = importFormat(url.searchParams.get("format") ?? req.headers["content-type"]);
    try {
      if (!fileFormat) throw new DomainError("BAD_USER_INPUT", "format must be csv, json or ndjson (?format= or the content type)", { field: "format" });
      services.imports.kind(kind, principal);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      return refuse(res, record, e.code === "FORBIDDEN" ? 403 : 400, e);
    }
    res.writeHead(200, { "content-type": "application/x-ndjson" });
    const line = (o: unknown) => void res.write(`${JSON.stringify(o)}\n`);
    try {
      const result = await services.imports.run(kind, fileFormat, req, principal, {
        started: (importId) => line({ importId }),
        progress: (p) => line({ progress: p }),
      });
      line({ result });
    } catch (e) {
      const wrapped = new GraphQLError("import failed", { originalError: e as Error });
      const error = format(wrapped.toJSON(), wrapped);
      record.codes.push(String(error.extensions?.code));
      line({ error });
    }
    res.end();
  }

  async function serveGraphQL(req: IncomingMessage, res: ServerResponse, url: URL, record: RequestRecord) {
    const body = await readBody(req, config.limits.maxBodyBytes);
    if (body === TOO_LARGE) {
      return refuse(res, record, 413, { code: "PAYLOAD_TOO_LARGE", message: `request body over ${config.limits.maxBodyBytes} bytes` });
    }
    const payload = body === "" ? undefined : parseJson(body);
    record.operation = asString((payload as { operationName?: unknown } | undefined)?.operationName);

    const principal = await authenticate(req, res, record);
    if (principal === REFUSED) return;
    // A registered document named by its hash becomes its text here; free text from a browser may be refused.
    const browser = isBrowserRequest(req.headers, principal?.kind === "apiKey");
    const resolved = resolveDocument(operationPayload(req.method, url, payload), trusted.mode, trusted.documents, browser);
    if ("refused" in resolved) return refuse(res, record, 400, resolved.refused);
    // Limits and bad input are refused before Apollo parses and validates; a syntax error is left to Apollo to report.
    const screened = screenOperation(schema, resolved.payload, config.limits);
    if (screened && "refused" in screened) return refuse(res, record, 400, screened.refused);
    const { search, body: operation } = resolved.byHash ? asText(req.method, url, payload, resolved.payload) : { search: url.search, body: payload };

    const headers = new HeaderMap();
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
    const context = observer.bind(contextFor(principal, record.requestId), record);
    const execution = track(
      underDeadline(config.limits.requestTimeoutMs, () =>
        apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest: { method: req.method ?? "GET", headers, search, body: operation },
          context: async () => context,
        }),
      ),
    );
    const response = await withDeadline(execution, config.limits.requestTimeoutMs);
    if (response === TIMED_OUT) {
      return refuse(res, record, 503, timedOut(config.limits.requestTimeoutMs));
    }
    // Keep-alive would hold the connection open after the response and delay shutdown.
    if (!accepting) res.setHeader("connection", "close");
    for (const [k, v] of response.headers) res.setHeader(k, v);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === "complete") return void res.end(withRawJson(response.body.string, context));
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, resolve));
  // once listening, like every job a start sets off: its first drain is the process's first transaction, and
  // on the embedded database that makes the Prisma client (most of a second at load)
  await publisher.start();
  await connectors.start();
  services.retention.start();
  services.deviceHealth.start();
  services.readingsAnnouncer.start();
  services.alarmFailures.start();
  services.inventoryPolicySchedule.start();
  services.kpis.start();
  services.kpiLive?.start();
  services.ruleRunner.start();
  services.netChange?.start();
  const { port } = httpServer.address() as AddressInfo;
  const host = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;

  return {
    url: `http://${host}:${port}${config.graphqlPath}`,
    wsUrl: `ws://${host}:${port}${config.graphqlPath}`,
    services,
    connectors,
    mqttBrokerUrl: broker?.url ?? null,
    async stop() {
      // Still listening while running work drains: a request sent now gets 503 with Retry-After and
      // `Connection: close` (a load balancer sends it elsewhere), not a refused or reset connection.
      accepting = false;
      // 1001 "going away" tells graphql-ws clients to reconnect elsewhere.
      for (const client of wsServer.clients) client.close(1001, "server shutting down");
      await wsCleanup.dispose();
      await sessions.stop();
      await wsOperations.drained();
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      await new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeIdleConnections();
      });
      await apollo.stop();
      await connectors.stop();
      await broker?.close();
      await services.retention.stop();
      await services.deviceHealth.stop();
      await services.readingsAnnouncer.stop();
      await services.alarmFailures.stop();
      await services.inventoryPolicySchedule.stop();
      await services.kpis.stop();
      await services.kpiLive?.stop();
      await services.ruleRunner.stop();
      await services.netChange?.stop();
      await services.mrp.drain();
      await services.forecastRuns.drain();
      await publisher.stop();
      outage.stop();
      await bus.close();
      await limiter.close();
    },
  };
}

/**
 * ws closes a connection whose client breaks the protocol (a message over maxPayload: 1009, a malformed
 * frame: 1002) and then emits the fault as "error", which graphql-ws would print to the console as an
 * internal error of ours: such faults (codes WS_ERR_*) are the client's, logged as a warning instead.
 */
function clientFaultsAsWarnings(log: Logger): typeof WebSocket {
  return class HubWebSocket extends WebSocket {
    override emit(event: string | symbol, ...args: unknown[]): boolean {
      const err = args[0] as { code?: unknown } | undefined;
      if (event === "error" && typeof err?.code === "string" && err.code.startsWith("WS_ERR_")) {
        log.warn({ err }, "WebSocket client broke the protocol; connection closed");
        return true;
      }
      return super.emit(event, ...args);
    }
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

/** The operation of a POST body or of a GET's search parameters (batches are not screened: Apollo refuses them). */
function operationPayload(method: string | undefined, url: URL, body: unknown): DocumentPayload {
  if (method !== "GET") return body !== null && typeof body === "object" && !Array.isArray(body) ? body : {};
  const param = (name: string) => url.searchParams.get(name) ?? undefined;
  const json = (name: string) => (url.searchParams.has(name) ? parseJson(url.searchParams.get(name)!) : undefined);
  return { query: param("query"), operationName: url.searchParams.get("operationName"), variables: json("variables"), extensions: json("extensions"), documentId: param("documentId") };
}

/** The request as Apollo is to see it once a registered document's hash was replaced by its text. */
function asText(method: string | undefined, url: URL, body: unknown, resolved: OperationPayload & { extensions?: object }): { search: string; body: unknown } {
  if (method !== "GET") return { search: url.search, body: resolved };
  const params = new URLSearchParams(url.search);
  params.set("query", resolved.query as string);
  params.delete("documentId");
  if (resolved.extensions) params.set("extensions", JSON.stringify(resolved.extensions));
  return { search: `?${params}`, body };
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.statusCode = status;
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify(body));
}

function unavailable(res: ServerResponse, message: string) {
  res.setHeader("retry-after", String(RETRY_AFTER_SECONDS));
  sendJson(res, 503, { errors: [{ message, extensions: { code: SERVICE_UNAVAILABLE, retryAfterSeconds: RETRY_AFTER_SECONDS } }] });
}

function importFormat(v: string | undefined): ImportFormat | undefined {
  const f = v?.split(";")[0].trim().toLowerCase();
  if (f === "csv" || f === "text/csv") return "CSV";
  if (f === "json" || f === "application/json") return "JSON";
  if (f === "ndjson" || f === "application/x-ndjson") return "NDJSON";
  return undefined;
}

/**
 * A credential in a graphql-ws connection_init payload, by name in any case: clients that send their HTTP
 * headers as the payload (GraphiQL) write `Authorization` and `X-Api-Key`.
 */
function connectionParam(params: Record<string, unknown>) {
  const byName = new Map(Object.entries(params).map(([k, v]) => [k.toLowerCase(), v]));
  return (name: string) => asString(byName.get(name.toLowerCase()));
}

function asString(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

function formatResult(result: ExecutionResult, format: ReturnType<typeof formatError>): ExecutionResult {
  if (!result.errors?.length) return result;
  return { ...result, errors: result.errors.map((e) => format(e.toJSON(), e) as unknown as GraphQLError) };
}
