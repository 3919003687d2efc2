import type { Principal } from "../../auth/principal";
import type { Database } from "../../db/database";
import type { Tx } from "../../db/transaction";
import type { Config } from "../../runtime/config";
import type { OrderBomLine } from "../bom/bom.store";
import { latestOpenOfWorkOrder, resolveOpenOfWorkOrder } from "../exceptions";
import { runBulk } from "../idempotency/bulk-command";
import { runCommand } from "../idempotency/command";
import { blockIfWorkCenterDown } from "../exceptions/equipment.service";
import { badInput, DomainError } from "../shared/domain-error";
import type { OrderFilter } from "../shared/order-page";
import { Decimal } from "../shared/quantity";
import { WRITTEN_ROW, type WithWrittenRow } from "../shared/written-row";
import { namedIn, optionalNamedIn, orderArg, type Named, type Ref } from "../shared/ref";
import * as stock from "../stock";
import { componentLimit, consume, issueToWorkOrder } from "./consumption";
import { assertMayComplete, assertMayStart, assertWithinCompletionLimit, backflushTake, type OperationState } from "./operation-rules";
import { backflushQuantity, componentRequirements, type ComponentLine } from "./requirements";
import { actOnShortages, coverOpenNeeds, policiesOfShortages } from "./cover-shortages";
import { recordShortage, type ShortageSuggestion } from "./shortage";
import { afterLotLoss, reserveOnArrival } from "./waiting-orders";
import { assertStatus, lockWorkOrder, type LockedWorkOrder } from "./work-order-lock";
import * as q from "./work-order.queries";
import { bookCompleted, changeStatus } from "./work-order-changed";
import * as store from "./work-order.store";

export interface OperationInput { sequence: number; name: string; workCenter?: string | null; allowOverlap?: boolean | null; setupMinutes?: string; runMinutesPerUnit?: string }
export type CreateWorkOrderInput = Named<"material"> & Named<"warehouse"> & { quantity: string; dueDate?: Date | null; operations?: OperationInput[] | null };
export type CreateWorkOrderItem = CreateWorkOrderInput & { idempotencyKey?: string | null };
/** the order: `id` or `number` */
export type CompleteOperationInput = { id?: string | number | null; number?: string | null } & Named<"location"> & {
  sequence: number; goodQuantity: string; scrapQuantity?: string | null;
};

/** `WRITTEN_ROW`: the order's row, when the command knows it is final (creation, reserved in full). */
export type WorkOrderResult = { workOrderId: number; entryIds: string[] } & WithWrittenRow<q.WorkOrderRow>;

/** The configuration work order commands follow. */
export type WorkOrderPolicy = Pick<Config, "idempotencyTtlHours" | "overIssueTolerancePct" | "overCompletionTolerancePct">;

const DEFAULT_OPERATIONS: OperationInput[] = [{ sequence: 10, name: "Assembly" }];

/**
 * Work orders: reservation at creation (all or nothing, unless the shortage policy acts: cover-shortages.ts),
 * issues, operations with backflush, close/cancel.
 */
export class WorkOrderService {
  constructor(
    private readonly db: Database,
    private readonly policy: WorkOrderPolicy,
  ) {}

  /** The work order named by id or number, if any. */
  byRef(ref: Ref) {
    return q.workOrderBy(this.db.sql, ref);
  }

  /** A page of work orders, in id order. */
  find(filter: OrderFilter, afterId: number, limit: number) {
    return q.findWorkOrders(this.db.sql, filter, afterId, limit);
  }

  /** The order's latest shortage not resolved yet, with its suggestions, if any. */
  openShortageOf(workOrderId: number) {
    return latestOpenOfWorkOrder<{ suggestions?: ShortageSuggestion[] }>(this.db.sql, workOrderId, "SHORTAGE");
  }

  /** What the shortage policy substituted on these orders (batched by the loaders). */
  substitutionsOf(ids: readonly number[]) {
    return q.substitutionsOfWorkOrders(this.db.sql, ids);
  }

