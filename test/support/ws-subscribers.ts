/**
 * Many graphql-ws subscribers in one process, light enough for thousands: raw `ws` connections speaking the
 * graphql-transport-ws protocol, one subscription each (id "1"), counting their `next` messages and keeping
 * only the last one's text (a graphql-ws Client parses and keeps more per message). For fan-out tests and
 * bench/fanout; a `next` is recognised by its first bytes, as the hub writes `{"id":…,"type":"next",…`.
 */
import WebSocket from "ws";

export interface SubscriberSpec {
  /** bearer token of subscriber i */
  token(i: number): string;
  query(i: number): string;
  variables?(i: number): Record<string, unknown>;
}

export class WsSubscribers {
  /** `next` messages received per subscriber */
  readonly counts: number[];
  /** the last `next` message per subscriber, as sent */
  readonly last: (string | undefined)[];
  /** messages other than `next` (errors, completes), as sent */
  readonly other: string[] = [];
  private constructor(
    private readonly sockets: WebSocket[],
    /** called on each `next` (before counting) */
    onNext: (i: number, text: string) => void,
  ) {
    this.counts = sockets.map(() => 0);
    this.last = sockets.map(() => undefined);
    sockets.forEach((socket, i) =>
      socket.on("message", (data) => {
        const text = data.toString();
        if (!text.startsWith('{"id":"1","type":"next"')) return void this.other.push(text);
        onNext(i, text);
        this.counts[i]++;
        this.last[i] = text;
      }),
    );
  }

  /** Opens `count` connections, `parallel` at a time, each subscribed (acknowledged and sent) when this resolves. */
  static async open(wsUrl: string, count: number, spec: SubscriberSpec, onNext: (i: number, text: string) => void = () => undefined, parallel = 100): Promise<WsSubscribers> {
    const sockets: WebSocket[] = new Array(count);
    for (let from = 0; from < count; from += parallel) {
      await Promise.all(
        Array.from({ length: Math.min(parallel, count - from) }, (_, k) => from + k).map(async (i) => {
          sockets[i] = await subscribe(wsUrl, spec.token(i), spec.query(i), spec.variables?.(i) ?? {});
        }),
      );
    }
    return new WsSubscribers(sockets, onNext);
  }

  /** total `next` messages received */
  total(): number {
    return this.counts.reduce((a, b) => a + b, 0);
  }

  /** Completes subscriber i's subscription (the client's `complete` message). */
  complete(i: number): void {
    this.sockets[i].send(JSON.stringify({ id: "1", type: "complete" }));
  }

  /** Stops (false) or starts again (true) reading subscriber i's connection: a client too slow for what it is sent. */
  reading(i: number, on: boolean): void {
    if (on) this.sockets[i].resume();
    else this.sockets[i].pause();
  }

  /** The code subscriber i's connection closes with. */
  closeCode(i: number): Promise<number> {
    return new Promise((resolve) => this.sockets[i].once("close", (code) => resolve(code)));
  }

  async close(): Promise<void> {
    await Promise.all(
      this.sockets.map((s) => (s.readyState === WebSocket.CLOSED ? undefined : new Promise((resolve) => (s.once("close", resolve), s.close(1000))))),
    );
  }
}

function subscribe(wsUrl: string, token: string, query: string, variables: Record<string, unknown>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl, "graphql-transport-ws");
    socket.once("error", reject);
    socket.once("close", (code, reason) => reject(new Error(`closed ${code} ${reason}`)));
    socket.once("open", () => socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${token}` } })));
    socket.once("message", (data) => {
      if (JSON.parse(data.toString()).type !== "connection_ack") return reject(new Error(`no ack: ${data}`));
      socket.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query, variables } }));
      socket.removeAllListeners("close");
      socket.removeAllListeners("error");
      socket.on("error", () => undefined);
      resolve(socket);
    });
  });
}
