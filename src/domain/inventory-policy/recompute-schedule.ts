import type { Logger } from "pino";
import { SYSTEM } from "../../auth/principal";
import { isDatabaseUnavailable } from "../../db/unavailable";
import { DomainError } from "../shared/domain-error";
import type { InventoryPolicyService } from "./inventory-policy.service";

/**
 * Recomputes classes and every warehouse's policies every INVENTORY_POLICY_EVERY_HOURS (0: never), the first
 * time one interval after the hub starts. A plant without demand history yet is skipped quietly.
 */
export class InventoryPolicySchedule {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly policies: InventoryPolicyService,
    private readonly everyMs: number,
    private readonly log: Logger,
  ) {}

  start(): void {
    if (this.everyMs <= 0) return;
    const tick = () => {
      this.running = this.policies.recomputeAll(SYSTEM).then(
        (r) => this.log.info({ runId: r.runId, policies: r.policies, changes: r.changes.length }, "inventory policies recomputed"),
        (err) => {
          if (err instanceof DomainError && err.details.field === "history") this.log.debug({ err }, "inventory policies not recomputed: no demand history");
          else if (isDatabaseUnavailable(err)) this.log.debug({ err }, "inventory policies not recomputed: database unavailable");
          else this.log.error({ err }, "inventory policy recomputation failed");
        },
      );
      this.timer = setTimeout(tick, this.everyMs);
      this.timer.unref();
    };
    this.timer = setTimeout(tick, this.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    await this.running;
  }
}