  /** A transfer's receipt (stock.OrderAreas): orders waiting for the material reserve it, inside its transaction. */
  stockArrived(tx: Tx, arrival: stock.StockArrival, principal: Principal) {
    return reserveOnArrival(tx, arrival, principal.id);
  }

  /** A lot became unusable (stock.OrderAreas): the orders that held it follow their shortage policy again. */
  reservationsLost(tx: Tx, loss: stock.LotLoss, principal: Principal) {
    return afterLotLoss(tx, loss, principal.id);
  }

  /** A stock issue naming a work order (see StockService.issue), inside its transaction. */
  issueAgainst(tx: Tx, issue: stock.WorkOrderIssue, principal: Principal) {
    return issueToWorkOrder(tx, { ...issue, tolerancePct: this.policy.overIssueTolerancePct }, principal);
  }

  create(input: CreateWorkOrderInput, principal: Principal, key?: string | null) {
    return runCommand(this.db, { principal, operation: "createWorkOrder", idempotencyKey: key, payload: input, ttlHours: this.policy.idempotencyTtlHours }, (tx) => createOrder(tx, input, principal));
  }

  /** Many orders in one call (an ERP's batch): all or nothing in one transaction, or each on its own (see runBulk). */
  createMany(input: { items: CreateWorkOrderItem[]; atomic: boolean }, principal: Principal, key?: string | null) {
    // all in one transaction: each product's sources are read once, by the lock step, for every item naming it
    const read = input.atomic ? readOnce() : store.orderSources;
    return runBulk(
      this.db,
      { principal, operation: "createWorkOrders", itemOperation: "createWorkOrder", atomic: input.atomic, idempotencyKey: key, ttlHours: this.policy.idempotencyTtlHours },
      input.items,
      (tx, item) => createOrder(tx, item, principal, read),
      (tx, items) => lockComponentStock(tx, items, principal, read),
    );
  }

  /** Tries again to reserve a SHORT order's components (all or nothing, unless the shortage policy acts). */
  reserve(ref: Ref, principal: Principal, key?: string | null) {
    return runCommand(this.db, { principal, operation: "reserveWorkOrder", idempotencyKey: key, payload: ref, ttlHours: this.policy.idempotencyTtlHours }, async (tx): Promise<WorkOrderResult> => {
      const wo = await lockWorkOrder(tx, ref, principal);
      assertStatus(wo, ["SHORT"], "reserve");
      await coverOpenNeeds(tx, wo, principal.id);
      return { workOrderId: wo.id, entryIds: [] };
    });
  }

  startOperation(ref: Ref, sequence: number, principal: Principal, key?: string | null) {
    return runCommand(this.db, { principal, operation: "startOperation", idempotencyKey: key, payload: { ...ref, sequence }, ttlHours: this.policy.idempotencyTtlHours }, async (tx): Promise<WorkOrderResult> => {
      const wo = await lockWorkOrder(tx, ref, principal);
      assertStatus(wo, ["RELEASED", "IN_PROGRESS"], "start an operation of");
      const op = await operation(tx, wo, sequence);
      assertMayStart(op);
      await store.markOperationStarted(tx, op.id);
      await changeStatus(tx, wo.id, "IN_PROGRESS");
      return { workOrderId: wo.id, entryIds: [] };
    });
  }

