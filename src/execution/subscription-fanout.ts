/**
 * Subscription fan-out for graphql-ws (its `subscribe` hook). A subscription to live events only (its event
 * stream carries SHAREABLE, src/events/event.service.ts) joins the group of the subscriptions with the same
 * document, operation, variables and identity's authorization (roles and warehouse scope): per event, the
 * group filters and executes once, serializes the result once and writes the same bytes, each with its
 * subscriber's id, to every member's socket — all of a socket's messages of an event loop turn framed here
 * and written at once (BatchedWrites). Subscriptions that replay (`afterEventId`) run on their own stream, as
 * graphql-js would run them.
 * The subscribe resolver still runs once per subscriber, so authentication, roles and argument checks answer
 * each subscriber as before; only the per-event work is shared.
 */
import { setImmediate as nextTurn } from "node:timers/promises";
import type { Duplex } from "node:stream";
import { createSourceEventStream, execute, print, type ExecutionArgs, type ExecutionResult, type GraphQLFormattedError } from "graphql";
import type { Logger } from "pino";
import { WebSocket } from "ws";
import type { RequestContext } from "../context";
import type { EventBus } from "../events/event-bus";
import { SHAREABLE, type EventStream, type Shareable } from "../events/event.service";
import type { HubEvent, Topic } from "../events";
import { metrics } from "../runtime/metrics";

/** Where a subscription's messages go: its graphql-ws connection, socket and id. */
export interface Subscriber {
  /** graphql-ws's context of the connection */
  connection: object;
  socket: WebSocket;
  /** the socket under `socket` (the upgraded request's): the fan-out writes its frames there */
  raw: Duplex;
  id: string;
}

/**
 * A socket whose client reads so slowly that this much waits to be written is closed (1013, try again
 * later) instead of buffering without bound.
 */
export const MAX_BUFFERED_BYTES = 16 * 2 ** 20;

interface Member {
  subscriber: Subscriber;
  /** `{"id":"<id>"` — the start of each of its `next` messages */
  prefix: Buffer;
  open: boolean;
  /** ends the iterator graphql-ws waits on */
  end?: () => void;
  /** its socket, as written to (shared by the members of its subscriptions) */
  outgoing: Outgoing;
}

/** A socket, as the fan-out writes to it. */
interface Outgoing {
  socket: WebSocket;
  raw: Duplex;
  /** its subscriptions in groups: with more than one, a flush gathers its messages to write them at once */
  subscriptions: number;
  /** messages a flush gathered: member, then the bytes after its prefix, for each */
  queue: (Member | Buffer)[];
}

interface Group {
  key: string;
  topic: Topic;
  admits: Shareable["admits"];
  /** the first member's: same document, variables and authorization as every member's */
  args: ExecutionArgs;
  members: Set<Member>;
  /** events are handled one after the other, in order */
  tail: Promise<void>;
}

export class SubscriptionFanout {
  private readonly subscribers = new WeakMap<object, Subscriber>();
  private readonly outgoing = new WeakMap<WebSocket, Outgoing>();
  private readonly groups = new Map<string, Group>();
  private readonly topics = new Map<Topic, { groups: Set<Group>; stop: AbortController }>();
  private readonly writes: BatchedWrites;

  constructor(
    private readonly bus: EventBus,
    /** the result as sent to clients (errors formatted) */
    private readonly format: (result: ExecutionResult) => ExecutionResult,
    /** noted for each subscriber a result with errors is sent to */
    private readonly sentErrors: (subscriber: Subscriber, errors: readonly GraphQLFormattedError[]) => void,
    private readonly log: Logger,
  ) {
    this.writes = new BatchedWrites(log);
  }

  /** The context of a subscription, known to belong to `subscriber` (graphql-ws's `context` hook). */
  bind<C extends object>(context: C, subscriber: Subscriber): C {
    this.subscribers.set(context, subscriber);
    return context;
  }

  /** graphql-ws's `subscribe`: the errors of a refused subscription, or the iterator graphql-ws sends from. */
  async subscribe(args: ExecutionArgs): Promise<ExecutionResult | AsyncIterableIterator<ExecutionResult>> {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source;
    const stream = source as EventStream;
    const shareable = stream[SHAREABLE];
    const subscriber = this.subscribers.get(args.contextValue as object);
    this.subscribers.delete(args.contextValue as object);
    const principal = (args.contextValue as RequestContext).principal;
    if (!shareable || !subscriber || !principal) return counted(executedPerEvent(stream, args));
    await stream.return?.(); // never iterated: it never listened
    const authorization = [[...principal.roles].sort(), principal.warehouses === null ? null : [...principal.warehouses].sort()];
    const key = JSON.stringify([documentText(args), args.operationName ?? null, canonical(args.variableValues ?? {}), authorization]);
    return counted(this.join(key, shareable, args, subscriber));
  }

