import type { Logger } from "pino";
import { SYSTEM } from "../../auth/principal";
import { DomainError } from "../shared/domain-error";
import { PeriodicJob } from "../shared/periodic-job";
import type { InventoryPolicyService } from "./inventory-policy.service";

/** A plant without demand history yet: nothing to recompute from, not a failure. */
const noHistory = (err: unknown) => err instanceof DomainError && err.details.field === "history";

/**
 * Recomputes classes and every warehouse's policies every INVENTORY_POLICY_EVERY_HOURS (0: never), the first
 * time one interval after the hub starts. A plant without demand history yet is skipped quietly.
 */
export class InventoryPolicySchedule extends PeriodicJob {
  constructor(policies: InventoryPolicyService, everyMs: number, log: Logger) {
    super({ name: "inventory policy recomputation", everyMs, runAtStart: false, quiet: noHistory }, async () => {
      const r = await policies.recomputeAll(SYSTEM);
      log.info({ runId: r.runId, policies: r.policies, changes: r.changes.length }, "inventory policies recomputed");
    }, log);
  }
}
