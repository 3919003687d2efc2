import http from "node:http";
import type { AddressInfo } from "node:net";

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