  /**
   * Completes a started operation (after the previous one) with good and scrap quantities, at most what
   * reached it (OVER_COMPLETION_TOLERANCE_PCT above the order's quantity at the first one): backflushes the
   * components linked to it in proportion to what was made (good + scrap; counting what was issued by
   * hand), and on the last operation receives the good quantity into stock — into a lot named after the
   * order when lot-tracked.
   */
  completeOperation(input: CompleteOperationInput, principal: Principal, key?: string | null) {
    return runCommand(this.db, { principal, operation: "completeOperation", idempotencyKey: key, payload: input, ttlHours: this.policy.idempotencyTtlHours }, async (tx): Promise<WorkOrderResult> => {
      const wo = await lockWorkOrder(tx, orderArg("WorkOrder", input.id, input.number), principal);
      assertStatus(wo, ["RELEASED", "IN_PROGRESS"], "complete an operation of");
      const op = await operation(tx, wo, input.sequence);
      assertMayComplete(op);
      const product = await stock.material(tx, { code: wo.materialCode });
      const good = stock.quantityOf(product, input.goodQuantity, { field: "goodQuantity", allowZero: true });
      const scrap = stock.quantityOf(product, input.scrapQuantity ?? "0", { field: "scrapQuantity", allowZero: true });
      const done = good.plus(scrap);
      if (done.isZero()) throw badInput("goodQuantity + scrapQuantity must be more than zero", { field: "goodQuantity" });
      assertWithinCompletionLimit(op, done, new Decimal(wo.quantity), this.policy.overCompletionTolerancePct);

      const posting: stock.Posting = { entries: [], reservedChanges: [] };
      for (const c of await store.componentsOfOperation(tx, wo.id, input.sequence)) {
        const { allowed, issued } = await componentLimit(tx, wo, { id: c.materialId, code: c.code }, this.policy.overIssueTolerancePct);
        const target = backflushQuantity(new Decimal(c.required), done, new Decimal(wo.quantity), c.precision);
        const quantity = backflushTake(target, allowed, issued).toDecimalPlaces(c.precision, Decimal.ROUND_DOWN);
        if (quantity.lte(0)) continue;
        const p = await consume(tx, wo, { material: { id: c.materialId, code: c.code }, quantity, type: "BACKFLUSH" });
        posting.entries.push(...p.entries);
        posting.reservedChanges.push(...p.reservedChanges);
      }
      await store.markOperationCompleted(tx, op.id, good.toFixed(6), scrap.toFixed(6));
      const isLast = op.sequence === op.lastSequence;
      if (isLast && good.gt(0)) posting.entries.push(await productReceipt(tx, wo, product, good, optionalNamedIn("Location", input, "location"), principal));
      await bookCompleted(tx, wo.id, isLast ? "COMPLETED" : "IN_PROGRESS", scrap.toFixed(6), isLast ? good.toFixed(6) : "0");
      // Last: the ledger append holds the chain lock until commit.
      return { workOrderId: wo.id, entryIds: await stock.postMovement(tx, posting.entries, principal.id, posting.reservedChanges) };
    });
  }

  close(ref: Ref, principal: Principal, key?: string | null) {
    return this.finish(ref, principal, key, "closeWorkOrder", ["COMPLETED", "IN_PROGRESS"], "CLOSED");
  }

  cancel(ref: Ref, principal: Principal, key?: string | null) {
    return this.finish(ref, principal, key, "cancelWorkOrder", ["RELEASED", "SHORT", "IN_PROGRESS"], "CANCELLED");
  }

  /** Close or cancel: releases what is still reserved and resolves the order's open exceptions. */
  private finish(ref: Ref, principal: Principal, key: string | null | undefined, operation: string, from: string[], to: "CLOSED" | "CANCELLED") {
    return runCommand(this.db, { principal, operation, idempotencyKey: key, payload: ref, ttlHours: this.policy.idempotencyTtlHours }, async (tx): Promise<WorkOrderResult> => {
      const wo = await lockWorkOrder(tx, ref, principal);
      assertStatus(wo, from, to === "CLOSED" ? "close" : "cancel");
      await stock.releaseReservations(tx, wo.id);
      await store.clearReserved(tx, wo.id);
      await changeStatus(tx, wo.id, to);
      await resolveOpenOfWorkOrder(tx, wo.id);
      return { workOrderId: wo.id, entryIds: [] };
    });
  }
}

type ReadSources = typeof store.orderSources;

