/**
 * The subscribers of bench/fanout, in a process of their own so that their CPU is not the hub's: opens the
 * connections it is told to (test/support/ws-subscribers.ts), notes when each message of event i arrives,
 * tells the bench when every subscriber has event i, and answers with the latencies of a round.
 */
import { WsSubscribers, type SubscriberSpec } from "../../test/support/ws-subscribers";

export type ToClients =
  | { open: { url: string; count: number; tokens: string[]; queries: string[] } }
  | { sent: { event: number; at: number } }
  | { close: true };
/** latencies from the event's sending, and from its first message's arrival (the fan-out's own spread) */
export interface Latencies {
  latenciesMs: number[];
  spreadsMs: number[];
}
export type FromClients = { opened: true } | { delivered: number } | { closed: Latencies };

const now = () => performance.timeOrigin + performance.now();
const send = (m: FromClients) => process.send!(m);

let subscribers: WsSubscribers | undefined;
/** per event: when it was sent, when each message arrived */
let sentAt = new Map<number, number>();
let arrivals = new Map<number, number[]>();

process.on("message", async (m: ToClients) => {
  if ("open" in m) {
    const { url, count, tokens, queries } = m.open;
    // subscriber i: principal i mod tokens, document (i / tokens) mod queries
    const spec: SubscriberSpec = { token: (i) => tokens[i % tokens.length], query: (i) => queries[Math.floor(i / tokens.length) % queries.length] };
    subscribers = await WsSubscribers.open(url, count, spec, arrived);
    send({ opened: true });
  } else if ("sent" in m) {
    sentAt.set(m.sent.event, m.sent.at);
  } else {
    await subscribers?.close();
    const latenciesMs = [...arrivals].flatMap(([event, times]) => times.map((t) => t - sentAt.get(event)!));
    const spreadsMs = [...arrivals.values()].flatMap((times) => times.map((t) => t - times[0]));
    sentAt = new Map();
    arrivals = new Map();
    send({ closed: { latenciesMs, spreadsMs } });
  }
});

function arrived(_i: number, text: string) {
  const event = Number(/"message":"bench (\d+)"/.exec(text)![1]);
  let times = arrivals.get(event);
  if (!times) arrivals.set(event, (times = []));
  times.push(now());
  if (times.length === subscribers?.counts.length) send({ delivered: event });
}
