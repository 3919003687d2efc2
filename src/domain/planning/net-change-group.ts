import type { Sql } from "../../db/database";
import { groupBy } from "../shared/group-by";
import { lapTimer } from "../shared/laps";
import type { Tx } from "../../db/transaction";
import { parseQuantity, planWarehousesInSteps, type MrpException, type MrpPlan, type PlannedSupply, type PlannedTransfer, type WarehousesPlan } from "../mrp";
import { openPlanningExceptionKeys } from "../exceptions/exception.store";
import { exceptionKey } from "../exceptions/exception-key";
import { loadWarehousesInput, type GroupParameters } from "./load-warehouses-input";
import { plannedExceptions, syncPlanningExceptions } from "./net-change-exceptions";
import { supplyWrites } from "./persist-plan";
import { storedPegs } from "./stored-pegs";
import { stepThrough } from "./plan-steps";
import { deleteSuggestedTransfers, insertPlannedTransfers, storedTransfersOf, transferColumns } from "./planned-transfer.store";
import * as store from "./planning.store";
import type { StoredPeg } from "./planning.types";

/**
 * A group's plan as net change compares it, in comparable strings (whatever the ids, quantities as micro-units):
 * per warehouse, its supplies per material and due date; the group's planned transfers per material; per
 * warehouse, its planning exceptions per material (as stored: the open ones — one a person resolved then differs
 * from the plan's, and syncPlanningExceptions leaves it resolved).
 */
export interface GroupSnapshot {
  supplies: Map<number, Map<string, string>>;
  transfers: Map<number, string>;
  exceptions: Map<number, Map<number, string>>;
}

/** A warehouse group whose current runs net change keeps up to date: the runs (by warehouse, in run order), their calendar, what they store. */
export interface KeptGroup {
  groupId: number;
  runs: Map<number, number>;
  parameters: GroupParameters;
  stored: GroupSnapshot | undefined;
}

/** What a group re-plan did (the planner adds it to its cycle's report); `current` false: a run of the group was replaced, nothing written. */
export interface GroupReplanReport {
  current: boolean;
  materials: number;
  written: number;
  rows: number;
  exceptions: number;
  readMs: number;
  planMs: number;
  writeMs: number;
}

class NotCurrent extends Error {}

const supplyKey = (materialId: number, dueDate: string) => `${materialId}|${dueDate}`;
const asKey = (...parts: (string | number | null | undefined)[]) => parts.map((p) => p ?? "").join("|");
const qty = (q: string) => parseQuantity(q, "quantity");
const pegsKey = (pegs: readonly StoredPeg[]) => JSON.stringify(pegs);

/** Strings gathered under keys, compared as sorted lists (the order rows are stored or planned in does not count). */
function collected<K>(entries: Iterable<[K, string]>): Map<K, string> {
  return new Map([...groupBy(entries, ([k]) => k)].map(([k, list]) => [k, list.map(([, v]) => v).sort().join("\n")]));
}

function* planSupplies(plan: MrpPlan): Generator<[string, string]> {
  for (const s of plan.supplies()) yield [supplyKey(s.materialId, s.dueDate), asKey(s.kind, s.releaseDate, qty(s.quantity), s.supplierCode, pegsKey(storedPegs(s.pegs)))];
}

const transferEntry = (t: Omit<PlannedTransfer, "pegs" | "shipBucket" | "dueBucket">, pegs: readonly StoredPeg[]): [number, string] => [
  t.materialId,
  asKey(t.fromWarehouseId, t.toWarehouseId, qty(t.quantity), t.shipDate, t.dueDate, t.transitDays, pegsKey(pegs)),
];

/** A computed group plan as a snapshot. */
export function snapshotOf(result: WarehousesPlan): GroupSnapshot {
  const supplies = new Map<number, Map<string, string>>();
  const exceptions = new Map<number, Map<number, string>>();
  for (const [warehouseId, plan] of result.plans) {
    supplies.set(warehouseId, collected(planSupplies(plan)));
    exceptions.set(warehouseId, collected(plan.exceptions.map((e): [number, string] => [e.materialId, exceptionKey(e)])));
  }
  return { supplies, transfers: collected(result.transfers.map((t) => transferEntry(t, storedPegs(t.pegs)))), exceptions };
}

/** What the group's current runs store: supplies, planned transfers, open planning exceptions. */
export async function storedSnapshot(sql: Sql, group: KeptGroup): Promise<GroupSnapshot> {
  const supplies = new Map<number, Map<string, string>>();
  const exceptions = new Map<number, Map<number, string>>();
  for (const [warehouseId, runId] of group.runs) {
    const rows = await store.storedSuppliesOf(sql, runId);
    supplies.set(warehouseId, collected(rows.map((s): [string, string] => [supplyKey(s.materialId, s.dueDate), asKey(s.kind, s.releaseDate, qty(s.quantity), s.supplierCode, pegsKey(s.pegs))])));
    exceptions.set(warehouseId, collected((await openPlanningExceptionKeys(sql, warehouseId)).map((e): [number, string] => [e.materialId, e.key])));
  }
  const transfers = collected((await storedTransfersOf(sql, [...group.runs.values()])).map((t) => transferEntry(t, t.pegs)));
  return { supplies, transfers, exceptions };
}

