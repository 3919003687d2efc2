import { PermanentFailure } from "../retry";
import { signatureHeader } from "./webhook-signature";

/** The receiver could not be reached (connection refused or reset, DNS, no answer within the timeout). */
export class WebhookUnreachable extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebhookUnreachable";
  }
}

/** One delivery as POSTed: the stored body, signed at each attempt with the webhook's current secret. */
export interface SignedPost {
  url: string;
  secret: string;
  eventId: number;
  topic: string;
  body: string;
}

/**
 * POSTs a delivery. Resolves on 2xx; throws `PermanentFailure` for a redirect (not followed: the URL is
 * wrong) or a 4xx other than 408/429 (the receiver refuses it: sending it again cannot help),
 * `WebhookUnreachable` when no answer came, a plain Error for 5xx, 408 and 429 (worth retrying).
 */
export async function postDelivery(post: SignedPost, timeoutMs: number, now = () => Date.now()): Promise<void> {
  let res: Response;
  try {
    res = await fetch(post.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "manufacturing-hub-webhooks",
        "x-hub-event-id": String(post.eventId),
        "x-hub-topic": post.topic,
        "x-hub-signature": signatureHeader(post.secret, post.body, Math.floor(now() / 1000)),
      },
      body: post.body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    if (e.name === "TimeoutError") throw new WebhookUnreachable(`no answer within ${timeoutMs} ms`);
    throw new WebhookUnreachable(`unreachable: ${e.cause?.code ?? e.message}`);
  }
  const text = await res.text().catch(() => "");
  if (res.ok) return;
  const answer = `answered ${res.status}${text ? `: ${text.slice(0, 200)}` : ""}`;
  if (res.status < 500 && res.status !== 408 && res.status !== 429) throw new PermanentFailure(answer);
  throw new Error(answer);
}
