/**
 * Checks every operation passes before it runs, on both transports: for HTTP an Apollo plugin (once
 * the operation is parsed, validated and resolved), for graphql-ws when an operation is subscribed.
 */
import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError, Kind, visit, type DocumentNode } from "graphql";
import { DomainError } from "../domain/shared/domain-error";
import { checkQueryLimits, type OperationRequest, type QueryLimits } from "./query-limits";

export function checkOperation(operation: OperationRequest, limits: QueryLimits): DomainError | null {
  return nulCharacterIn(operation.document, operation.variables) ?? checkQueryLimits(operation, limits);
}

/** PostgreSQL text cannot hold U+0000; refused here it is bad input instead of a database failure. */
function nulCharacterIn(document: DocumentNode, variables: unknown): DomainError | null {
  let found = hasNul(variables);
  if (!found) {
    visit(document, {
      [Kind.STRING]: (node) => {
        if (node.value.includes("\u0000")) found = true;
      },
    });
  }
  return found ? new DomainError("BAD_USER_INPUT", "strings may not contain the NUL character (U+0000)") : null;
}

function hasNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (value === null || typeof value !== "object") return false;
  return Object.entries(value).some(([k, v]) => k.includes("\u0000") || hasNul(v));
}

/** A GraphQL error carrying the DomainError, so that formatError reports its code and details. */
export function refusal(error: DomainError): GraphQLError {
  return new GraphQLError(error.message, { originalError: error, extensions: { http: { status: 400 } } });
}

export function operationChecksPlugin<TContext extends object>(limits: QueryLimits): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operationName, request }) {
          const refused = checkOperation({ schema, document, operationName, variables: request.variables }, limits);
          if (refused) throw refusal(refused);
        },
      };
    },
  };
}
