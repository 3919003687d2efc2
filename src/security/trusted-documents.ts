/**
 * Trusted documents: operations registered at build time, which a client may name by their SHA-256 hash
 * instead of sending their text (`extensions.persistedQuery.sha256Hash`, or `documentId: "sha256:<hash>"`).
 * `npm run build` compiles the .graphql files of the registered directories into a manifest
 * `{ "<sha256 hex>": "<text>" }` (dist/trusted-documents.json); nothing is registered at run time (APQ is off).
 *
 * TRUSTED_DOCUMENTS decides who may still send free text:
 * - `off`: no registered documents; a hash is PERSISTED_QUERY_NOT_SUPPORTED;
 * - `allow`: a hash names a registered document; free text is accepted from everyone;
 * - `only-browser`: as `allow`, but a browser's request must name a registered document (by hash, or by
 *   sending exactly its text); others send what they like. See `isBrowserRequest` for what counts as one.
 * Either way the resolved text then goes through the same screen as any query (operation-checks.ts).
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import {
  Kind, parse, print, visit, type ASTNode, type DefinitionNode, type DocumentNode, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode,
} from "graphql";
import type { Logger } from "pino";
import type { Config } from "../runtime/config";
import { DomainError } from "../domain/shared/domain-error";
import type { OperationPayload } from "./operation-checks";

export type TrustedDocumentsMode = "off" | "allow" | "only-browser";

export const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/**
 * The manifest of the .graphql files under `dirs`, in subdirectories too (missing directories are skipped): one document per
 * operation, its text the operation followed by the fragments it uses (by name), with `__typename` selected in
 * every selection set below the root (as urql's document cache adds it to what it sends, so that it can tell
 * which types an answer holds and a mutation touched: a client naming a document by hash sends no text to add
 * it to), printed by graphql-js; its key the SHA-256 (hex) of that text. Fragments may live in any of the files. Two operations of one
 * name are refused: clients name them by it.
 */
export function compileTrustedDocuments(dirs: readonly string[]): Record<string, string> {
  const definitions: DefinitionNode[] = [];
  for (const file of dirs.flatMap(graphqlFiles)) definitions.push(...parse(fs.readFileSync(file, "utf8")).definitions);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const operations = definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const names = new Set<string>();
  const manifest: Record<string, string> = {};
  for (const operation of operations) {
    const name = operation.name?.value;
    if (!name) throw new Error("trusted documents: every operation needs a name");
    if (names.has(name)) throw new Error(`trusted documents: two operations are named ${name}`);
    names.add(name);
    const text = print(withTypenames({ kind: Kind.DOCUMENT, definitions: [operation, ...fragmentsUsed(operation, fragments)] }));
    manifest[sha256(text)] = text;
  }
  return manifest;
}

const TYPENAME: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: "__typename" } };

/** The document with an unaliased `__typename` in each selection set that has none, except the operation's own. */
function withTypenames(document: DocumentNode): DocumentNode {
  return visit(document, {
    SelectionSet(set, _key, parent) {
      if (!parent || Array.isArray(parent) || (parent as ASTNode).kind === Kind.OPERATION_DEFINITION) return undefined;
      const has = set.selections.some((s) => s.kind === Kind.FIELD && s.name.value === "__typename" && !s.alias);
      return has ? undefined : { ...set, selections: [...set.selections, TYPENAME] };
    },
  });
}

/** The .graphql files under a directory and its subdirectories, in a stable order; none when it does not exist. */
function graphqlFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? graphqlFiles(path.join(dir, e.name)) : e.name.endsWith(".graphql") ? [path.join(dir, e.name)] : []));
}

/** The fragments an operation spreads, directly or through other fragments, by name. */
function fragmentsUsed(operation: OperationDefinitionNode, fragments: Map<string, FragmentDefinitionNode>): FragmentDefinitionNode[] {
  const used = new Map<string, FragmentDefinitionNode>();
  const pending: DefinitionNode[] = [operation];
  for (let node = pending.pop(); node; node = pending.pop()) {
    visit(node, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        const fragment = fragments.get(name);
        if (!fragment) throw new Error(`trusted documents: fragment ${name} is not defined`);
        if (!used.has(name)) {
          used.set(name, fragment);
          pending.push(fragment);
        }
      },
    });
  }
  return [...used.values()].sort((a, b) => a.name.value.localeCompare(b.name.value));
}

/** The registered documents of a manifest file (none when the mode is off). */
export class TrustedDocuments {
  private constructor(private readonly byHash: ReadonlyMap<string, string>) {}

  static empty(): TrustedDocuments {
    return new TrustedDocuments(new Map());
  }