/** The keys whose values differ between two maps (present in one only included). */
function differing<K>(before: ReadonlyMap<K, string> | undefined, after: ReadonlyMap<K, string>): K[] {
  const keys = new Set([...(before?.keys() ?? []), ...after.keys()]);
  return [...keys].filter((k) => before?.get(k) !== after.get(k));
}

/**
 * Re-plans a warehouse group whole with the multi-warehouse engine over freshly read data (one snapshot), compares
 * it with what the group's current runs store (`group.stored`, read from them when not known) and writes what
 * differs into them in one transaction: each warehouse's suggested supplies of the materials and due dates whose
 * supplies changed, the suggested planned transfers of the materials whose transfers changed (on their
 * destination's run), and the planning exceptions of the materials whose exceptions changed. The transaction first
 * marks every run of the group brought up to date, which locks them; when one is no longer current (a run replaced
 * it) nothing is written. On success `group.stored` is the new plan. `sql` reads outside a transaction and
 * `transaction` runs one, both on the planner's connection; `copy`: whether the database takes COPY (PlanTarget).
 */
export async function replanGroup(sql: Sql, transaction: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>, group: KeptGroup, copy: boolean): Promise<GroupReplanReport> {
  const lap = lapTimer();
  const report: GroupReplanReport = { current: true, materials: 0, written: 0, rows: 0, exceptions: 0, readMs: 0, planMs: 0, writeMs: 0 };
  const warehouseIds = [...group.runs.keys()];
  const loaded = await transaction((tx) => loadWarehousesInput(tx, warehouseIds, group.parameters));
  const before = group.stored ?? (await storedSnapshot(sql, group));
  report.readMs = lap();
  const result = await stepThrough(planWarehousesInSteps(loaded.warehouses, loaded.lanes));
  const after = snapshotOf(result);
  report.materials = loaded.warehouses.reduce((n, w) => n + w.input.materials.length, 0);

  // the rows are built before the transaction, which holds the runs' row locks only for its statements
  const writes = warehouseIds.map((warehouseId) => {
    const plan = result.plans.get(warehouseId)!;
    const runId = group.runs.get(warehouseId)!;
    const due = differing(before.supplies.get(warehouseId), after.supplies.get(warehouseId)!);
    const doomed = new Set(due);
    const parts = due.map((key) => key.split("|"));
    const supplies: PlannedSupply[] = [];
    if (doomed.size) for (const s of plan.supplies()) if (doomed.has(supplyKey(s.materialId, s.dueDate))) supplies.push(s);
    const exceptionMaterials = differing(before.exceptions.get(warehouseId), after.exceptions.get(warehouseId)!);
    report.written += new Set(parts.map(([id]) => id)).size;
    report.rows += supplies.length;
    return {
      warehouseId,
      runId,
      doomed: { materialIds: parts.map(([id]) => Number(id)), dueDates: parts.map(([, day]) => day) },
      inserts: [...supplyWrites(supplies, { runId, warehouseId, copy })],
      exceptions: plannedExceptions(byMaterial(plan.exceptions), exceptionMaterials),
    };
  });
  const transferMaterials = differing(before.transfers, after.transfers);
  const moved = new Set(transferMaterials);
  const transfers = result.transfers.filter((t) => moved.has(t.materialId));
  report.planMs = lap();

  if (writes.some((w) => w.doomed.materialIds.length || w.exceptions.size) || transferMaterials.length) {
    try {
      report.exceptions = await transaction(async (tx) => {
        for (const runId of [...group.runs.values()].sort((a, b) => a - b)) if (!(await store.markNetChangeIfCurrent(tx, runId))) throw new NotCurrent();
        let synced = 0;
        for (const w of writes) {
          if (w.doomed.materialIds.length) await store.deleteSuggestedSupplies(tx, w.runId, [], w.doomed);
          for (const insert of w.inserts) await insert(tx);
        }
        if (transferMaterials.length) {
          await deleteSuggestedTransfers(tx, [...group.runs.values()], transferMaterials);
          for (const [warehouseId, runId] of group.runs) {
            const into = transfers.filter((x) => x.toWarehouseId === warehouseId);
            if (into.length) await insertPlannedTransfers(tx, runId, transferColumns(into, group.runs));
          }
        }
        for (const w of writes) synced += await syncPlanningExceptions(tx, w.runId, w.warehouseId, w.exceptions);
        return synced;
      });
    } catch (err) {
      if (!(err instanceof NotCurrent)) throw err;
      return { ...report, current: false };
    }
    report.written += transferMaterials.length;
  }
  report.writeMs = lap();
  group.stored = after;
  return report;
}

/** A plan's exceptions by material, as plannedExceptions asks for them. */
function byMaterial(exceptions: readonly MrpException[]): { exceptions(materialId: number): readonly MrpException[] } {
  const of = groupBy(exceptions, (e) => e.materialId);
  return { exceptions: (id) => of.get(id) ?? [] };
}
