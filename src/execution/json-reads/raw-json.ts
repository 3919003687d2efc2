/**
 * JSON text PostgreSQL built for a field goes into the response as it is, without being parsed and
 * serialized again: the result carries a placeholder string in its place, and the HTTP edge swaps the
 * serialized placeholder for the text once Apollo has serialized the response.
 *
 * The placeholder starts with a NUL character, which no text PostgreSQL stores can contain and which
 * the edge refuses in operations and variables (operation-checks.ts), and a compiled answer is the
 * whole of `data` (one root field): nothing else in the response can read the same.
 */
import type { RequestContext } from "../../context";

const PLACEHOLDER = "\u0000json-read";
const SERIALIZED = JSON.stringify(PLACEHOLDER);

/**
 * By request, keyed by its context's loaders: Apollo executes with a shallow copy of the context, which
 * shares them (the request observer keys its records the same way).
 */
const texts = new WeakMap<object, string>();

/** The value to put in the result for `json`, the field's JSON text, answered for the request of `context`. */
export function rawJson(context: RequestContext, json: string): string {
  texts.set(context.loaders, json);
  return PLACEHOLDER;
}

/** The response body with the request's JSON text in place of its placeholder (the body as it is when there is none). */
export function withRawJson(body: string, context: RequestContext): string {
  const json = texts.get(context.loaders);
  if (json === undefined) return body;
  const at = body.indexOf(SERIALIZED);
  return at < 0 ? body : body.slice(0, at) + json + body.slice(at + SERIALIZED.length);
}
