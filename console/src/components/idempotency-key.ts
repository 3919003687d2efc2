/**
 * A fresh idempotency key for one user action (a click, a submitted form): the hub runs a command once per key,
 * so a request retried after a lost answer does not post twice. crypto.randomUUID needs a secure context, which
 * a hub opened over plain http on a plant's network is not; getRandomValues works everywhere.
 */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `console-${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}
