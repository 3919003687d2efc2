import type { Logger } from "pino";
import type { WarehouseScope } from "../auth/warehouse-scope";
import { DomainError } from "../domain/shared/domain-error";
import type { Connector, ConnectorHealth } from "./connector";
import type { DeadLetterRow } from "./dead-letter.store";
import type { DeadLetters } from "./dead-letters";
import { ErpConnector, type PushSummary } from "./erp/erp-connector";

export interface ReplayOutcome {
  delivered: boolean;
  /** the dead letter as it stands after a failed replay; null once delivered */
  deadLetter: DeadLetterRow | null;
}

/** The hub's connectors, started and stopped with it, and the dead letters they leave. */
export class Connectors {
  constructor(
    private readonly all: readonly Connector[],
    readonly deadLetters: DeadLetters,
    private readonly log: Logger,
  ) {}

  find(name: string): Connector | undefined {
    return this.all.find((c) => c.name === name);
  }

  health(): ConnectorHealth[] {
    return this.all.map((c) => c.status.health());
  }

  /**
   * Each connector's health as it changes (its state, or a failure), from now until the iterator is returned
   * (a subscription ends): in this hub, whose connectors these are, as `health()`.
   */
  changes(): AsyncIterableIterator<ConnectorHealth> {
    const queued: ConnectorHealth[] = [];
    let wake: (() => void) | undefined;
    const unwatch = this.all.map((c) =>
      c.status.watch((h) => {
        queued.push(h);
        wake?.();
      }),
    );
    let open = true;
    const done = { done: true, value: undefined } as const;
    const end = async () => {
      open = false;
      for (const stop of unwatch) stop();
      wake?.();
      return done;
    };
    return {
      async next() {
        while (open && queued.length === 0) await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        return open ? { done: false, value: queued.shift()! } : done;
      },
      return: end,
      throw: end,
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  /**
   * Pushes a stored, completed MRP run to the ERP now (see ErpConnector.pushRun); INVALID_STATE when the
   * ERP push is not configured.
   */
  pushRunToErp(runId: number): Promise<PushSummary> {
    const erp = this.all.find((c) => c instanceof ErpConnector);
    if (!erp) throw new DomainError("INVALID_STATE", "the ERP push is not configured (ERP_URL)");
    return erp.pushRun(runId);
  }

  /** Starts each; one that cannot reach its system stays DOWN and keeps trying, the hub starts anyway. */
  async start(): Promise<void> {
    for (const c of this.all) {
      await c.start().catch((err) => {
        c.status.set("DOWN");
        c.status.failedOnce(err, false);
        this.log.error({ err, connector: c.name }, "connector failed to start");
      });
    }
  }

  async stop(): Promise<void> {
    await Promise.allSettled(this.all.map((c) => c.stop()));
  }

  /** Hands a dead letter back to its connector once; delivered ones are removed, failed ones keep the new error. */
  async replay(id: number, scope: WarehouseScope): Promise<ReplayOutcome> {
    const letter = await this.deadLetters.claim(id, scope);
    const connector = this.find(letter.connector);
    try {
      if (!connector) throw new Error(`connector ${letter.connector} is not configured in this hub`);
      await connector.replay(letter.payload);
    } catch (err) {
      return { delivered: false, deadLetter: await this.deadLetters.failedAgain(id, err) };
    }
    await this.deadLetters.delivered(id);
    return { delivered: true, deadLetter: null };
  }
}