/** orderSources, each (material, warehouse) read once per transaction (a deadlock's retry reads again), with its routing. */
function readOnce(): ReadSources {
  const byTx = new WeakMap<Tx, Map<string, Promise<store.OrderSources>>>();
  return (tx, material, warehouse) => {
    const read = byTx.get(tx) ?? new Map<string, Promise<store.OrderSources>>();
    byTx.set(tx, read);
    const key = JSON.stringify([material, warehouse]);
    if (!read.has(key)) read.set(key, store.orderSources(tx, material, warehouse, true));
    return read.get(key)!;
  };
}

/** Creates an order and reserves its components (or records its shortage), inside the caller's transaction. */
async function createOrder(tx: Tx, input: CreateWorkOrderInput, principal: Principal, read: ReadSources = store.orderSources): Promise<WorkOrderResult> {
  const materialRef = namedIn("Material", input, "material");
  const warehouseRef = namedIn("Warehouse", input, "warehouse");
  // the product's routing unless the order names its operations
  const sources = await read(tx, stock.lookupOf(materialRef), stock.lookupOf(warehouseRef), !input.operations);
  const m = stock.materialFrom(sources.material, materialRef);
  const w = stock.warehouseFrom(sources.warehouse, warehouseRef, principal, "warehouse");
  const quantity = stock.quantityOf(m, input.quantity);
  const copied = (sources.routing ?? []).map((r): OperationInput => ({ ...r, workCenter: r.workCenterCode }));
  const operations = validOperations(input.operations ?? (copied.length ? copied : DEFAULT_OPERATIONS));
  const lines = componentLines(m.id, sources.lines);
  if (lines.length === 0) throw badInput(`${m.code} has no BOM to build it from`, { field: "materialCode" });
  const requirements = componentRequirements(lines, quantity, operations.map((o) => o.sequence));
  // Lock and allocate first, then write the order as it turned out: shorter lock holding, no rewrites.
  const plan = await stock.planReservation(tx, w.id, requirements.map((r) => ({ ...r, quantity: r.required })));
  const short = new Map(plan.shortages.map((x) => [x.materialId, x.short.toFixed(6)]));
  const ok = plan.shortages.length === 0;
  const { policies, acts } = await policiesOfShortages(tx, w.id, plan.shortages);
  const wo = await store.insertWorkOrder(
    tx,
    { materialId: m.id, warehouseId: w.id, quantity: quantity.toFixed(6), dueDate: input.dueDate ?? null, createdBy: principal.id, status: ok ? "RELEASED" : "SHORT" },
    operations.map((o) => ({
      sequence: o.sequence, name: o.name, workCenter: o.workCenter ?? null, allowOverlap: o.allowOverlap ?? false,
      setupMinutes: o.setupMinutes ?? "0", runMinutesPerUnit: o.runMinutesPerUnit ?? "0",
    })),
    requirements.map((r) => ({
      materialId: r.materialId, operationSeq: r.operationSeq, required: r.required.toFixed(6),
      reserved: ok ? r.required.toFixed(6) : "0", shortQuantity: short.get(r.materialId) ?? "0",
    })),
    ok ? stock.reservationWrites(plan.takes) : undefined,
  );
  // blocking operations at a work center that is down leaves the order's row as it is
  await blockIfWorkCenterDown(tx, { id: wo.id, number: wo.number, warehouseId: w.id }, operations.map((o) => o.workCenter ?? null), principal.id);
  if (ok) {
    await stock.afterReserved(tx, w.id, plan.takes);
    return { workOrderId: wo.id, entryIds: [], [WRITTEN_ROW]: wo };
  }
  // the shortage policy may change the order (substituted and reserved): the answer reads it
  // the due date as given, not as read back from the row (a timestamp without time zone)
  if (acts) await actOnShortages(tx, { ...wo, dueDate: input.dueDate ?? null }, plan, policies, principal.id);
  else await recordShortage(tx, wo, plan.shortages);
  return { workOrderId: wo.id, entryIds: [] };
}

