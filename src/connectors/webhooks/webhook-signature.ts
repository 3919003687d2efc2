import { createHmac } from "node:crypto";

/**
 * The `X-Hub-Signature` header of a delivery: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
 * Signing the timestamp with the body lets a receiver refuse old deliveries (replays by a third party);
 * docs/webhooks.md shows how a receiver checks it.
 */
export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
  return `t=${unixSeconds},v1=${mac}`;
}
