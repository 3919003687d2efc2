/**
 * Query bombs are refused before validation and execution: too deep, too many aliases, a field repeated
 * too often in one selection set, too expensive, or asking for pages above MAX_PAGE_SIZE (see
 * operation-checks.ts for where this runs).
 */
import {
  Kind,
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionNode,
} from "graphql";
import type { Config } from "../runtime/config";
import { DomainError } from "../domain/shared/domain-error";

export type QueryLimits = Pick<Config["limits"], "maxDepth" | "maxCost" | "maxAliases" | "maxFieldRepeats" | "maxPageSize">;

/** An operation as a client sent it, parsed. */
export interface OperationRequest {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

/**
 * Assumed length of a list field that has no `first` argument (a BOM's lines, a material's balances):
 * a handful. Nested lists multiply, so a larger guess refuses ordinary reads of a full page.
 */
const DEFAULT_LIST_SIZE = 5;
/** What a connection returns when `first` is not given; mirrors src/resolvers/page.ts. */
const DEFAULT_PAGE_SIZE = 50;

/** LIMIT_EXCEEDED naming the limit (`limit`) and its value (`max`), as the README documents. */
export function exceeded(limit: string, message: string, max: number, details: Record<string, unknown> = {}): DomainError {
  return new DomainError("LIMIT_EXCEEDED", message, { limit, ...details, max });
}

/** Counts one more selection of `name` in a selection set; LIMIT_EXCEEDED (`fieldRepeats`) past `max`. */
export function countRepeat(repeats: Map<string, number>, name: string, max: number): DomainError | null {
  const seen = (repeats.get(name) ?? 0) + 1;
  repeats.set(name, seen);
  return seen > max ? exceeded("fieldRepeats", `${name} is selected more than ${max} times in one selection set`, max, { field: name }) : null;
}

class Exceeded extends Error {
  constructor(readonly error: DomainError) {
    super(error.message);
  }
}

/**
 * The first limit the operation breaks, or null. Cost: every field costs 1 for each time it can be
 * resolved; a field with `first` multiplies its sub-selection by that page size (a variable counts with
 * its value), a list fetched by `ids` by their number, the lists inside a connection do not multiply
 * again, other lists count DEFAULT_LIST_SIZE.
 * Introspection fields are not counted: introspection is off in production, and the explorer needs it.
 */
export function checkQueryLimits({ schema, document, operationName, variables }: OperationRequest, limits: QueryLimits): DomainError | null {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return null; // execution reports the missing operation

  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const spreading = new Set<string>();
  let aliases = 0;
  let cost = 0;

  const pageSize = (node: FieldNode, field: GraphQLField<unknown, unknown>): number => {
    const arg = node.arguments?.find((a) => a.name.value === "first");
    let value: unknown = field.args.find((a) => a.name === "first")?.defaultValue ?? DEFAULT_PAGE_SIZE;
    if (arg?.value.kind === Kind.INT) value = Number(arg.value.value);
    else if (arg?.value.kind === Kind.VARIABLE) value = variables?.[arg.value.name.value] ?? limits.maxPageSize;
    if (typeof value !== "number") return limits.maxPageSize;
    if (value > limits.maxPageSize) {
      throw new Exceeded(exceeded("pageSize", `first may be at most ${limits.maxPageSize}`, limits.maxPageSize, { field: "first" }));
    }
    return Math.max(1, value); // zero still costs the fields it names
  };

  // a list fetched by ids (`nodes(ids:)`) is as long as the ids given; a variable counts with its value
  const idCount = (node: FieldNode): number => {
    const arg = node.arguments?.find((a) => a.name.value === "ids")?.value;
    const ids = arg?.kind === Kind.LIST ? arg.values : arg?.kind === Kind.VARIABLE ? variables?.[arg.name.value] : undefined;
    return Array.isArray(ids) ? Math.max(1, ids.length) : limits.maxPageSize;
  };

  const multiplier = (node: FieldNode, field: GraphQLField<unknown, unknown>, parent: GraphQLNamedType): number => {
    if (field.args.some((a) => a.name === "first")) return pageSize(node, field);
    if (!isListType(getNullableType(field.type))) return 1;
    if (field.args.some((a) => a.name === "ids")) return idCount(node);
    return parent.name.endsWith("Connection") ? 1 : DEFAULT_LIST_SIZE;
  };

  // Aborting at the first broken limit also bounds the walk: every visited field adds at least 1 to cost.
  // `repeats` counts the fields of one selection set (its fragments' included) by response name: graphql-js
  // validation compares every pair of them (OverlappingFieldsCanBeMerged), so 250 × `me { id }` cost it ~200 ms.
  const visit = (selections: readonly SelectionNode[], parent: GraphQLNamedType | undefined, depth: number, times: number, repeats: Map<string, number>): void => {
    for (const selection of selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.alias?.value ?? selection.name.value;
        const repeated = countRepeat(repeats, name, limits.maxFieldRepeats);
        if (repeated) throw new Exceeded(repeated);
        if (selection.name.value.startsWith("__")) continue;
        if (depth + 1 > limits.maxDepth) {
          throw new Exceeded(exceeded("depth", `query depth exceeds ${limits.maxDepth}`, limits.maxDepth));
        }
        if (selection.alias && ++aliases > limits.maxAliases) {
          throw new Exceeded(exceeded("aliases", `more than ${limits.maxAliases} aliases`, limits.maxAliases));
        }
        cost += times;
        if (cost > limits.maxCost) {
          throw new Exceeded(exceeded("cost", `estimated query cost exceeds ${limits.maxCost}`, limits.maxCost));
        }
        const field = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[selection.name.value] : undefined;
        if (selection.selectionSet && field) {
          visit(selection.selectionSet.selections, getNamedType(field.type), depth + 1, times * multiplier(selection, field, parent!), new Map());
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        visit(selection.selectionSet.selections, type ?? undefined, depth, times, repeats);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || spreading.has(name)) continue; // cycles are a validation error of their own
        spreading.add(name);
        visit(fragment.selectionSet.selections, schema.getType(fragment.typeCondition.name.value) ?? undefined, depth, times, repeats);
        spreading.delete(name);
      }
    }
  };

  try {
    visit(operation.selectionSet.selections, root, 0, 1, new Map());
    return null;
  } catch (e) {
    if (e instanceof Exceeded) return e.error;
    throw e;
  }
}