/**
 * An atomic batch's first step: locks the free stock of every item's components, warehouse by warehouse
 * and rows in id order, so that its orders, reserving one after another, lock nothing in an order of
 * their own (concurrent batches would deadlock on each other). An item that does not resolve is left
 * to fail on its own, with its index.
 */
async function lockComponentStock(tx: Tx, items: readonly CreateWorkOrderInput[], principal: Principal, read: ReadSources): Promise<void> {
  const components = new Map<number, Set<number>>();
  const seen = new Set<string>();
  for (const item of items) {
    const named = JSON.stringify([item.materialId, item.materialCode, item.warehouseId, item.warehouseCode]);
    if (seen.has(named)) continue;
    seen.add(named);
    try {
      const materialRef = namedIn("Material", item, "material");
      const warehouseRef = namedIn("Warehouse", item, "warehouse");
      const sources = await read(tx, stock.lookupOf(materialRef), stock.lookupOf(warehouseRef), false);
      stock.materialFrom(sources.material, materialRef);
      const w = stock.warehouseFrom(sources.warehouse, warehouseRef, principal, "warehouse");
      const ids = components.get(w.id) ?? new Set<number>();
      for (const line of sources.lines) ids.add(line.componentId);
      components.set(w.id, ids);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
    }
  }
  for (const [warehouseId, ids] of [...components].sort(([a], [b]) => a - b)) {
    if (ids.size > 0) await stock.lockCandidates(tx, { materialIds: [...ids].sort((a, b) => a - b), warehouseId, source: "free" });
  }
}

/** The finished goods' receipt: into a lot named after the order (its producer) when lot-tracked. */
async function productReceipt(tx: Tx, wo: LockedWorkOrder, product: stock.MaterialRef, good: Decimal, at: Ref | undefined, principal: Principal): Promise<stock.NewLedgerEntry> {
  const w = await stock.warehouse(tx, { code: wo.warehouseCode }, principal, "warehouse");
  const loc = at ? await stock.location(tx, w, at) : await stock.defaultLocation(tx, w, "PRODUCTION");
  const lot = product.lotTracked ? await stock.lotForReceipt(tx, product, wo.number, null, wo.id) : null;
  return { type: "PRODUCTION_RECEIPT", materialId: product.id, warehouseId: w.id, locationId: loc.id, lotId: lot?.id ?? null, quantity: good, workOrderId: wo.id };
}

function validOperations(ops: OperationInput[]): OperationInput[] {
  if (ops.length === 0) throw badInput("a work order needs at least one operation", { field: "operations" });
  const seqs = new Set<number>();
  for (const o of ops) {
    if (!Number.isInteger(o.sequence) || o.sequence <= 0 || seqs.has(o.sequence)) {
      throw badInput("operation sequences must be distinct positive whole numbers", { field: "operations" });
    }
    if (!o.name.trim()) throw badInput("an operation needs a name", { field: "operations" });
    seqs.add(o.sequence);
  }
  return [...ops].sort((a, b) => a.sequence - b.sequence);
}

/** The product's BOM lines valid now, as requirement inputs. */
function componentLines(materialId: number, lines: readonly OrderBomLine[]): ComponentLine[] {
  return lines.map((r) => ({
    ...r, parentId: materialId, quantityPer: new Decimal(r.quantityPer), scrapPct: new Decimal(r.scrapPct), baseQuantity: new Decimal(r.baseQuantity),
  }));
}

/** An operation of a locked order with the one before it in sequence. */
async function operation(tx: Tx, wo: LockedWorkOrder, sequence: number): Promise<OperationState> {
  const op = await store.operationOf(tx, wo.id, sequence);
  if (!op) throw badInput(`work order ${wo.number} has no operation ${sequence}`, { field: "sequence" });
  const { previousSequence, previousStatus, previousGood, ...rest } = op;
  return { ...rest, previous: previousSequence === null ? null : { sequence: previousSequence, status: previousStatus!, goodQuantity: new Decimal(previousGood!) } };
}
