import type { Logger } from "pino";
import type { Principal } from "../../auth/principal";
import type { Database } from "../../db/database";
import { inTransaction } from "../../db/transaction";
import { writeEvent } from "../../events/outbox";
import { metrics } from "../../runtime/metrics";
import { resolveOpenOfMrpRuns } from "../exceptions/exception.store";
import { runCommand, unkeyed } from "../idempotency/command";
import { planWarehousesInSteps, type MrpParameters, type WarehousesPlan } from "../mrp";
import { DomainError, badInput } from "../shared/domain-error";
import * as refs from "../stock/stock-refs";
import { loadWarehousesInput } from "./load-warehouses-input";
import { planTarget, writePlan } from "./persist-plan";
import { stepThrough } from "./plan-steps";
import { purgeSupersededRuns } from "./purge-runs";
import { insertPlannedTransfers, setRunGroup, transferColumns } from "./planned-transfer.store";
import * as store from "./planning.store";
import type { MrpRunPhase, MrpRunRow } from "./planning.types";

/** Warehouses one run may plan together. */
export const MAX_RUN_WAREHOUSES = 20;

/** What MrpRunService decides for every run (see mrp-run.service.ts). */
export interface RunSettings {
  staleMinutes: number;
  /** completed runs kept whole per warehouse besides the current one (see purge-runs.ts) */
  keepRuns: number;
  writeConnections: number;
  progressEveryMs: number;
}

type Params = MrpParameters & { startDate: Date };
/** One warehouse's run within the group. */
interface GroupRun { runId: number; warehouseId: number }

/**
 * Runs that plan several warehouses together (src/domain/mrp/plan-warehouses.ts): one mrp_run per
 * warehouse, started, planned and made current together, sharing a group id (the first run's). Each run
 * holds its warehouse's plan as a run of its own would — readers and the ERP push see no difference —
 * and the destination's run holds the planned transfers into it. The group's runs are purged together, once
 * every one of them is superseded in its warehouse (purge-runs.ts).
 */
export class WarehousesRun {
  constructor(
    private readonly db: Database,
    private readonly log: Logger,
    private readonly afterCompleted: () => Promise<unknown>,
    private readonly settings: RunSettings,
  ) {}

  /**
   * Checks the warehouses (each once, known, in the caller's scope: else nothing is written), records a
   * QUEUED run for each, and returns them (the first leads) with the work that plans them.
   */
  async start(codes: readonly string[], params: Params, horizonDays: number, principal: Principal): Promise<{ runs: MrpRunRow[]; work: () => Promise<void> }> {
    const wanted = distinctCodes(codes);
    const { runs } = await runCommand(this.db, unkeyed(principal, "startMrpRun"), async (tx) => {
      const warehouses = [];
      for (const code of wanted) warehouses.push(await refs.warehouse(tx, { code }, principal));
      // locked in id order: two group runs sharing warehouses cannot deadlock
      for (const w of [...warehouses].sort((a, b) => a.id - b.id)) await store.lockRunsOf(tx, w.id);
      for (const w of warehouses) {
        const busy = await store.busyRunOf(tx, w.id, this.settings.staleMinutes);
        if (busy) throw new DomainError("CONFLICT", `MRP run ${busy.id} is still running for ${w.code}`, { runId: busy.id });
      }
      const rows: MrpRunRow[] = [];
      for (const w of warehouses) {
        const parameters = { ...params, warehouseCode: w.code, warehouseCodes: wanted };
        rows.push(await store.insertQueuedRun(tx, { warehouseId: w.id, bucket: params.bucket, horizonDays, parameters, by: principal.id }));
      }
      await setRunGroup(tx, rows.map((r) => r.id), rows[0].id);
      for (const row of rows) {
        row.groupId = rows[0].id;
        await writeEvent(tx, "mrp.progress", { runId: row.id, status: "QUEUED", phase: null, percent: 0 });
      }
      return { runs: rows };
    });
    return { runs, work: () => this.execute(runs.map((r) => ({ runId: r.id, warehouseId: r.warehouseId! })), params) };
  }

