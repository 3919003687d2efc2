import { requiredUpTo } from "./dependent-demand";
import type { MrpDemand, MrpException, MrpInput, MrpPlan, MrpScheduledReceipt, PlannedSupply, PseudoDemand } from "./mrp.types";
import { netMaterial } from "./net-requirements";
import { PegScratch, pegMaterial } from "./pegging";
import { planMrp } from "./plan-mrp";
import { assemblePlan } from "./plan-result";
import { PlanState } from "./plan-state";
import { compileInput, type PlanningInput } from "./planning-input";
import { parseQuantity, scanQuantity } from "./quantity";

/** The transactional data of one material as it is now: what a stock movement, reservation, demand or supply change alters. */
export interface MaterialChange {
  materialId: number;
  onHand: string;
  reserved: string;
  /** all its independent demand (replaces what the plan had) */
  demands: readonly MrpDemand[];
  /** all its scheduled receipts (replaces what the plan had) */
  scheduledReceipts: readonly MrpScheduledReceipt[];
}

/** What a net-change re-plan did. */
export interface NetChangeResult {
  /** materials re-planned: the changed ones and the components whose dependent demand changed */
  replanned: number;
  /** ids of the materials whose supplies or exceptions differ from before (what must be stored again) */
  changed: number[];
}

interface MaterialPlan {
  supplies: PlannedSupply[];
  /** peg quantities in micro-units, per supply and peg (what a component's requirement is exploded from) */
  pegMicro: number[][];
  exceptions: MrpException[];
}

const PSEUDO: readonly PseudoDemand[] = ["SAFETY_STOCK", "RESERVED", "LOT_SIZE"];

/**
 * A plan kept up to date by net change: built by one full run, then `apply` takes the current data of the
 * materials some change touched and `replan` re-plans just those, in low-level-code order, going on to a
 * component only when its parent's planned orders changed (its dependent demand then changed). A re-planned
 * material's record is computed by the engine's own netting and pegging (net-requirements.ts, pegging.ts)
 * from its data and its parents' current orders, taken in the full run's order (own demands, then parents in
 * planning sequence), so the result equals a full run on the same data — supplies, pegs and exceptions.
 *
 * Master data (materials, BOM lines, lot sizing, safety stock) and the run's parameters stay those of the
 * build; changing them takes a full run. Materials that were not in the build are not planned.
 */
export class NetChangePlan {
  private readonly base: PlanningInput;
  private readonly input: MrpInput;
  /** planning-sequence position of each material index */
  private readonly position: Int32Array;
  private readonly lowLevelCode: Int32Array;
  /** per component: its (parent index, BOM line slot) pairs, parents in planning sequence */
  private readonly usedIn: number[][];
  private readonly plans: MaterialPlan[];
  /** per material, its own data compiled alone (validated, in micro-units), kept until it changes */
  private readonly own: (PlanningInput | undefined)[];
  private readonly pending = new Set<number>();
  private byCode: Map<string, number> | undefined;
  /** pegging's buffers, shared by the materials re-planned (it leaves them cleared) */
  private scratch: PegScratch | undefined;
  /** the build's demands and receipts by material, until each material's own data is compiled */
  private readonly builtDemands: Map<number, MrpDemand[]>;
  private readonly builtReceipts: Map<number, MrpScheduledReceipt[]>;

  private constructor(input: MrpInput, plan: MrpPlan) {
    this.input = input;
    this.base = compileInput({ ...input, demands: [], scheduledReceipts: [] });
    const n = this.base.materialCount;
    this.position = new Int32Array(n);
    plan.planningSequence.forEach((id, k) => (this.position[this.base.indexOf.get(id)!] = k));
    this.lowLevelCode = Int32Array.from(this.base.materialIds, (id) => plan.lowLevelCodes.get(id)!);
    this.usedIn = Array.from({ length: n }, () => []);
    for (const id of plan.planningSequence) {
      const p = this.base.indexOf.get(id)!;
      for (let l = this.base.lineStart[p]; l < this.base.lineStart[p + 1]; l++) this.usedIn[this.base.lineComponent[l]].push(p, l);
    }
    this.plans = Array.from({ length: n }, () => ({ supplies: [], pegMicro: [], exceptions: [] }));
    for (const s of plan.supplies()) {
      const record = this.plans[this.base.indexOf.get(s.materialId)!];
      record.supplies.push(s);
      record.pegMicro.push(s.pegs.map((p) => micro(p.quantity)));
    }
    for (const e of plan.exceptions) this.plans[this.base.indexOf.get(e.materialId)!].exceptions.push(e);
    this.own = new Array(n);
    this.builtDemands = groupBy(input.demands);
    this.builtReceipts = groupBy(input.scheduledReceipts);
  }

