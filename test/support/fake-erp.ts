import http from "node:http";
import type { AddressInfo } from "node:net";
import { openDatabase } from "../../src/db/database";
import { loadConfig } from "../../src/runtime/config";
import { createLogger } from "../../src/runtime/logger";
import { startHub, type Hub } from "../../src/server";
import type { TestHub } from "./test-hub";

export type Answer = number | "hang";

export interface ErpReceived<B = any> {
  path: string | undefined;
  key: string;
  authorization: string | undefined;
  body: B;
  answer: Answer;
}

/**
 * A stand-in for the ERP on port 0: records every request and answers 200, or what it was told to answer
 * next; can be taken down and brought back (on the same port). It dedupes nothing.
 */
export class FakeErp<B = any> {
  readonly received: ErpReceived<B>[] = [];
  private readonly script: Answer[] = [];
  private readonly server = http.createServer((req, res) => {
    let text = "";
    req.on("data", (c: Buffer) => (text += c.toString("utf8")));
    req.on("end", () => {
      const answer = this.script.shift() ?? 200;
      this.received.push({ path: req.url, key: String(req.headers["idempotency-key"]), authorization: req.headers.authorization, body: JSON.parse(text), answer });
      if (answer === "hang") return; // no answer until the hub gives up
      res.writeHead(answer, answer === 429 ? { "retry-after": "0" } : {}).end(answer >= 400 ? `{"error":"answer ${answer}"}` : "{}");
    });
  });
  port = 0;

  get url() {
    return `http://127.0.0.1:${this.port}/erp/`;
  }

  answerNext(...answers: Answer[]) {
    this.script.push(...answers);
  }

  async up() {
    await new Promise<void>((resolve) => this.server.listen(this.port, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async down() {
    const closed = new Promise((resolve) => this.server.close(resolve));
    this.server.closeAllConnections();
    await closed;
  }
}

/** Whether the ERP accepted (2xx) the request. */
export const accepted = (r: ErpReceived) => r.answer !== "hang" && r.answer < 300;

/** A hub instance with the ERP push configured, on a test hub's database (as one more instance of a cluster). */
export interface ErpHub {
  hub: Hub;
  stop(): Promise<void>;
}

/** Starts and stops such instances for a test file: `env` is the ERP configuration (ERP_URL is the fake's). */
export class ErpHubs {
  private readonly running: ErpHub[] = [];

  constructor(
    private readonly t: TestHub,
    private readonly erp: FakeErp,
    private readonly env: Record<string, string> = {},
  ) {}

  async start(env: Record<string, string> = {}): Promise<ErpHub> {
    const config = { ...this.t.config, erp: loadConfig({ ERP_URL: this.erp.url, ...this.env, ...env }).erp };
    const db = await openDatabase({ url: this.t.config.databaseUrl!, poolSize: 5 });
    const hub = await startHub({ config, db, log: createLogger(config) });
    const started: ErpHub = {
      hub,
      stop: async () => {
        this.running.splice(this.running.indexOf(started), 1);
        await hub.stop();
        await db.close();
      },
    };
    this.running.push(started);
    return started;
  }

  async stopAll(): Promise<void> {
    for (const h of [...this.running]) await h.stop();
  }
}
