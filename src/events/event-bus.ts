import { EventEmitter, on } from "node:events";
import Redis from "ioredis";
import type { HubEvent, Topic } from "./topics";

/**
 * Fan-out of published events to this process's subscribers. In memory for one instance; through Redis
 * pub/sub when several instances serve subscribers (each event is published by exactly one instance's
 * outbox publisher, and Redis delivers it to all).
 */
export interface EventBus {
  publish(event: HubEvent): Promise<void>;
  /** live events of `topic` until `signal` aborts */
  listen(topic: Topic, signal: AbortSignal): AsyncIterable<HubEvent>;
  close(): Promise<void>;
}

export class MemoryEventBus implements EventBus {
  protected readonly emitter = new EventEmitter().setMaxListeners(0);

  async publish(event: HubEvent) {
    this.emitter.emit(event.topic, event);
  }

  async *listen(topic: Topic, signal: AbortSignal): AsyncIterable<HubEvent> {
    try {
      for await (const [event] of on(this.emitter, topic, { signal })) yield event as HubEvent;
    } catch (e) {
      if ((e as Error).name !== "AbortError") throw e;
    }
  }

  async close() {
    this.emitter.removeAllListeners();
  }
}

const CHANNEL = "hub-events";

export class RedisEventBus extends MemoryEventBus {
  private constructor(
    private readonly pub: Redis,
    private readonly sub: Redis,
  ) {
    super();
    sub.on("message", (_channel: string, message: string) => {
      const event = JSON.parse(message) as HubEvent;
      event.createdAt = new Date(event.createdAt);
      this.emitter.emit(event.topic, event);
    });
  }

  static async connect(url: string): Promise<RedisEventBus> {
    const pub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
    const sub = new Redis(url, { lazyConnect: true });
    await Promise.all([pub.connect(), sub.connect()]);
    await sub.subscribe(CHANNEL);
    return new RedisEventBus(pub, sub);
  }

  override async publish(event: HubEvent) {
    await this.pub.publish(CHANNEL, JSON.stringify(event));
  }

  override async close() {
    await super.close();
    this.sub.disconnect();
    this.pub.disconnect();
  }
}
