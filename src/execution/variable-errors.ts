import { getVariableValues, GraphQLError, type GraphQLSchema, type OperationDefinitionNode } from "graphql";

/**
 * Variables that do not fit the operation's declared types, as BAD_USER_INPUT errors (the client's
 * mistake); null when they fit. Apollo does this only for its own executor, graphql-ws not at all.
 */
export function variableErrors(schema: GraphQLSchema, operation: OperationDefinitionNode, variables: unknown): GraphQLError[] | null {
  const inputs = variables !== null && typeof variables === "object" ? (variables as Record<string, unknown>) : {};
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], inputs, { maxErrors: 50 });
  return coerced.errors ? asBadUserInput(coerced.errors) : null;
}

/** graphql-js's errors of variable coercion as BAD_USER_INPUT (the scalar's own error is dropped: its message is already in ours, and it may be a plain Error). */
export const asBadUserInput = (errors: readonly GraphQLError[]): GraphQLError[] =>
  errors.map((e) => new GraphQLError(e.message, { nodes: e.nodes, source: e.source, positions: e.positions, extensions: { ...e.extensions, code: "BAD_USER_INPUT" } }));
