/**
 * A fresh idempotency key for one user action: the hub runs a command once per key, so a retried request (a
 * double click, a reconnect) does not post twice. crypto.getRandomValues works outside secure contexts too
 * (a plant's console may be served over plain HTTP on the LAN), unlike crypto.randomUUID.
 */
export function newIdempotencyKey(prefix = "console"): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}