  /** Reads a manifest written by `npm run build` (scripts/trusted-documents.ts). */
  static fromFile(file: string): TrustedDocuments {
    const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
    const entries = Object.entries(manifest).map(([hash, text]) => {
      if (typeof text !== "string" || sha256(text) !== hash) throw new Error(`${file}: the entry ${hash} is not the text of its hash`);
      return [hash, text] as const;
    });
    return new TrustedDocuments(new Map(entries));
  }

  /**
   * The documents the configuration names. Without the manifest file, `allow` goes on with none registered
   * (a hash is then PERSISTED_QUERY_NOT_FOUND) and says so; `only-browser` does not start: browsers could run nothing.
   */
  static configured({ mode, file }: Config["trustedDocuments"], log: Logger): TrustedDocuments {
    if (mode === "off") return TrustedDocuments.empty();
    if (fs.existsSync(file)) return TrustedDocuments.fromFile(file);
    if (mode === "only-browser") throw new Error(`TRUSTED_DOCUMENTS=only-browser needs the manifest ${file}: run \`npm run build\``);
    log.warn({ file }, "no trusted documents manifest (run `npm run build`): no document can be named by its hash");
    return TrustedDocuments.empty();
  }

  get size(): number {
    return this.byHash.size;
  }

  text(hash: string): string | undefined {
    return this.byHash.get(hash);
  }

  isRegistered(text: string): boolean {
    return this.byHash.has(sha256(text));
  }
}

/**
 * Whether a request comes from a web browser: it carries an `Origin` or a `Sec-Fetch-Site` header (browsers
 * add them to every fetch, XHR and WebSocket request, and page scripts can neither remove nor set them) and
 * is not authenticated with an API key (an integration's credential, wherever it runs).
 */
export function isBrowserRequest(headers: Record<string, string | string[] | undefined>, viaApiKey: boolean): boolean {
  return !viaApiKey && (headers.origin !== undefined || headers["sec-fetch-site"] !== undefined);
}

/** A request payload that names a document by hash: `extensions.persistedQuery.sha256Hash` or `documentId`. */
export interface DocumentPayload extends OperationPayload {
  extensions?: unknown;
  documentId?: unknown;
}

/** The operation to run (`byHash`: it was named by its hash), or why not. */
export type Resolved = { payload: OperationPayload & { extensions?: Record<string, unknown> }; byHash: boolean } | { refused: DomainError };

/**
 * The operation a request asks for, as text: the registered document its hash names, or the text it sent
 * (refused from a browser under `only-browser` unless it is a registered document's). The hash and
 * `documentId` are taken out, so that what follows (the screen, Apollo) sees a plain query.
 */
export function resolveDocument(payload: DocumentPayload, mode: TrustedDocumentsMode, documents: TrustedDocuments, browser: boolean): Resolved {
  const { documentId, extensions, ...rest } = payload;
  const { persistedQuery, ...otherExtensions } = isRecord(extensions) ? extensions : {};
  const hash = hashOf(persistedQuery, documentId);
  const plain = { ...rest, ...(isRecord(extensions) ? { extensions: otherExtensions } : {}) };
  const text = typeof rest.query === "string" && rest.query !== "" ? rest.query : undefined;
  if (hash === null) return { refused: new DomainError("BAD_USER_INPUT", "a document is named by its SHA-256 hash: 64 hex digits (documentId: \"sha256:<hash>\")", { field: "documentId" }) };
  if (hash !== undefined) {
    if (mode === "off") return { refused: new DomainError("PERSISTED_QUERY_NOT_SUPPORTED", "documents by hash are off on this hub (TRUSTED_DOCUMENTS=off): send the query text") };
    const registered = documents.text(hash);
    if (!registered) return { refused: new DomainError("PERSISTED_QUERY_NOT_FOUND", `no registered document has the hash ${hash}`, { hash }) };
    if (text !== undefined && text !== registered) return { refused: new DomainError("BAD_USER_INPUT", "the query text is not the registered document of its hash", { field: "query" }) };
    return { payload: { ...plain, query: registered }, byHash: true };
  }
  if (mode === "only-browser" && browser && text !== undefined && !documents.isRegistered(text)) {
    return { refused: new DomainError("TRUSTED_DOCUMENT_REQUIRED", "browsers may only run registered documents here: send its hash (extensions.persistedQuery.sha256Hash or documentId)") };
  }
  return { payload: plain, byHash: false };
}

/** The hash a request names (lower-case hex), undefined when it names none, null when it names one badly. */
function hashOf(persistedQuery: unknown, documentId: unknown): string | null | undefined {
  let hash: unknown;
  if (documentId !== undefined && documentId !== null) hash = typeof documentId === "string" ? documentId.replace(/^sha256:/, "") : documentId;
  else if (isRecord(persistedQuery)) hash = persistedQuery.sha256Hash;
  else if (persistedQuery !== undefined) return null;
  else return undefined;
  return typeof hash === "string" && /^[0-9a-fA-F]{64}$/.test(hash) ? hash.toLowerCase() : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
