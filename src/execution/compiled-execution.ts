/**
 * Compiled execution (graphql-jit) under Apollo Server. Apollo offers a custom executor only through its
 * gateway interface, so this is a "gateway" serving one fixed, local schema: Apollo still parses,
 * validates (with every validation rule), runs plugins and formats errors; only execution changes.
 * Queries run as compiled functions, cached per parsed document (Apollo's document store hands back
 * the same DocumentNode for the same query text, so the WeakMap lives as long as that cache entry).
 * Mutations and subscriptions keep graphql-js's `execute`: they are not hot read paths.
 */
import type { ApolloServerOptionsWithGateway, BaseContext } from "@apollo/server";
import { execute, GraphQLError, printSchema, type DocumentNode, type ExecutionResult, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";
import type { RequestContext } from "../context";
import type { JsonReads } from "./json-reads/json-reads";
import { asBadUserInput, variableErrors } from "./variable-errors";

type Gateway = ApolloServerOptionsWithGateway<BaseContext>["gateway"];
type Compiled = CompiledQuery | ExecutionResult;

/** `reads`: operations answered by SQL-built JSON before any resolver runs (json-reads/), when they qualify. */
export function compiledExecution(schema: GraphQLSchema, reads?: JsonReads): Gateway {
  const compiled = new WeakMap<DocumentNode, Map<string | null, Compiled>>();

  function compiledFor(document: DocumentNode, operationName: string | null): Compiled {
    let byName = compiled.get(document);
    if (!byName) compiled.set(document, (byName = new Map()));
    let query = byName.get(operationName);
    if (!query) byName.set(operationName, (query = compileQuery(schema, document, operationName ?? undefined)));
    return query;
  }

  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => undefined;
    },
    async load() {
      return {
        schema,
        executor: async ({ document, operation, operationName, request, context }) => {
          const refused = unservedOperation(operation as OperationDefinitionNode | undefined, request.operationName ?? null);
          if (refused) return { errors: [refused] };
          if (operation.operation !== "query") {
            // graphql-js coerces the variables itself (once); with the operation resolved above, it answers
            // without data only when they do not fit
            const result = await execute({ schema, document, operationName, contextValue: context, variableValues: request.variables });
            return "data" in result ? result : { errors: asBadUserInput(result.errors ?? []) };
          }
          const badVariables = variableErrors(schema, operation, request.variables);
          if (badVariables) return { errors: badVariables };
          const read = await reads?.answer(document, operation, request.variables, context as RequestContext);
          if (read) return read;
          const query = compiledFor(document, operationName);
          const result = isCompiledQuery(query) ? await query.query(undefined, context, request.variables) : query;
          return result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
        },
      };
    },
    async stop() {},
  };
}

/**
 * What this executor must not run, as the client's error (Apollo hands a gateway the request without checking):
 * an operation name the document does not hold (an editor that sent the name of the operation it showed before),
 * and a subscription over HTTP, whose resolvers expect an event from graphql-ws.
 */
function unservedOperation(operation: OperationDefinitionNode | undefined, operationName: string | null): GraphQLError | undefined {
  if (!operation) {
    const message = operationName ? `Unknown operation named "${operationName}".` : "The document holds several operations: name the one to run (operationName).";
    return new GraphQLError(message, { extensions: { code: "OPERATION_RESOLUTION_FAILURE" } });
  }
  if (operation.operation === "subscription") {
    return new GraphQLError("Subscriptions are served over graphql-ws at this URL, not over HTTP.", { extensions: { code: "BAD_REQUEST" } });
  }
  return undefined;
}

/**
 * graphql-jit's errors pass `instanceof GraphQLError` but leave `extensions` undefined, which Apollo's
 * error formatting cannot read; rebuild them as graphql-js would have (same message, path, locations,
 * original error, so DomainError codes still reach the client).
 */
function asGraphQLError(e: GraphQLError): GraphQLError {
  const error = new GraphQLError(e.message, { path: e.path, originalError: e.originalError, extensions: e.extensions });
  (error as { locations?: GraphQLError["locations"] }).locations = e.locations;
  return error;
}
