import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import type { Logger } from "pino";
import { RETRY_AFTER_SECONDS, type DatabaseOutage } from "../db/unavailable";
import { DomainError } from "../domain/shared/domain-error";

/** Codes the graph itself produces (validation, parsing, limits); they pass through unchanged. */
const PASS_THROUGH = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_USER_INPUT",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
  "BAD_REQUEST",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "LIMIT_EXCEEDED",
  "RATE_LIMITED",
]);

/** The answer while the database cannot be reached: retryable, unlike an internal error. */
export const SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE";

/** graphql-js's hint after a misspelt name, e.g. ` Did you mean "materials"?` */
const SUGGESTION = / Did you mean .*\?$/s;

/**
 * Expected outcomes (DomainError) reach the client with their stable code and details; so do the
 * graph's own validation errors (without "Did you mean …" hints when `hideSuggestions`: in production
 * they would reveal the schema that introspection hides). The database being away is SERVICE_UNAVAILABLE
 * (logged once per outage by `outage`). Anything else is logged with the request and hidden.
 */
export function formatError(log: Logger, outage: DatabaseOutage, { hideSuggestions = false } = {}) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = error instanceof GraphQLError ? error.originalError ?? error : error;
    if (outage.noted(original)) {
      return { message: "the database is unavailable, retry shortly", path: formatted.path, extensions: { code: SERVICE_UNAVAILABLE, retryAfterSeconds: RETRY_AFTER_SECONDS } };
    }
    if (original instanceof DomainError) {
      return { message: original.message, path: formatted.path, locations: formatted.locations, extensions: { code: original.code, ...original.details } };
    }
    const code = formatted.extensions?.code;
    if (original instanceof GraphQLError && typeof code === "string" && PASS_THROUGH.has(code)) {
      const message = hideSuggestions ? formatted.message.replace(SUGGESTION, "") : formatted.message;
      return { message, locations: formatted.locations, path: formatted.path, extensions: { code } };
    }
    log.error({ err: original, path: formatted.path }, "unexpected error");
    return { message: "Internal server error", path: formatted.path, extensions: { code: "INTERNAL_SERVER_ERROR" } };
  };
}

/** A response with a SERVICE_UNAVAILABLE error is HTTP 503 with `Retry-After`, so that clients and proxies retry it. */
export function serviceUnavailablePlugin<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          const errors = response.body.kind === "single" ? response.body.singleResult.errors : response.body.initialResult.errors;
          if (!errors?.some((e) => e.extensions?.code === SERVICE_UNAVAILABLE)) return;
          response.http.status = 503;
          response.http.headers.set("retry-after", String(RETRY_AFTER_SECONDS));
        },
      };
    },
  };
}