  /** A full run of the input (BAD_USER_INPUT, BOM_CYCLE as planMrp), kept for net change. */
  static build(input: MrpInput): NetChangePlan {
    return new NetChangePlan(input, planMrp(input));
  }

  get parameters() {
    return this.input.parameters;
  }

  has(materialId: number): boolean {
    return this.base.indexOf.has(materialId);
  }

  /** The id of the material with this code (undefined: not in the plan). */
  materialIdOf(code: string): number | undefined {
    this.byCode ??= new Map(this.base.materialCodes.map((c, m) => [c, this.base.materialIds[m]]));
    return this.byCode.get(code);
  }

  /** These materials (those in the plan) and all their components, down the BOM. */
  withComponents(materialIds: readonly number[]): number[] {
    const seen = new Set<number>();
    const stack = materialIds.flatMap((id) => {
      const m = this.base.indexOf.get(id);
      return m === undefined ? [] : [m];
    });
    while (stack.length) {
      const m = stack.pop()!;
      if (seen.has(m)) continue;
      seen.add(m);
      for (let l = this.base.lineStart[m]; l < this.base.lineStart[m + 1]; l++) stack.push(this.base.lineComponent[l]);
    }
    return [...seen].map((m) => this.base.materialIds[m]);
  }

  /** The material's BOM components (the ones a work order for it reserves), ids. */
  componentsOf(materialId: number): number[] {
    const m = this.base.indexOf.get(materialId);
    if (m === undefined) return [];
    return Array.from(this.base.lineComponent.subarray(this.base.lineStart[m], this.base.lineStart[m + 1]), (c) => this.base.materialIds[c]);
  }

  /** Takes the materials' current data (validated now: BAD_USER_INPUT names the field); `replan` plans them. Unknown materials are skipped. */
  apply(changes: readonly MaterialChange[]): void {
    const compiled = changes.flatMap((c) => {
      const m = this.base.indexOf.get(c.materialId);
      if (m === undefined) return [];
      const material = { ...this.input.materials[m], onHand: c.onHand, reserved: c.reserved };
      return [{ m, own: compileInput({ materials: [material], bomLines: [], demands: c.demands, scheduledReceipts: c.scheduledReceipts, parameters: this.input.parameters }) }];
    });
    for (const { m, own } of compiled) {
      this.own[m] = own;
      this.pending.add(m);
    }
  }

  /** Re-plans what changed since the last call, and the components whose dependent demand changed with it. */
  replan(): NetChangeResult {
    const levels: Set<number>[] = [];
    const mark = (m: number) => (levels[this.lowLevelCode[m]] ??= new Set()).add(m);
    for (const m of this.pending) mark(m);
    this.pending.clear();
    const changed: number[] = [];
    let replanned = 0;
    // a component's code is above each of its parents': level by level, every parent is final before it
    for (let code = 0; code < levels.length; code++) {
      const dirty = levels[code];
      if (!dirty) continue;
      for (const m of [...dirty].sort((a, b) => this.position[a] - this.position[b])) {
        replanned++;
        const before = this.plans[m];
        const after = this.planMaterial(m);
        this.plans[m] = after;
        const suppliesChanged = !sameSupplies(before.supplies, after.supplies);
        if (suppliesChanged || !sameExceptions(before.exceptions, after.exceptions)) changed.push(this.base.materialIds[m]);
        if (suppliesChanged && this.base.isMake[m]) {
          for (let l = this.base.lineStart[m]; l < this.base.lineStart[m + 1]; l++) mark(this.base.lineComponent[l]);
        }
      }
    }
    return { replanned, changed };
  }

  /** The material's planned supplies (MAKE or BUY, by due date) as the plan holds them now. */
  supplies(materialId: number): readonly PlannedSupply[] {
    return this.plans[this.indexOf(materialId)].supplies;
  }

  /** Its LATE, EXCESS and UNCOVERED_DEMAND exceptions, in the order a full run lists them. */
  exceptions(materialId: number): readonly MrpException[] {
    return this.plans[this.indexOf(materialId)].exceptions;
  }

  private indexOf(materialId: number): number {
    const m = this.base.indexOf.get(materialId);
    if (m === undefined) throw new Error(`material ${materialId} is not in the plan`);
    return m;
  }

  private scratchFor(demandSlots: number): PegScratch {
    if (!this.scratch || this.scratch.acc.length < demandSlots) this.scratch = new PegScratch(Math.max(demandSlots, 2 * (this.scratch?.acc.length ?? 0)), this.base.horizon);
    return this.scratch;
  }

  /** Its own data compiled alone: from `apply`, else from the build's input. */
  private ownInput(m: number): PlanningInput {
    let own = this.own[m];
    if (!own) {
      const id = this.base.materialIds[m];
      own = compileInput({
        materials: [this.input.materials[m]],
        bomLines: [],
        demands: this.builtDemands.get(id) ?? [],
        scheduledReceipts: this.builtReceipts.get(id) ?? [],
        parameters: this.input.parameters,
      });
      this.own[m] = own;
    }
    return own;
  }

