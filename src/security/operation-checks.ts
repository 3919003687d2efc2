/**
 * Every operation, over HTTP and WebSocket, is screened before graphql-js validates or runs it, cheapest
 * check first, so that refusing an operation costs less than serving a cheap one:
 *   1. its variables: nesting, the NUL character, list and string sizes (an iterative walk);
 *   2. its document's token count, bracket nesting and fields repeated as written (one pass of the lexer,
 *      before the recursive parser);
 *   3. the parsed document's literals (NUL, list and string sizes) and the query limits (query-limits.ts).
 * Validation proper (graphql-js rules) comes after, and only for operations that passed.
 */
import {
  GraphQLError,
  Kind,
  Lexer,
  NoSchemaIntrospectionCustomRule,
  Source,
  TokenKind,
  parse,
  visit,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationRule,
  type ValueNode,
} from "graphql";
import type { Config } from "../runtime/config";
import { DomainError, badInput } from "../domain/shared/domain-error";
import { checkQueryLimits, countRepeat, exceeded, type QueryLimits } from "./query-limits";

export type OperationLimits = QueryLimits & Pick<Config["limits"], "maxTokens" | "maxListLength" | "maxStringLength">;

/** Deepest nesting of lists and objects in a variable's value. */
export const MAX_INPUT_DEPTH = 32;

/** A GraphQL request as a client sent it (HTTP body or search parameters, graphql-ws subscribe payload). */
export interface OperationPayload {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

export type Screened = { document: DocumentNode } | { refused: DomainError } | { syntaxError: GraphQLError };

/** The screen's verdict; null when the payload has no query text (the transport reports that itself). */
export function screenOperation(schema: GraphQLSchema, payload: OperationPayload, limits: OperationLimits): Screened | null {
  const badVariables = checkVariables(payload.variables, limits);
  if (badVariables) return { refused: badVariables };
  if (typeof payload.query !== "string") return null;
  const verdict = screenDocument(payload.query, limits);
  if (!("document" in verdict)) return verdict;
  // the limits count page sizes given as variables: checked for each request
  const variables = isRecord(payload.variables) ? payload.variables : null;
  const operationName = typeof payload.operationName === "string" ? payload.operationName : null;
  const refused = checkQueryLimits({ schema, document: verdict.document, operationName, variables }, limits);
  return refused ? { refused } : verdict;
}

/** Documents screened so far are kept while they are in use (the least recently used goes first). */
const MAX_SCREENED_DOCUMENTS = 1000;
/** Longer documents are screened each time: a few clients' large documents could not fill memory. */
const MAX_KEPT_DOCUMENT_LENGTH = 20_000;
/** By limits (one per hub) and text: clients send the same few documents again and again. */
const screenedDocuments = new WeakMap<OperationLimits, Map<string, Screened>>();

/** What does not depend on the variables: size and nesting, syntax, literals; kept per document text. */
function screenDocument(query: string, limits: OperationLimits): Screened {
  let kept = screenedDocuments.get(limits);
  if (!kept) screenedDocuments.set(limits, (kept = new Map()));
  const known = kept.get(query);
  if (known) {
    kept.delete(query);
    kept.set(query, known);
    return known;
  }
  const verdict = screenDocumentText(query, limits);
  if (query.length <= MAX_KEPT_DOCUMENT_LENGTH) {
    if (kept.size >= MAX_SCREENED_DOCUMENTS) kept.delete(kept.keys().next().value!);
    kept.set(query, verdict);
  }
  return verdict;
}

function screenDocumentText(query: string, limits: OperationLimits): Screened {
  const tooBig = scanDocument(query, limits);
  if (tooBig) return { refused: tooBig };
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens: limits.maxTokens });
  } catch (e) {
    if (e instanceof GraphQLError) return { syntaxError: e };
    throw e;
  }
  const refused = checkLiterals(document, limits);
  return refused ? { refused } : { document };
}

/** Validation rules beyond graphql-js's own, the same over HTTP and WebSocket: no introspection in production. */
export function extraValidationRules(nodeEnv: Config["nodeEnv"]): ValidationRule[] {
  return nodeEnv === "production" ? [NoSchemaIntrospectionCustomRule] : [];
}

const OPENING = new Set<TokenKind>([TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L]);
const CLOSING = new Set<TokenKind>([TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R]);

/**
 * Counts tokens and bracket nesting without building anything: graphql-js parses recursively, and a few
 * thousand nested brackets overflow its stack. Nesting allows an inline fragment at every level of the
 * deepest selection plus input values as deep as variables may be.
 * It also counts the response names of each selection set as written (`MAX_FIELD_REPEATS`), so that a
 * document of one field repeated is refused a few dozen tokens in, before it is parsed; repeats that
 * only fragments bring together are counted after parsing (query-limits.ts).
 */
