import type { CombinedError } from "urql";

/**
 * Why a scan or a step was refused, to be shown translated: a code of the graph's (`extensions.code`, with its
 * details) or one of this page's own checks made before anything is sent (a location where an item was due…).
 */
export interface Problem {
  code: string;
  values: Record<string, string>;
  /** the graph's own message (English), shown under the translated one */
  message?: string;
}

export const problem = (code: string, values: Record<string, string> = {}): Problem => ({ code, values });

/** The first error of a failed operation: its typed code and details, or NETWORK when the hub was not reached. */
export function graphProblem(error: CombinedError): Problem {
  const first = error.graphQLErrors[0];
  if (!first) return { code: "NETWORK", values: {}, message: error.networkError?.message };
  const { code, ...details } = (first.extensions ?? {}) as Record<string, unknown>;
  const values = Object.fromEntries(Object.entries(details).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
  return { code: `graph.${String(code ?? "INTERNAL_SERVER_ERROR")}`, values, message: first.message };
}

/** The dictionary key of a problem: a graph code refined by the field it names when the dictionary has one. */
export function problemKeys(p: Problem): string[] {
  const keys = [`errors.${p.code}`];
  if (p.values.field) keys.unshift(`errors.${p.code}_${p.values.field}`);
  if (p.values.entity) keys.unshift(`errors.${p.code}_${p.values.entity}`);
  // a graph code this page has no sentence for: the console's shared one (components/errors-i18n.ts)
  if (p.code.startsWith("graph.")) keys.push(`errors:${p.code.slice("graph.".length)}`);
  return keys;
}