  /**
   * Nets and pegs one material alone, as the full run does once its parents are netted: its requirements are
   * its own demands, then each parent's planned orders exploded through the BOM line, parents in planning
   * sequence — the order in which the full run appends them, which pegging (first in, first out) depends on.
   */
  private planMaterial(m: number): MaterialPlan {
    const own = this.ownInput(m);
    const buckets: number[] = [];
    const keys: (number | PseudoDemand)[] = [];
    const quantities: number[] = [];
    const gross: [number, number][] = [];
    for (let d = 0; d < own.demands.count; d++) {
      buckets.push(own.demands.bucket[d]);
      keys.push(own.demands.ids[d]);
      quantities.push(own.demands.quantity[d]);
      gross.push([own.demands.bucket[d], own.demands.quantity[d]]);
    }
    const unit = this.base.unit[m];
    const uses = this.usedIn[m];
    for (let u = 0; u < uses.length; ) {
      const parent = uses[u];
      const lines: number[] = [];
      for (; u < uses.length && uses[u] === parent; u += 2) lines.push(uses[u + 1]);
      if (!this.base.isMake[parent]) continue;
      const { supplies, pegMicro } = this.plans[parent];
      for (let o = 0; o < supplies.length; o++) {
        const bucket = supplies[o].releaseBucket;
        for (const l of lines) {
          const factor = this.base.lineFactor[l];
          let cumulative = 0;
          let covered = 0;
          for (let p = 0; p < pegMicro[o].length; p++) {
            cumulative += pegMicro[o][p];
            const upTo = requiredUpTo(cumulative, factor, unit);
            if (upTo > covered) {
              buckets.push(bucket);
              keys.push(supplies[o].pegs[p].demandId);
              quantities.push(upTo - covered);
              covered = upTo;
            }
          }
          gross.push([bucket, covered]);
        }
      }
    }
    // demand indices of this material alone: its own demands, then the ones inherited from parents' pegs
    const ids = [...own.demands.ids];
    const index = new Map<number, number>(ids.map((id, k) => [id, k]));
    for (const key of keys) if (typeof key === "number" && !index.has(key)) index.set(key, ids.push(key) - 1);
    const alone: PlanningInput = {
      ...own,
      demands: { count: ids.length, ids, material: new Int32Array(ids.length), bucket: new Int32Array(ids.length), quantity: new Float64Array(ids.length) },
    };
    const state = new PlanState(alone, Math.max(16, keys.length));
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k];
      state.addRequirement(0, buckets[k], typeof key === "number" ? index.get(key)! : ids.length + PSEUDO.indexOf(key), quantities[k]);
    }
    for (const [bucket, qty] of gross) state.addGross(0, bucket, qty);
    netMaterial(state, 0, []);
    pegMaterial(state, 0, this.scratchFor(ids.length + 3));
    const plan = assemblePlan(state, { order: Int32Array.of(0), lowLevelCode: Int32Array.of(this.lowLevelCode[m]) });
    const supplies = [...plan.supplies()];
    const pegMicro: number[][] = [];
    for (let o = state.firstOrder[0]; o < state.endOrder[0]; o++) pegMicro.push(Array.from(state.pegQty.data.subarray(state.pegStart.data[o], state.pegEnd.data[o])));
    return { supplies, pegMicro, exceptions: plan.exceptions };
  }
}

function groupBy<T extends { materialId: number }>(rows: readonly T[]): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const group = groups.get(row.materialId);
    if (group) group.push(row);
    else groups.set(row.materialId, [row]);
  }
  return groups;
}

const micro = (q: string) => {
  const scanned = scanQuantity(q);
  return scanned >= 0 ? scanned : parseQuantity(q, "peg.quantity");
};

/** Supplies of one material as stored: quantity, dates, supplier and pegs (kind and buckets follow from them). */
function sameSupplies(a: readonly PlannedSupply[], b: readonly PlannedSupply[]): boolean {
  if (a.length !== b.length) return false;
  for (let o = 0; o < a.length; o++) {
    const x = a[o];
    const y = b[o];
    if (x.quantity !== y.quantity || x.dueDate !== y.dueDate || x.releaseDate !== y.releaseDate || x.supplierCode !== y.supplierCode || x.pegs.length !== y.pegs.length) return false;
    for (let p = 0; p < x.pegs.length; p++) if (x.pegs[p].demandId !== y.pegs[p].demandId || x.pegs[p].quantity !== y.pegs[p].quantity) return false;
  }
  return true;
}

/** A material's exceptions: their messages say all their details do. */
const sameExceptions = (a: readonly MrpException[], b: readonly MrpException[]) => a.length === b.length && a.every((e, k) => e.type === b[k].type && e.message === b[k].message);