function scanDocument(query: string, limits: OperationLimits): DomainError | null {
  const maxNesting = 2 * limits.maxDepth + MAX_INPUT_DEPTH;
  const lexer = new Lexer(new Source(query));
  let tokens = 0;
  let nesting = 0;
  // one entry per open bracket: the names seen in a selection set, null for arguments, lists and objects
  const brackets: (Map<string, number> | null)[] = [];
  // in a selection set, the name after `...`, `@` or an alias's `:` is no response name; after `... on`, nor is the next
  let skip: "name" | "spread" | null = null;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      if (++tokens > limits.maxTokens) return exceeded("tokens", `the document has more than ${limits.maxTokens} tokens`, limits.maxTokens);
      const selectionSet = brackets.at(-1);
      if (OPENING.has(token.kind)) {
        if (++nesting > maxNesting) return exceeded("nesting", `the document nests brackets deeper than ${maxNesting}`, maxNesting);
        // a brace opens a selection set at the top level and inside one; elsewhere it is an input object
        brackets.push(token.kind === TokenKind.BRACE_L && selectionSet !== null ? new Map() : null);
        skip = null;
      } else if (CLOSING.has(token.kind)) {
        nesting--;
        brackets.pop();
        skip = null;
      } else if (selectionSet) {
        if (token.kind === TokenKind.SPREAD) skip = "spread";
        else if (token.kind === TokenKind.AT || token.kind === TokenKind.COLON) skip = "name";
        else if (token.kind === TokenKind.NAME) {
          if (skip === "spread" && token.value === "on") skip = "name";
          else if (skip) skip = null;
          else {
            const repeated = countRepeat(selectionSet, token.value, limits.maxFieldRepeats);
            if (repeated) return repeated;
          }
        }
      }
    }
  } catch (e) {
    if (e instanceof GraphQLError) return null; // a syntax error: parse reports it with its location
    throw e;
  }
  return null;
}

/** PostgreSQL text cannot hold U+0000; refused here it is bad input instead of a database failure. */
const nulIn = (field: string) => badInput("strings may not contain the NUL character (U+0000)", { field });

function checkString(text: string, field: string, limits: OperationLimits): DomainError | null {
  if (text.includes("\u0000")) return nulIn(field);
  if (text.length > limits.maxStringLength) return badInput(`${field} is longer than ${limits.maxStringLength} characters`, { field, max: limits.maxStringLength });
  return null;
}

function checkList(length: number, field: string, limits: OperationLimits): DomainError | null {
  if (length > limits.maxListLength) return badInput(`${field} has more than ${limits.maxListLength} items`, { field, max: limits.maxListLength });
  return null;
}

/** Walks the variables with a stack of its own, stopping below MAX_INPUT_DEPTH (JSON.parse builds any depth). */
function checkVariables(variables: unknown, limits: OperationLimits): DomainError | null {
  if (!isRecord(variables)) return null;
  const stack: { value: unknown; field: string; root: string; depth: number }[] = Object.entries(variables).map(([name, value]) => ({ value, field: name, root: name, depth: 0 }));
  for (let item = stack.pop(); item; item = stack.pop()) {
    const { value, field, root, depth } = item;
    if (typeof value === "string") {
      const bad = checkString(value, field, limits);
      if (bad) return bad;
      continue;
    }
    if (value === null || typeof value !== "object") continue;
    if (depth >= MAX_INPUT_DEPTH) return badInput(`${root} is nested deeper than ${MAX_INPUT_DEPTH} levels`, { field: root, max: MAX_INPUT_DEPTH });
    if (Array.isArray(value)) {
      const bad = checkList(value.length, field, limits);
      if (bad) return bad;
      value.forEach((v, i) => stack.push({ value: v, field: `${field}[${i}]`, root, depth: depth + 1 }));
    } else {
      for (const [key, v] of Object.entries(value)) {
        if (key.includes("\u0000")) return nulIn(field);
        stack.push({ value: v, field: `${field}.${key}`, root, depth: depth + 1 });
      }
    }
  }
  return null;
}

/** The same bounds for values written into the document (arguments and variable defaults). */
function checkLiterals(document: DocumentNode, limits: OperationLimits): DomainError | null {
  let found: DomainError | null = null;
  const check = (root: ValueNode, rootField: string) => {
    const stack: { node: ValueNode; field: string }[] = [{ node: root, field: rootField }];
    for (let item = stack.pop(); item && !found; item = stack.pop()) {
      const { node, field } = item;
      if (node.kind === Kind.STRING) found = checkString(node.value, field, limits);
      else if (node.kind === Kind.LIST) {
        found = checkList(node.values.length, field, limits);
        node.values.forEach((v, i) => stack.push({ node: v, field: `${field}[${i}]` }));
      } else if (node.kind === Kind.OBJECT) {
        for (const f of node.fields) stack.push({ node: f.value, field: `${field}.${f.name.value}` });
      }
    }
  };
  visit(document, {
    Argument(node) {
      if (!found) check(node.value, node.name.value);
      return false;
    },
    VariableDefinition(node) {
      if (!found && node.defaultValue) check(node.defaultValue, node.variable.name.value);
      return false;
    },
  });
  return found;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A GraphQL error carrying the DomainError, so that formatError reports its code and details. */
export function refusal(error: DomainError): GraphQLError {
  return new GraphQLError(error.message, { originalError: error, extensions: { http: { status: 400 } } });
}

/** The same error with a stable `extensions.code` (graphql-js errors have none; Apollo adds one over HTTP). */
export function withCode(error: GraphQLError, code: "GRAPHQL_PARSE_FAILED" | "GRAPHQL_VALIDATION_FAILED"): GraphQLError {
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { ...error.extensions, code } });
}
