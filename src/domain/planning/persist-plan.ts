import { setImmediate as nextTurn } from "node:timers/promises";
import type { MrpException, MrpPlan, PlannedSupply } from "../mrp";
import { CopyText } from "../../db/copy-text";
import type { Database, Sql } from "../../db/database";
import type { Tx } from "../../db/transaction";
import { insertPlanningExceptions, moveOpenToMrpRun, openPlanningExceptionKeys, resolvePlanningExceptions } from "../exceptions/exception.store";
import { exceptionKey } from "../exceptions/exception-key";
import { copySupplies, copySupplyRow, insertSupplies } from "./planning.store";
import type { SupplyKind } from "./planning.types";

export type PlanWrite = ((tx: Tx) => Promise<void>) & { readonly part?: PlanPart };

/** Whose rows a plan's writes are (its run and warehouse), and whether they are written by COPY (takesCopy) or INSERT. */
export interface PlanTarget {
  runId: number;
  warehouseId: number;
  copy: boolean;
}

/** Whether the database takes COPY: PostgreSQL does; the embedded database has none through its driver. */
export const takesCopy = (db: Database) => db.kind === "postgres";

export const planTarget = (db: Database, runId: number, warehouseId: number): PlanTarget => ({ runId, warehouseId, copy: takesCopy(db) });

/** What a write stores, so that a run's timings can say where its persist went (connection time per part). */
export type PlanPart = "exceptions" | "plannedOrders" | "purchaseSuggestions";

const part = (name: PlanPart, write: (tx: Tx) => Promise<void>): PlanWrite => Object.assign(write, { part: name });

/**
 * Rows per COPY (or INSERT). A large plan is cut into statements of this size so that several connections can
 * insert at once (one statement runs on one server core) and the next chunk is built while the
 * previous ones are being written. Building a chunk holds the event loop: 20,000 rows held it ~80 ms,
 * 5,000 rows ~30 ms, at no cost in total time (bench/mrp, docs/benchmarks.md).
 */
const CHUNK_ROWS = 5_000;

/** Exceptions to raise: known, or being found (exceptionsAgainst) while the supplies are written. */
export type ExceptionsToRaise = readonly MrpException[] | Promise<readonly MrpException[]>;

/** Transactions a plan's writes run in (each commits on its own). */
export type PlanTransaction = (fn: (tx: Tx) => Promise<void>) => Promise<void>;

/** Writes ready and waiting for a connection, per connection, beyond which adding supplies waits. */
const QUEUED_PER_CONNECTION = 4;

/**
 * Writes a plan that no reader sees yet (its run is not current) in `connections` transactions at once, as it is
 * made: supplies are added as the engine finishes their materials (MrpStep.supplies), each written into its chunk's
 * rows as it comes (SupplyChunk), and a full chunk is queued for the next free connection. So the server stores the
 * first materials' supplies while the hub plans the rest, where before it waited for the whole plan. The plan's
 * supplies are never all held as objects.
 *
 * Planning exceptions go to the inbox without an `exception.raised` event each: a run can raise thousands, and its
 * completion event carries the count. They are chunked too, and go ahead of the supplies still queued as soon as
 * they are known: a row of theirs costs several of a supply's (full-text vector, four indexes, three foreign keys),
 * and as one late statement they were the longest write of a run, which the other connections waited for.
 *
 * Each chunk commits without waiting for its WAL to reach the disk: the transaction that makes the run current
 * commits synchronously after them, and its flush covers all the WAL before it — so a crash either loses a run that
 * was never current or keeps the whole plan. A failed write stops the others from being taken, and fails `add` and
 * `finish`; a run that stops half-way calls `abandon`.
 */
export class PlanWriter {
  /** the connection time each part took (ms, summed over its chunks: they overlap, so the parts add up to more than the wall time) */
  private readonly spent: Partial<Record<PlanPart, number>> = {};
  private readonly chunks: SupplyChunks;
  private readonly queue: PlanWrite[] = [];
  private readonly writing: Promise<void>;
  /** a connection waiting for a write, and `add` waiting for room in the queue */
  private wakeConnection: (() => void) | undefined;
  private wakeAdding: (() => void) | undefined;
  private ended = false;
  private failure: { error: unknown } | undefined;
  private raising: Promise<void> = Promise.resolve();

  constructor(
    private readonly into: PlanTarget,
    private readonly connections: number,
    transaction: PlanTransaction,
    private readonly chunkRows = CHUNK_ROWS,
  ) {
    this.chunks = new SupplyChunks(into, chunkRows);
    // ends when every write has; a failure is kept (and stops the queue) the moment it happens
    this.writing = runWrites(this.taken(), connections, (write) =>
      transaction(async (tx) => {
        const t0 = performance.now();
        await tx.query(`SET LOCAL synchronous_commit = off`);
        await write(tx);
        if (write.part) this.spent[write.part] = (this.spent[write.part] ?? 0) + performance.now() - t0;
      }).catch((error) => {
        this.fail(error);
        throw error;
      }),
    ).catch(() => undefined);
  }

