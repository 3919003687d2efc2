/**
 * The limits and the request log for operations over graphql-ws: each subscribe message is rate
 * limited per identity and checked (operation-checks.ts) before graphql-ws parses, validates and
 * runs it, and gets one log line when it ends (for a subscription: when it is completed or the socket
 * closes).
 */
import { GraphQLError, getOperationAST, parse, type DocumentNode, type GraphQLFormattedError, type GraphQLSchema } from "graphql";
import { randomUUID } from "node:crypto";
import type { SubscribePayload } from "graphql-ws";
import { checkOperation, refusal } from "./operation-checks";
import type { QueryLimits } from "./query-limits";
import { rateLimited, type RateLimiter } from "./rate-limiter";
import type { RequestObserver, RequestRecord } from "./request-observer";

export interface WsOperationOptions {
  schema: GraphQLSchema;
  limits: QueryLimits;
  limiter: RateLimiter;
  observer: RequestObserver;
}

export class WsOperations {
  /** per connection (graphql-ws context object), the open operations by subscription id */
  private readonly open = new WeakMap<object, Map<string, RequestRecord>>();
  private running = 0;
  private whenDrained: (() => void)[] = [];

  constructor(private readonly options: WsOperationOptions) {}

  /** Opens the operation's record; returns the errors to refuse it with, or nothing to let it run. */
  admit(connection: object, id: string, payload: SubscribePayload, principalId: string | undefined, address: string | undefined): GraphQLError[] | void {
    const { schema, limits, limiter, observer } = this.options;
    const record = observer.begin(randomUUID(), "ws");
    record.principal = principalId;
    this.operations(connection).set(id, record);
    this.running++;

    const wait = limiter.take(principalId ?? `ip:${address}`);
    if (wait > 0) return [refusal(rateLimited(limiter.perMinute, wait))];
    let document: DocumentNode;
    try {
      document = parse(payload.query);
    } catch {
      this.finish(connection, id); // graphql-ws reports the syntax error itself, without onError or onComplete
      return;
    }
    record.operation = getOperationAST(document, payload.operationName)?.name?.value;
    const refused = checkOperation({ schema, document, operationName: payload.operationName, variables: payload.variables }, limits);
    if (refused) return [refusal(refused)];
  }

  requestIdOf(connection: object, id: string): string {
    return this.operations(connection).get(id)?.requestId ?? randomUUID();
  }

  /** Notes the error codes of a result or error message about to be sent. */
  sent(connection: object, id: string, errors: readonly GraphQLFormattedError[] | undefined) {
    const record = this.operations(connection).get(id);
    if (record) this.options.observer.noteErrors(record, errors);
  }

  /** Logs the operation once: after its error message, or when it completes. */
  finish(connection: object, id: string) {
    const operations = this.operations(connection);
    const record = operations.get(id);
    if (!record) return;
    operations.delete(id);
    this.options.observer.finish(record);
    if (--this.running === 0) for (const resolve of this.whenDrained.splice(0)) resolve();
  }

  /**
   * Resolves once no operation is running. Shutdown closes the sockets first (which completes
   * subscriptions), then waits here so that queries and mutations already executing finish their work.
   */
  drained(): Promise<void> {
    return this.running === 0 ? Promise.resolve() : new Promise((resolve) => this.whenDrained.push(resolve));
  }

  private operations(connection: object): Map<string, RequestRecord> {
    let operations = this.open.get(connection);
    if (!operations) this.open.set(connection, (operations = new Map()));
    return operations;
  }
}
