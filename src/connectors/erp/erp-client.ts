import { setTimeout as delay } from "node:timers/promises";
import { PermanentFailure } from "../retry";

/** One POST to the ERP, exactly as sent (and as kept on a dead letter, so a replay resends it unchanged). */
export interface ErpRequest {
  idempotencyKey: string;
  body: Record<string, unknown>;
}

/** The ERP could not be reached at all (connection refused or reset, DNS, no answer within the timeout). */
export class ErpUnreachable extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ErpUnreachable";
  }
}

export interface ErpClientOptions {
  endpoint: string;
  token?: string;
  timeoutMs: number;
  /** the longest `Retry-After` honoured before the retry's own backoff */
  maxRetryAfterMs: number;
}

/**
 * POSTs JSON to the ERP's endpoint with its idempotency key and bearer token. Resolves on 2xx; otherwise
 * throws what the retry policy needs to know: `PermanentFailure` for a 4xx other than 408/429 (the ERP
 * refused the content, sending it again cannot help) or a redirect (ERP_URL is wrong), `ErpUnreachable`
 * when no answer came, a plain Error for 5xx/408/429 (worth retrying; a simple `Retry-After` is waited
 * out first).
 */
export class ErpClient {
  constructor(private readonly options: ErpClientOptions) {}

  async post(request: ErpRequest, stopping?: AbortSignal): Promise<void> {
    const { endpoint, token, timeoutMs } = this.options;
    let res: Response;
    try {
      res = await fetch(endpoint, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "idempotency-key": request.idempotencyKey,
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(request.body),
        // a redirect would turn the POST into a GET: it is reported as an answer, not followed
        redirect: "manual",
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      if (e.name === "TimeoutError") throw new ErpUnreachable(`no answer from the ERP within ${timeoutMs} ms`);
      throw new ErpUnreachable(`ERP unreachable: ${e.cause?.code ?? e.message}`);
    }
    const text = await res.text().catch(() => "");
    if (res.ok) return;
    const answer = `ERP answered ${res.status}${text ? `: ${text.slice(0, 200)}` : ""}`;
    if (res.status < 500 && res.status !== 408 && res.status !== 429) throw new PermanentFailure(answer);
    const wait = retryAfterMs(res.headers.get("retry-after"), this.options.maxRetryAfterMs);
    if (wait > 0) await delay(wait, undefined, { signal: stopping }).catch(() => undefined);
    throw new Error(answer);
  }
}

/** `Retry-After` in seconds (the simple form; an HTTP date is ignored), capped. */
function retryAfterMs(header: string | null, maxMs: number): number {
  if (header === null || !/^\d+$/.test(header.trim())) return 0;
  return Math.min(Number(header.trim()) * 1000, maxMs);
}