  private async execute(runs: GroupRun[], params: Params): Promise<void> {
    const t0 = performance.now();
    const ms = (since: number) => Math.round(performance.now() - since);
    try {
      await this.progress(runs, "LOADING", 5);
      const loaded = await this.load(runs, params);
      const loadMs = ms(t0);
      await this.progress(runs, "PLANNING", 20);
      let reported = performance.now();
      const computing = performance.now();
      const result = await stepThrough(planWarehousesInSteps(loaded.warehouses, loaded.lanes), async ({ percent }) => {
        if (performance.now() - reported < this.settings.progressEveryMs) return;
        reported = performance.now();
        await this.progress(runs, "PLANNING", 20 + Math.floor((percent * 40) / 100));
      });
      const computeMs = ms(computing);
      await this.progress(runs, "PERSISTING", 60);
      const persisting = performance.now();
      await this.persist(runs, result);
      await inTransaction(this.db, async (tx) => {
        const persistMs = ms(persisting);
        for (const { runId, warehouseId } of runs) {
          await resolveOpenOfMrpRuns(tx, await store.retireCurrentRun(tx, warehouseId));
          const plan = result.plans.get(warehouseId)!;
          const counts = { ...plan.counts, demands: loaded.demands.get(warehouseId)!, plannedTransfers: result.transfers.filter((t) => t.toWarehouseId === warehouseId).length };
          await store.completeRun(tx, runId, counts, { loadMs, computeMs, persistMs, totalMs: loadMs + computeMs + persistMs });
          await writeEvent(tx, "mrp.progress", { runId, status: "COMPLETED", phase: null, percent: 100 });
        }
      });
      metrics.mrpRunSeconds.observe(ms(t0) / 1000);
      await this.afterCompleted().catch((err) => this.log.error({ err, runId: runs[0].runId }, "what follows the MRP run failed"));
      await purgeSupersededRuns(this.db, runs.map((r) => r.warehouseId), { keep: this.settings.keepRuns, staleMinutes: this.settings.staleMinutes }).catch((err) =>
        this.log.error({ err, runId: runs[0].runId }, "purging superseded MRP runs failed"),
      );
    } catch (err) {
      const expected = err instanceof DomainError;
      if (!expected) this.log.error({ err, runId: runs[0].runId }, "MRP run failed");
      const message = expected ? err.message : "internal error (see the hub's log)";
      await inTransaction(this.db, async (tx) => {
        for (const { runId } of runs) {
          await store.failRun(tx, runId, message);
          await writeEvent(tx, "mrp.progress", { runId, status: "FAILED", phase: null, percent: 100 });
        }
      }).catch((e) => this.log.error({ err: e, runId: runs[0].runId }, "could not record the failed MRP run"));
    }
  }

  /** Every warehouse's input and the lanes between them, from one snapshot. */
  private load(runs: GroupRun[], params: Params) {
    const parameters = { startDate: params.startDate, bucket: params.bucket, horizonBuckets: params.horizonBuckets };
    return inTransaction(this.db, (tx) => loadWarehousesInput(tx, runs.map((r) => r.warehouseId), parameters));
  }

  /** Each warehouse's plan on its run, then the planned transfers on their destination's run (as for one run, see MrpRunService). */
  private async persist(runs: GroupRun[], result: WarehousesPlan): Promise<void> {
    const runOf = new Map(runs.map((r) => [r.warehouseId, r.runId]));
    for (const { runId, warehouseId } of runs) {
      await writePlan(result.plans.get(warehouseId)!, planTarget(this.db, runId, warehouseId), this.settings.writeConnections, (fn) => inTransaction(this.db, fn));
    }
    for (const { runId, warehouseId } of runs) {
      const into = result.transfers.filter((t) => t.toWarehouseId === warehouseId);
      if (into.length) await inTransaction(this.db, (tx) => insertPlannedTransfers(tx, runId, transferColumns(into, runOf)));
    }
    await inTransaction(this.db, (tx) => store.refreshPlanStatistics(tx));
  }

  /** Every run of the group passes the phase together. */
  private progress(runs: GroupRun[], phase: MrpRunPhase, percent: number) {
    return inTransaction(this.db, async (tx) => {
      for (const { runId } of runs) {
        await store.markRunPhase(tx, runId, phase, percent);
        await writeEvent(tx, "mrp.progress", { runId, status: "RUNNING", phase, percent });
      }
    });
  }
}

/** The codes as stored (upper case), each once: a code named twice is bad input. */
function distinctCodes(codes: readonly string[]): string[] {
  if (codes.length === 0) throw badInput("warehouseCodes must name at least one warehouse", { field: "warehouseCodes" });
  if (codes.length > MAX_RUN_WAREHOUSES) throw new DomainError("LIMIT_EXCEEDED", `a run may plan at most ${MAX_RUN_WAREHOUSES} warehouses`, { field: "warehouseCodes", max: MAX_RUN_WAREHOUSES });
  const seen: string[] = [];
  codes.forEach((raw, i) => {
    const code = raw.trim().toUpperCase();
    if (code === "") throw badInput("a warehouse code must not be empty", { field: `warehouseCodes[${i}]` });
    if (seen.includes(code)) throw badInput(`warehouse ${code} is named twice`, { field: `warehouseCodes[${i}]` });
    seen.push(code);
  });
  return seen;
}