  /** Adds supplies: each full chunk is queued, with a turn of the event loop after it, and a wait while the queue is full. */
  async add(supplies: Iterable<PlannedSupply>): Promise<void> {
    for (const supply of supplies) {
      this.check();
      const full = this.chunks.add(supply);
      if (!full) continue;
      this.enqueue([full]);
      await nextTurn();
      while (this.queue.length >= QUEUED_PER_CONNECTION * this.connections && !this.failure) await new Promise<void>((resolve) => (this.wakeAdding = resolve));
    }
    this.check();
  }

  /** The exceptions to raise: written ahead of the supplies still queued, as soon as they are known. */
  raise(exceptions: ExceptionsToRaise): void {
    const chunked = (raise: readonly MrpException[]) => {
      const writes: PlanWrite[] = [];
      for (let i = 0; i < raise.length; i += this.chunkRows) {
        const chunk = raise.slice(i, i + this.chunkRows);
        writes.push(part("exceptions", (tx) => insertPlanningExceptions(tx, this.into.runId, this.into.warehouseId, chunk)));
      }
      this.enqueue(writes, true);
    };
    if (Array.isArray(exceptions)) chunked(exceptions);
    else this.raising = (exceptions as Promise<readonly MrpException[]>).then(chunked, (error) => this.fail(error));
  }

  /** Writes what is left and waits for every write; throws the first failure (a write's, or the exceptions' finding). */
  async finish(): Promise<Partial<Record<PlanPart, number>>> {
    this.enqueue(this.chunks.rest());
    await this.raising;
    this.end();
    await this.writing;
    this.check();
    return this.spent;
  }

  /** Takes no more writes, and waits for those under way (a run that failed: what they wrote is purged with it). */
  async abandon(): Promise<void> {
    this.queue.length = 0;
    this.end();
    await this.writing;
  }

  private enqueue(writes: PlanWrite[], first = false) {
    if (first) this.queue.unshift(...writes);
    else this.queue.push(...writes);
    this.wakeConnection?.();
  }

  private end() {
    this.ended = true;
    this.wakeConnection?.();
  }

  private fail(error: unknown) {
    this.failure ??= { error };
    this.queue.length = 0;
    this.end();
    this.wakeAdding?.();
  }

  private check() {
    if (this.failure) throw this.failure.error;
  }

  /** The queue's writes, in turn, for the connections (runWrites); waits while it is empty and not ended. */
  private async *taken(): AsyncGenerator<PlanWrite> {
    for (;;) {
      const write = this.queue.shift();
      if (write) {
        this.wakeAdding?.();
        yield write;
      } else if (this.ended) return;
      else await new Promise<void>((resolve) => (this.wakeConnection = resolve));
    }
  }
}

/**
 * Writes a whole plan (a run of several warehouses, planned before any is written): its supplies and `exceptions`
 * (all the plan's, or what exceptionsAgainst finds new while the supplies are being written) through a PlanWriter.
 * Returns the connection time each part took.
 */
export async function writePlan(
  plan: MrpPlan, into: PlanTarget, connections: number, transaction: PlanTransaction, exceptions: ExceptionsToRaise = plan.exceptions,
): Promise<Partial<Record<PlanPart, number>>> {
  const writer = new PlanWriter(into, connections, transaction);
  writer.raise(exceptions);
  try {
    await writer.add(plan.supplies());
  } catch (err) {
    await writer.abandon();
    throw err;
  }
  return writer.finish();
}

/** A new plan's exceptions against the warehouse's open ones: those to raise, the rows still true (by id), the rows to resolve. */
export interface ExceptionChange {
  raise: MrpException[];
  keep: Map<number, MrpException>;
  resolve: number[];
  /** the newest open exception compared: one of a retired run raised after it (by net change, say) is resolved too */
  comparedUpTo: number;
}

/** Exceptions keyed between two turns of the event loop while comparing: the supplies' writes go on meanwhile. */
const KEYS_PER_TURN = 2_000;

/**
 * Compares a plan's exceptions with the warehouse's open planning exceptions. One still true — same type,
 * severity, material, message and details — keeps its row, and with it who acknowledged or took it and since
 * when it is open; the others are resolved when the run becomes current (switchExceptions), and the new ones
 * raised with the plan. Raising and resolving every one again (18,864 rows each way at 10k materials, each with
 * a full-text vector and five indexes) was most of a re-run's persist (docs/benchmarks.md). The stored exceptions
 * are read by their keys, as written with them (openPlanningExceptionKeys): reading and keying their details again
 * cost the hub ~0.1 s a re-run at 10k. A run compares while it writes its supplies, which do not depend on it: the
 * read and the plan's keys take turns with building their chunks.
 */
