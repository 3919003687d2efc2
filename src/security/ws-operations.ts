/**
 * The limits and the request log for operations over graphql-ws: each subscribe message is rate
 * limited per identity, screened (operation-checks.ts) and validated here, with the same rules and error
 * codes as over HTTP, so graphql-ws only runs it; each gets one log line when it ends (for a
 * subscription: when it is completed or the socket closes).
 */
import { getOperationAST, validate, type ExecutionArgs, type GraphQLError, type GraphQLFormattedError, type GraphQLSchema, type ValidationRule } from "graphql";
import { randomUUID } from "node:crypto";
import type { SubscribePayload } from "graphql-ws";
import { variableErrors } from "../execution/variable-errors";
import { refusal, screenOperation, withCode, type OperationLimits } from "./operation-checks";
import { rateLimited, type RateLimiter } from "./rate-limiter";
import { resolveDocument, type TrustedDocuments, type TrustedDocumentsMode } from "./trusted-documents";
import type { RequestObserver, RequestRecord } from "./request-observer";

export interface WsOperationOptions {
  schema: GraphQLSchema;
  limits: OperationLimits;
  validationRules: readonly ValidationRule[];
  limiter: RateLimiter;
  observer: RequestObserver;
  trusted: { mode: TrustedDocumentsMode; documents: TrustedDocuments };
}

export class WsOperations {
  /** per connection (graphql-ws context object), the open operations by subscription id */
  private readonly open = new WeakMap<object, Map<string, RequestRecord>>();
  private running = 0;
  private whenDrained: (() => void)[] = [];

  constructor(private readonly options: WsOperationOptions) {}

  /** Opens the operation's record; returns what graphql-ws runs, or the errors to refuse it with. */
  async admit(connection: object, id: string, sent: SubscribePayload, principalId: string | undefined, address: string | undefined, browser: boolean): Promise<ExecutionArgs | GraphQLError[]> {
    const { schema, limits, validationRules, limiter, observer, trusted } = this.options;
    const record = observer.begin(randomUUID(), "ws");
    record.principal = principalId;
    this.operations(connection).set(id, record);
    this.running++;
    try {
      const wait = await limiter.take(principalId ?? `ip:${address}`);
      if (wait > 0) return [refusal(rateLimited(limiter.perMinute, wait))];
      // graphql-ws requires a query string: a document named by its hash comes with an empty one
      const resolved = resolveDocument(sent, trusted.mode, trusted.documents, browser);
      if ("refused" in resolved) return [refusal(resolved.refused)];
      const payload = resolved.payload as SubscribePayload;
      const screened = screenOperation(schema, payload, limits)!; // graphql-ws only passes messages with a query string
      if ("refused" in screened) return [refusal(screened.refused)];
      if ("syntaxError" in screened) return [withCode(screened.syntaxError, "GRAPHQL_PARSE_FAILED")];
      const { document } = screened;
      const operation = getOperationAST(document, payload.operationName);
      record.operation = operation?.name?.value;
      const invalid = validate(schema, document, validationRules);
      if (invalid.length > 0) return invalid.map((e) => withCode(e, "GRAPHQL_VALIDATION_FAILED"));
      const badVariables = operation && variableErrors(schema, operation, payload.variables);
      if (badVariables) return badVariables;
      return { schema, document, operationName: payload.operationName, variableValues: payload.variables };
    } catch (e) {
      this.finish(connection, id); // graphql-ws closes the socket without onError or onComplete
      throw e;
    }
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
