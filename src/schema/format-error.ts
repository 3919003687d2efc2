import { GraphQLError, type GraphQLFormattedError } from "graphql";
import type { Logger } from "pino";
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

/** graphql-js's hint after a misspelt name, e.g. ` Did you mean "materials"?` */
const SUGGESTION = / Did you mean .*\?$/s;

/**
 * Expected outcomes (DomainError) reach the client with their stable code and details; so do the
 * graph's own validation errors (without "Did you mean …" hints when `hideSuggestions`: in production
 * they would reveal the schema that introspection hides). Anything else is logged with the request and hidden.
 */
export function formatError(log: Logger, { hideSuggestions = false } = {}) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = error instanceof GraphQLError ? error.originalError ?? error : error;
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