  private join(key: string, shareable: Shareable, args: ExecutionArgs, subscriber: Subscriber): AsyncIterableIterator<ExecutionResult> {
    let group = this.groups.get(key);
    if (!group) {
      group = { key, topic: shareable.topic, admits: shareable.admits, args, members: new Set(), tail: Promise.resolve() };
      this.groups.set(key, group);
      this.listen(group);
      metrics.subscriptionGroups.inc();
    }
    let outgoing = this.outgoing.get(subscriber.socket);
    if (!outgoing) this.outgoing.set(subscriber.socket, (outgoing = { socket: subscriber.socket, raw: subscriber.raw, subscriptions: 0, queue: [] }));
    outgoing.subscriptions++;
    const member: Member = { subscriber, prefix: Buffer.from(`{"id":${JSON.stringify(subscriber.id)}`), open: true, outgoing };
    group.members.add(member);
    const leave = () => {
      if (!member.open) return;
      member.open = false;
      member.outgoing.subscriptions--;
      member.end?.();
      group.members.delete(member);
      if (group.members.size === 0) this.disband(group);
    };
    const done = { done: true, value: undefined } as const;
    return {
      // nothing to yield: messages are written by the group; this ends when graphql-ws returns it
      next: () => new Promise((resolve) => (member.open ? (member.end = () => resolve(done)) : resolve(done))),
      return: async () => (leave(), done),
      throw: async () => (leave(), done),
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  /** The group hears its topic's events from one listener per topic. */
  private listen(group: Group) {
    let topic = this.topics.get(group.topic);
    if (!topic) {
      const entry = { groups: new Set<Group>(), stop: new AbortController() };
      this.topics.set(group.topic, (topic = entry));
      const events = this.bus.listen(group.topic, entry.stop.signal)[Symbol.asyncIterator]();
      // the first next() subscribes at once: an event published after this subscription was made reaches it
      void (async () => {
        for (let e = await events.next(); !e.done; e = await events.next()) for (const g of entry.groups) this.dispatch(g, e.value);
      })().catch((err) => this.log.error({ err, topic: group.topic }, "subscription fan-out stopped listening"));
    }
    topic.groups.add(group);
  }

  private disband(group: Group) {
    this.groups.delete(group.key);
    metrics.subscriptionGroups.dec();
    const topic = this.topics.get(group.topic)!;
    topic.groups.delete(group);
    if (topic.groups.size > 0) return;
    topic.stop.abort();
    this.topics.delete(group.topic);
  }

  private dispatch(group: Group, event: HubEvent) {
    const members = [...group.members]; // those subscribed when it was published
    const release = this.bus.hold(); // the followers' statements wait until this event's messages are out
    group.tail = group.tail
      .then(() => this.deliver(group, event, members, release))
      .catch((err) => (release(), this.log.error({ err, eventId: event.id }, "an event could not be sent to its subscribers")));
  }

  /** Executes the event for the group and queues its messages; `release` is called once they are written. */
  private async deliver(group: Group, event: HubEvent, members: Member[], release: () => void) {
    if (!(await group.admits(event))) return release();
    const result = this.format(await execute({ ...group.args, rootValue: event }));
    metrics.subscriptionExecutions.inc({ topic: group.topic });
    const rest = Buffer.from(`,"type":"next","payload":${JSON.stringify(result)}}`);
    if (result.errors) for (const member of members) if (member.open) this.sentErrors(member.subscriber, result.errors);
    void this.writes.push(group, members, rest).then(release);
  }
}

/** Sockets written per turn of the event loop: a fan-out to thousands lets requests and timers in between. */
const SLICE = 500;

/**
 * A socket's messages of an event loop turn go out in one write: each framed here as the WebSocket text frame
 * `ws` would make (the server negotiates no extension: perMessageDeflate is off) — its subscriber's id, then
 * the bytes its group shares — all in one buffer. That is one stream write per socket, where `ws.send` makes
 * an options object, a header buffer and two stream writes per message; copying the shared bytes (a few
 * hundred) into the socket's buffer costs less than the second write that would pass them uncopied.
 * An event's groups queue their members and bytes as they are; the flush reads each member once, as it writes
 * to it: a pass over thousands of members before the first write (their objects scattered over the heap)
 * would delay every message. When each group has one event in the flush, a socket with one subscription is
 * written as its member comes; the messages of a socket with several (or of every socket, when a group has
 * several events) are gathered and written at the end of the flush, each socket's in one write and in order.
 * Flushes run one after the other, so the order holds when a flush spans turns; graphql-ws's own messages go
 * through `ws`, which writes them at once (no compression, nothing queued).
 */
class BatchedWrites {
  /** each group's events, in order: the members it had and the bytes they share */
  private pending: { group: Group; members: Member[]; rest: Buffer }[] = [];
  /** the flush that will write the pending messages */
  private batch: Promise<void> | undefined;
  private last: Promise<void> = Promise.resolve();

  constructor(private readonly log: Logger) {}

  /** Queues a message to each open member (its prefix, then `rest`); resolves once they are written. */
  push(group: Group, members: Member[], rest: Buffer): Promise<void> {
    this.pending.push({ group, members, rest });
    if (!this.batch) {
      this.last = this.batch = this.last
        .then(() => nextTurn())
        .then(() => this.flush())
        .catch((err) => this.log.error({ err }, "subscription messages could not be written")); // the next flush still runs
    }
    return this.batch;
  }

  private async flush() {
    const pending = this.pending;
    this.pending = [];
    this.batch = undefined;
    const gathered: Outgoing[] = [];
    const gatherAll = new Set(pending.map(({ group }) => group)).size < pending.length;
    let writes = 0;
    try {
      for (const { group, members, rest } of pending) {
        let sent = 0;
        for (const member of members) {
          if (!member.open) continue; // graphql-ws may have answered its complete already
          sent++;
          const { outgoing } = member;
          if (gatherAll || outgoing.subscriptions > 1 || outgoing.queue.length > 0) {
            if (outgoing.queue.length === 0) gathered.push(outgoing);
            outgoing.queue.push(member, rest);
            continue;
          }
          if (++writes % SLICE === 0) await nextTurn();
          outgoing.queue.push(member, rest);
          write(outgoing);
        }
        metrics.subscriptionDeliveries.inc({ topic: group.topic }, sent);
      }
      for (const outgoing of gathered) {
        if (++writes % SLICE === 0) await nextTurn();
        write(outgoing);
      }
    } finally {
      // after a failure (logged by the caller) the flush's other messages are dropped: no queue is left filled
      for (const outgoing of gathered) outgoing.queue.length = 0;
    }
  }
}

/** Writes the socket's queued messages in one buffer (or closes it if too much waits), and empties its queue. */
function write({ socket, raw, queue }: Outgoing): void {
  try {
    if (socket.readyState !== WebSocket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      socket.close(1013, "messages are waiting beyond the limit: reconnect and resume with afterEventId");
      return;
    }
    const frames = framed(queue);
    if (frames) raw.write(frames);
  } finally {
    queue.length = 0;
  }
}

/**
 * The queued messages (member, then the bytes after its prefix) of members still open, in one buffer of
 * unmasked text frames, RFC 6455 §5.2; null if none is. A member that completed since it was queued is left
 * out: graphql-ws may have answered its complete already.
 */
function framed(queue: (Member | Buffer)[]): Buffer | null {
  let size = 0;
  for (let q = 0; q < queue.length; q += 2) {
    const { prefix, open } = queue[q] as Member;
    const length = prefix.length + (queue[q + 1] as Buffer).length;
    if (open) size += headerLength(length) + length;
  }
  if (size === 0) return null;
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (let q = 0; q < queue.length; q += 2) {
    const { prefix, open } = queue[q] as Member;
    const rest = queue[q + 1] as Buffer;
    if (!open) continue;
    const length = prefix.length + rest.length;
    out[at] = 0x81; // FIN, text
    if (length < 126) out[at + 1] = length;
    else if (length < 2 ** 16) {
      out[at + 1] = 126;
      out.writeUInt16BE(length, at + 2);
    } else {
      out[at + 1] = 127;
      out.writeUInt32BE(Math.floor(length / 2 ** 32), at + 2);
      out.writeUInt32BE(length >>> 0, at + 6);
    }
    at += headerLength(length);
    at += prefix.copy(out, at);
    at += rest.copy(out, at);
  }
  return out;
}

const headerLength = (length: number) => (length < 126 ? 2 : length < 2 ** 16 ? 4 : 10);

/** The source text of the operation's document (as parsed, or printed when parsed without locations). */
function documentText(args: ExecutionArgs): string {
  return args.document.loc?.source.body ?? print(args.document);
}

/** JSON with object keys sorted, so that the same variables in another order make the same key. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
}

/** What graphql-js's `subscribe` does with a source stream: each event executed as the operation's root. */
function executedPerEvent(source: AsyncIterableIterator<unknown>, args: ExecutionArgs): AsyncIterableIterator<ExecutionResult> {
  return {
    async next() {
      const e = await source.next();
      return e.done ? { done: true, value: undefined } : { done: false, value: await execute({ ...args, rootValue: e.value }) };
    },
    return: async () => (await source.return?.(), { done: true, value: undefined }),
    throw: async (err) => (await source.return?.(), Promise.reject(err)),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/** The open subscriptions gauge, up while the iterator runs. */
function counted(iterator: AsyncIterableIterator<ExecutionResult>): AsyncIterableIterator<ExecutionResult> {
  metrics.subscriptionsOpen.inc();
  let open = true;
  const close = () => {
    if (open) metrics.subscriptionsOpen.dec();
    open = false;
  };
  return {
    next: async () => {
      try {
        const r = await iterator.next();
        if (r.done) close();
        return r;
      } catch (e) {
        close(); // graphql-ws sends the error and does not return() the iterator
        throw e;
      }
    },
    return: async (v) => (close(), iterator.return!(v)),
    throw: async (e) => (close(), iterator.throw!(e)),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
