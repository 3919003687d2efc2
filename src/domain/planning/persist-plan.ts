import { isTransferDemand, type MrpPlan, type Peg, type PlannedSupply } from "../mrp";
import type { Tx } from "../../db/transaction";
import { insertPlanningExceptions } from "../exceptions/exception.store";
import { insertSupplies } from "./planning.store";
import { isForecastDemand } from "../forecasting/forecast-demand";
import type { StoredPeg, SupplyKind } from "./planning.types";

export type PlanWrite = (tx: Tx, runId: number, warehouseId: number) => Promise<void>;

/**
 * Rows per INSERT. A large plan is cut into statements of this size so that several connections can
 * insert at once (one statement runs on one server core) and the next chunk is built while the
 * previous ones are being written. Building a chunk holds the event loop: 20,000 rows held it ~80 ms,
 * 5,000 rows ~30 ms, at no cost in total time (bench/mrp, docs/benchmarks.md).
 */
const CHUNK_ROWS = 5_000;

/**
 * The writes that store a plan's supplies (with their pegs) and exceptions for a run: independent of
 * each other, one bulk statement each (arrays through unnest). Supplies are streamed from the plan and
 * cut into chunks as the writes are taken, so the plan's supplies are never all held as objects.
 * Planning exceptions go to the inbox without an `exception.raised` event each: a run can raise
 * thousands, and its completion event carries the count. They are chunked too: a row of theirs costs
 * several of a supply's (full-text vector, four indexes, three foreign keys), and in one statement they
 * were the longest write of a run, which the other connections waited for.
 */
export function* planWrites(plan: MrpPlan, chunkRows = CHUNK_ROWS): Generator<PlanWrite> {
  const { exceptions } = plan;
  for (let i = 0; i < exceptions.length; i += chunkRows) {
    const chunk = exceptions.slice(i, i + chunkRows);
    yield (tx, runId, warehouseId) => insertPlanningExceptions(tx, runId, warehouseId, chunk);
  }
  yield* supplyWrites(plan.supplies(), chunkRows);
}

/**
 * Writes a plan that no reader sees yet (its run is not current) in `connections` transactions at once,
 * chunk by chunk (planWrites). Each chunk commits without waiting for its WAL to reach the disk: the
 * transaction that makes the run current commits synchronously after them, and its flush covers all
 * the WAL before it — so a crash either loses a run that was never current or keeps the whole plan.
 */
export function writePlan(plan: MrpPlan, runId: number, warehouseId: number, connections: number, transaction: (fn: (tx: Tx) => Promise<void>) => Promise<void>): Promise<void> {
  return runWrites(planWrites(plan), connections, (write) =>
    transaction(async (tx) => {
      await tx.query(`SET LOCAL synchronous_commit = off`);
      await write(tx, runId, warehouseId);
    }),
  );
}

/** The writes that store these supplies (with their pegs), in chunks of `chunkRows` per kind. */
export function* supplyWrites(supplies: Iterable<PlannedSupply>, chunkRows = CHUNK_ROWS): Generator<PlanWrite> {
  const make = new SupplyChunk("PLANNED_ORDER");
  const buy = new SupplyChunk("PURCHASE_SUGGESTION");
  for (const supply of supplies) {
    const chunk = supply.kind === "PLANNED_ORDER" ? make : buy;
    chunk.add(supply);
    if (chunk.size === chunkRows) yield chunk.take();
  }
  for (const rest of [make, buy]) if (rest.size) yield rest.take();
}

/** Pegs as stored: the forecast's and planned transfers' demand by kind (FORECAST, TRANSFER), others by id. */
export const storedPegs = (pegs: readonly Peg[]): StoredPeg[] =>
  pegs.map((p) => [isForecastDemand(p.demandId) ? "FORECAST" : isTransferDemand(p.demandId) ? "TRANSFER" : p.demandId, p.quantity]);

/** Runs the writes at most `parallel` at a time, each through `run`; stops taking new ones at the first failure. */
export async function runWrites(writes: Iterator<PlanWrite>, parallel: number, run: (write: PlanWrite) => Promise<void>) {
  let failed = false;
  const worker = async () => {
    while (!failed) {
      const next = writes.next();
      if (next.done) return;
      await run(next.value).catch((err) => {
        failed = true;
        throw err;
      });
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

/** Supplies of one kind gathered in columns; `take` turns them into one write (insertSupplies) and starts afresh. */
class SupplyChunk {
  private materialIds: number[] = [];
  private quantities: string[] = [];
  private releaseDates: string[] = [];
  private dueDates: string[] = [];
  private pegs: string[] = [];
  private supplierCodes: (string | null)[] = [];

  constructor(private readonly kind: SupplyKind) {}

  get size() {
    return this.materialIds.length;
  }

  add(s: PlannedSupply) {
    this.materialIds.push(s.materialId);
    this.quantities.push(s.quantity);
    this.releaseDates.push(s.releaseDate);
    this.dueDates.push(s.dueDate);
    this.pegs.push(JSON.stringify(storedPegs(s.pegs)));
    if (this.kind === "PURCHASE_SUGGESTION") this.supplierCodes.push(s.supplierCode ?? null);
  }

  take(): PlanWrite {
    const kind = this.kind;
    const columns = { materialIds: this.materialIds, quantities: this.quantities, releaseDates: this.releaseDates, dueDates: this.dueDates, pegs: this.pegs, supplierCodes: this.supplierCodes };
    this.supplierCodes = [];
    this.materialIds = [];
    this.quantities = [];
    this.releaseDates = [];
    this.dueDates = [];
    this.pegs = [];
    return (tx, runId, warehouseId) => insertSupplies(tx, kind, runId, warehouseId, columns);
  }
}
