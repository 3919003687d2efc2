import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/** What a receiver answers: an HTTP status, or no answer at all (the hub's timeout ends the attempt). */
export type Answer = number | "hang";

export interface Received {
  path: string;
  eventId: string | undefined;
  body: { id: number; topic: string; createdAt: string; payload: Record<string, unknown> };
  signed: boolean;
  answer: Answer;
}

/** Oldest signature timestamp accepted, as docs/webhooks.md advises receivers. */
const TOLERANCE_SECONDS = 300;

/**
 * A webhook receiver on a free port, one endpoint per path. It checks each request's signature as
 * docs/webhooks.md tells receivers to (HMAC-SHA256 of "<t>.<raw body>" under the secret, a recent t),
 * answers 401 to a bad one, else what it was told to answer next for that path (200 by default).
 */
export class Receiver {
  readonly received: Received[] = [];
  private readonly scripts = new Map<string, Answer[]>();
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const path = req.url ?? "/";
      const signed = verify(this.secrets.get(path) ?? "", String(req.headers["x-hub-signature"] ?? ""), raw);
      const answer: Answer = signed ? (this.scripts.get(path)?.shift() ?? 200) : 401;
      this.received.push({ path, eventId: req.headers["x-hub-event-id"] as string | undefined, body: JSON.parse(raw), signed, answer });
      if (answer === "hang") return;
      res.writeHead(answer).end();
    });
  });
  private readonly secrets = new Map<string, string>();
  port = 0;

  url(path: string, secret: string): string {
    this.secrets.set(path, secret);
    return `http://127.0.0.1:${this.port}${path}`;
  }

  answerNext(path: string, ...answers: Answer[]) {
    this.scripts.set(path, [...(this.scripts.get(path) ?? []), ...answers]);
  }

  /** Event ids acknowledged (2xx) at a path, in the order acknowledged, once per acknowledgement. */
  acknowledged(path: string): number[] {
    return this.received.filter((r) => r.path === path && r.answer !== "hang" && r.answer < 300).map((r) => r.body.id);
  }

  async up() {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async down() {
    const closed = new Promise((resolve) => this.server.close(resolve));
    this.server.closeAllConnections();
    await closed;
  }
}

function verify(secret: string, header: string, raw: string): boolean {
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=", 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > TOLERANCE_SECONDS || !parts.v1) return false;
  const expected = createHmac("sha256", secret).update(`${t}.${raw}`).digest();
  const given = Buffer.from(parts.v1, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
