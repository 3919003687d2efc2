import type { MrpPlan, PlannedSupply } from "../mrp";
import type { Tx } from "../../db/transaction";

/** A peg as the graph serves it. */
export interface PegView {
  mpsLineId: number | null;
  pseudoDemand: string | null;
  quantity: string;
}

/** A peg as stored on its supply: [MPS line id or pseudo-demand, quantity] (compact: runs write 100k+). */
export type StoredPeg = [number | string, string];

export const pegView = ([demand, quantity]: StoredPeg): PegView =>
  typeof demand === "number" ? { mpsLineId: demand, pseudoDemand: null, quantity } : { mpsLineId: null, pseudoDemand: demand, quantity };

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
 * thousands, and its completion event carries the count.
 */
export function* planWrites(plan: MrpPlan, chunkRows = CHUNK_ROWS): Generator<PlanWrite> {
  if (plan.exceptions.length) yield (tx, runId, warehouseId) => insertExceptions(tx, runId, warehouseId, plan.exceptions);
  const make = new SupplyChunk("planned_order", "release_date");
  const buy = new SupplyChunk("purchase_suggestion", "order_date");
  for (const supply of plan.supplies()) {
    const chunk = supply.kind === "PLANNED_ORDER" ? make : buy;
    chunk.add(supply);
    if (chunk.size === chunkRows) yield chunk.take();
  }
  for (const rest of [make, buy]) if (rest.size) yield rest.take();
}

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

async function insertExceptions(tx: Tx, runId: number, warehouseId: number, ex: MrpPlan["exceptions"]) {
  await tx.query(
    `INSERT INTO exception (type, severity, message, details, material_id, warehouse_id, mrp_run_id)
     SELECT u.t::"ExceptionType", u.s::"Severity", u.m, d.details, u.mat, $1, $2
       FROM unnest($3::text[], $4::text[], $5::text[], $6::int[]) WITH ORDINALITY AS u(t, s, m, mat, i)
       JOIN jsonb_array_elements($7::jsonb) WITH ORDINALITY AS d(details, i) ON d.i = u.i`,
    [warehouseId, runId, ex.map((e) => e.type), ex.map((e) => e.severity), ex.map((e) => e.message), ex.map((e) => e.materialId), JSON.stringify(ex.map((e) => e.details))],
  );
}

/**
 * Supplies of one table gathered in columns; `take` turns them into one INSERT … unnest and starts afresh. JSON values (the pegs) travel as ONE
 * JSON document matched to the rows by position: a jsonb[] parameter would need every element quoted
 * inside an array literal, which measured several times slower.
 */
class SupplyChunk {
  private materialIds: number[] = [];
  private quantities: string[] = [];
  private releaseDates: string[] = [];
  private dueDates: string[] = [];
  private pegs: StoredPeg[][] = [];
  private supplierCodes: (string | null)[] = [];

  constructor(
    private readonly table: string,
    private readonly releaseColumn: string,
  ) {}

  get size() {
    return this.materialIds.length;
  }

  add(s: PlannedSupply) {
    this.materialIds.push(s.materialId);
    this.quantities.push(s.quantity);
    this.releaseDates.push(s.releaseDate);
    this.dueDates.push(s.dueDate);
    this.pegs.push(s.pegs.map((p): StoredPeg => [p.demandId, p.quantity]));
    if (this.table === "purchase_suggestion") this.supplierCodes.push(s.supplierCode ?? null);
  }

  take(): PlanWrite {
    const { materialIds, quantities, releaseDates, dueDates, supplierCodes } = this;
    const pegs = JSON.stringify(this.pegs);
    this.supplierCodes = [];
    this.materialIds = [];
    this.quantities = [];
    this.releaseDates = [];
    this.dueDates = [];
    this.pegs = [];
    if (this.table === "purchase_suggestion") {
      return async (tx, runId, warehouseId) => {
        await tx.query(
          `INSERT INTO purchase_suggestion (mrp_run_id, material_id, warehouse_id, quantity, order_date, due_date, pegs, supplier_code)
           SELECT $1, u.m, $2, u.q, u.r::timestamp AT TIME ZONE 'UTC', u.d::timestamp AT TIME ZONE 'UTC', p.pegs, u.s
             FROM unnest($3::int[], $4::numeric[], $5::date[], $6::date[], $8::text[]) WITH ORDINALITY AS u(m, q, r, d, s, i)
             JOIN jsonb_array_elements($7::jsonb) WITH ORDINALITY AS p(pegs, i) ON p.i = u.i`,
          [runId, warehouseId, materialIds, quantities, releaseDates, dueDates, pegs, supplierCodes],
        );
      };
    }
    return async (tx, runId, warehouseId) => {
      await tx.query(
        `INSERT INTO ${this.table} (mrp_run_id, material_id, warehouse_id, quantity, ${this.releaseColumn}, due_date, pegs)
         SELECT $1, u.m, $2, u.q, u.r::timestamp AT TIME ZONE 'UTC', u.d::timestamp AT TIME ZONE 'UTC', p.pegs
           FROM unnest($3::int[], $4::numeric[], $5::date[], $6::date[]) WITH ORDINALITY AS u(m, q, r, d, i)
           JOIN jsonb_array_elements($7::jsonb) WITH ORDINALITY AS p(pegs, i) ON p.i = u.i`,
        [runId, warehouseId, materialIds, quantities, releaseDates, dueDates, pegs],
      );
    };
  }
}
