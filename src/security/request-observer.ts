/**
 * One log line and one set of metrics per GraphQL request, whether Apollo answered it or the edge
 * refused it first (body too large, bad credential, rate limited, timed out). The server opens a record
 * when a request arrives; the Apollo plugin fills in what only Apollo knows (the resolved operation name
 * and the error codes it sent); the server closes the record when the response is written.
 */
import { randomUUID } from "node:crypto";
import type { ApolloServerPlugin, GraphQLResponse } from "@apollo/server";
import type { GraphQLFormattedError } from "graphql";
import type { Logger } from "pino";
import type { RequestContext } from "../context";
import { metrics, operationLabel } from "../runtime/metrics";

/** The caller's request id (e.g. from a proxy) when it is a plain short token, else a new one: ids go into every log line. */
export function requestIdFrom(header: unknown): string {
  return typeof header === "string" && /^[A-Za-z0-9._:-]{1,128}$/.test(header) ? header : randomUUID();
}

export interface RequestRecord {
  requestId: string;
  transport: "http" | "ws";
  started: number;
  principal?: string;
  operation?: string;
  codes: string[];
}

export class RequestObserver {
  /**
   * Records are found from the context Apollo hands to plugins. Apollo passes a shallow copy of the
   * context, so the key is an object the copy shares: the request's own loaders.
   */
  private readonly byLoaders = new WeakMap<object, RequestRecord>();

  constructor(private readonly log: Logger) {}

  begin(requestId: string, transport: RequestRecord["transport"]): RequestRecord {
    return { requestId, transport, started: performance.now(), codes: [] };
  }

  bind(context: RequestContext, record: RequestRecord): RequestContext {
    this.byLoaders.set(context.loaders, record);
    return context;
  }

  /** Records the error codes of a result sent to the client. */
  noteErrors(record: RequestRecord, errors: readonly GraphQLFormattedError[] | undefined) {
    for (const e of errors ?? []) record.codes.push(typeof e.extensions?.code === "string" ? e.extensions.code : "UNKNOWN");
  }

  finish(record: RequestRecord, status?: number) {
    const seconds = (performance.now() - record.started) / 1000;
    metrics.requestSeconds.observe({ operation: operationLabel(record.operation), transport: record.transport }, seconds);
    for (const code of record.codes) metrics.errors.inc({ code });
    this.log.info(
      {
        requestId: record.requestId,
        transport: record.transport,
        operation: record.operation ?? null,
        principal: record.principal ?? null,
        status,
        durationMs: Math.round(seconds * 1000 * 10) / 10,
        ...(record.codes.length ? { errors: record.codes } : {}),
      },
      "graphql request",
    );
  }

  plugin(): ApolloServerPlugin<RequestContext> {
    const observer = this;
    return {
      async requestDidStart() {
        return {
          async willSendResponse({ contextValue, operationName, request, response }) {
            const record = observer.byLoaders.get(contextValue.loaders);
            if (!record) return;
            record.operation = operationName ?? request.operationName ?? undefined;
            observer.noteErrors(record, singleErrors(response.body));
          },
        };
      },
    };
  }
}

function singleErrors(body: GraphQLResponse["body"]): readonly GraphQLFormattedError[] | undefined {
  return body.kind === "single" ? body.singleResult.errors : undefined;
}
