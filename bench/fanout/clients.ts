/**
 * One process of the subscribers of bench/fanout (it starts several, so that reading thousands of messages
 * neither takes the hub's CPU nor, done by one process, sets the latency it measures): opens the connections it
 * is told to (test/support/ws-subscribers.ts), notes when each message of event i arrives, tells the bench when
 * each of its subscribers has event i, and answers with the arrival times of a round.
 */
import { WsSubscribers, type SubscriberSpec } from "../../test/support/ws-subscribers";

export type ToClients =
  /** subscribers `from` … `from + count - 1` of the bench's numbering (which sets their identity and document) */
  | { open: { url: string; from: number; count: number; tokens: string[]; queries: string[]; parallel: number } }
  | { close: true };
/** per event, when each of its messages arrived (ms since the epoch, as `performance.timeOrigin + now()`) */
export type Arrivals = [event: number, times: number[]][];
export type FromClients = { opened: true } | { delivered: number } | { closed: Arrivals };

const now = () => performance.timeOrigin + performance.now();
const send = (m: FromClients) => process.send!(m);

let subscribers: WsSubscribers | undefined;
let arrivals = new Map<number, number[]>();

process.on("message", async (m: ToClients) => {
  if ("open" in m) {
    const { url, from, count, tokens, queries, parallel } = m.open;
    // subscriber i: principal i mod tokens, document (i / tokens) mod queries
    const spec: SubscriberSpec = { token: (i) => tokens[(from + i) % tokens.length], query: (i) => queries[Math.floor((from + i) / tokens.length) % queries.length] };
    subscribers = await WsSubscribers.open(url, count, spec, arrived, parallel);
    send({ opened: true });
  } else {
    await subscribers?.close();
    send({ closed: [...arrivals] });
    arrivals = new Map();
  }
});

function arrived(_i: number, text: string) {
  const event = Number(/"message":"bench (\d+)"/.exec(text)![1]);
  let times = arrivals.get(event);
  if (!times) arrivals.set(event, (times = []));
  times.push(now());
  if (times.length === subscribers?.counts.length) send({ delivered: event });
}