export async function exceptionsAgainst(sql: Sql, warehouseId: number, exceptions: readonly MrpException[]): Promise<ExceptionChange> {
  const rows = await openPlanningExceptionKeys(sql, warehouseId);
  const change: ExceptionChange = { raise: [], keep: new Map(), resolve: [], comparedUpTo: 0 };
  for (const e of rows) change.comparedUpTo = Math.max(change.comparedUpTo, e.id);
  // nothing open (a warehouse's first run): every exception is new, and keying them would only cost time
  if (rows.length === 0) return { ...change, raise: [...exceptions] };
  const open = new Map<string, number[]>();
  for (const { id, key } of rows) {
    const ids = open.get(key);
    if (ids) ids.push(id);
    else open.set(key, [id]);
  }
  for (let i = 0; i < exceptions.length; i++) {
    if (i > 0 && i % KEYS_PER_TURN === 0) await nextTurn();
    const id = open.get(exceptionKey(exceptions[i]))?.pop();
    if (id === undefined) change.raise.push(exceptions[i]);
    else change.keep.set(id, exceptions[i]);
  }
  for (const ids of open.values()) change.resolve.push(...ids);
  return change;
}

/**
 * In the switch that makes a run current, after it retired the runs `retired`: resolves what the new plan no
 * longer raises. From then on the warehouse's open planning exceptions are the new plan's: its new rows and the
 * kept ones, which moveKeptExceptions then moves to the new run.
 */
export function switchExceptions(tx: Tx, retired: readonly number[], change: ExceptionChange) {
  return resolvePlanningExceptions(tx, change.resolve, retired, change.comparedUpTo);
}

/**
 * After the switch, outside it (a row update each: kept for a re-run, that is most of them): the kept rows move to
 * the new run, which owns them from then on. One resolved since the comparison is
 * raised again, as the plan still raises it. Until this commits, a kept row names the run before.
 */
export async function moveKeptExceptions(tx: Tx, runId: number, warehouseId: number, change: ExceptionChange): Promise<void> {
  const keep = [...change.keep.keys()];
  if (!keep.length) return;
  const moved = new Set(await moveOpenToMrpRun(tx, keep, runId));
  const lost = keep.filter((id) => !moved.has(id)).map((id) => change.keep.get(id)!);
  if (lost.length) await insertPlanningExceptions(tx, runId, warehouseId, lost);
}

/** The writes that store these supplies (with their pegs), in chunks of `chunkRows` per kind. */
export function* supplyWrites(supplies: Iterable<PlannedSupply>, into: PlanTarget, chunkRows = CHUNK_ROWS): Generator<PlanWrite> {
  const chunks = new SupplyChunks(into, chunkRows);
  for (const supply of supplies) {
    const full = chunks.add(supply);
    if (full) yield full;
  }
  yield* chunks.rest();
}

/** A planned-orders chunk and a suggestions chunk: each supply goes to its kind's, and a chunk of `chunkRows` becomes a write. */
class SupplyChunks {
  private readonly make: SupplyChunk;
  private readonly buy: SupplyChunk;

  constructor(
    into: PlanTarget,
    private readonly chunkRows: number,
  ) {
    this.make = new SupplyChunk("PLANNED_ORDER", into);
    this.buy = new SupplyChunk("PURCHASE_SUGGESTION", into);
  }

  /** Adds the supply; the write of its chunk when that is full. */
  add(supply: PlannedSupply): PlanWrite | undefined {
    const chunk = supply.kind === "PLANNED_ORDER" ? this.make : this.buy;
    chunk.add(supply);
    return chunk.size === this.chunkRows ? chunk.take() : undefined;
  }

  /** The writes of what is left in either chunk. */
  rest(): PlanWrite[] {
    return [this.make, this.buy].filter((chunk) => chunk.size).map((chunk) => chunk.take());
  }
}

/** Runs the writes at most `parallel` at a time, each through `run`; stops taking new ones at the first failure, and throws it once those under way have ended. */
export async function runWrites(writes: Iterator<PlanWrite> | AsyncIterator<PlanWrite>, parallel: number, run: (write: PlanWrite) => Promise<void>) {
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure) {
      const next = await writes.next();
      if (next.done || failure) return;
      await run(next.value).catch((error) => (failure ??= { error }));
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  if (failure) throw failure.error;
}

/**
 * Supplies of one kind gathered for one write; `take` turns them into that write and starts afresh. For COPY each
 * supply is written into the chunk's rows as it comes and not kept: kept until their write, a chunk's thousands of
 * supply objects lived through several young-generation collections, which copied them (most of what the hub's
 * collector spent on a run's persist, docs/benchmarks.md).
 */
class SupplyChunk {
  private rows: CopyText | undefined;
  private supplies: PlannedSupply[] = [];
  size = 0;

  constructor(
    private readonly kind: SupplyKind,
    private readonly into: PlanTarget,
  ) {}

  add(s: PlannedSupply) {
    if (this.into.copy) copySupplyRow((this.rows ??= new CopyText()), this.kind, this.into, s);
    else this.supplies.push(s);
    this.size++;
  }

  take(): PlanWrite {
    const { kind, rows, supplies, into } = this;
    const name = kind === "PLANNED_ORDER" ? "plannedOrders" : "purchaseSuggestions";
    this.size = 0;
    this.rows = undefined;
    this.supplies = [];
    if (rows) {
      const bytes = rows.take();
      return part(name, (tx) => copySupplies(tx, kind, bytes));
    }
    return part(name, (tx) => insertSupplies(tx, kind, into, supplies));
  }
}
