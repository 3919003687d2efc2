import type { Logger } from "pino";
import type { OutboxFollower } from "../../events/outbox-follower";
import { ConnectorStatus, type Connector } from "../connector";
import { ErpUnreachable } from "./erp-client";

/**
 * What the two ERP pushes (MRP suggestions, and what happened in the hub) share: each follows the outbox with
 * its own follower, is UP until a push says otherwise (HTTP has no connection to watch), DOWN while the ERP
 * cannot be reached and DEGRADED when it refuses, and at shutdown waits for the request in flight, at most its
 * timeout plus a second, then leaves the rest to the next hub (the cursor has not moved past it).
 */
export abstract class ErpPushConnector implements Connector {
  readonly status: ConnectorStatus;
  protected stopping = new AbortController();
  protected abstract readonly follower: OutboxFollower;

  protected constructor(
    readonly name: string,
    target: string,
    private readonly timeoutMs: number,
    protected readonly log: Logger,
    /** logged when a stop finds the push still busy */
    private readonly leftForNextStart: string,
  ) {
    this.status = new ConnectorStatus(name, target);
  }

  abstract replay(payload: unknown): Promise<void>;

  async start(): Promise<void> {
    this.stopping = new AbortController();
    this.status.set("UP");
    this.follower.start();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    const stopped = await this.follower.stop(this.timeoutMs + 1_000);
    if (!stopped) this.log.warn({ connector: this.name }, this.leftForNextStart);
    this.status.set("STOPPED");
  }

  protected delivered(): void {
    this.status.succeededOnce();
    this.status.set("UP");
  }

  protected failed(error: unknown, deadLettered: boolean): void {
    this.status.failedOnce(error, deadLettered);
    this.status.set(error instanceof ErpUnreachable ? "DOWN" : "DEGRADED");
  }
}
