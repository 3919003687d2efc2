import { requiredUpTo } from "./dependent-demand";
import { groupBy } from "../shared/group-by";
import type { MrpDemand, MrpException, MrpInput, MrpMaterial, MrpPlan, MrpScheduledReceipt, PlannedSupply, PseudoDemand } from "./mrp.types";
import { netMaterial } from "./net-requirements";
import { PegScratch, pegMaterial } from "./pegging";
import { planMrp } from "./plan-mrp";
import { SupplyMaker, assemblePlan } from "./plan-result";
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
  /**
   * its master data as a run plans with it (type, lead time, lot sizing, safety stock, unit, supplier), when that
   * may have changed: replaces what the plan had (its on hand and reserved are the ones above)
   */
  material?: MrpMaterial;
}

/** What a net-change re-plan did. */
export interface NetChangeResult {
  /** materials re-planned: the changed ones and the components whose dependent demand changed */
  replanned: number;
  /** ids of the materials whose planned supplies differ from before */
  changed: number[];
  /** for each of `changed`, the due buckets whose supplies differ: what must be stored again */
  changedDue: number[][];
  /** ids of the materials re-planned whose exceptions differ from before */
  exceptionsChanged: number[];
  /** re-planned by one engine run over the whole plant (a large change) rather than material by material */
  whole: boolean;
}

/**
 * Above this share of the plant's materials changed at once, `replan` runs the engine once over the whole plant
 * instead of material by material: re-planning one material alone costs ~0.3 ms (its requirements gathered from
 * its parents' pegs, its own netting and pegging state), ten or more times its share of a full engine run, and a
 * tenth of the plant's changes usually reaches most of it through the BOM (a backlog after a burst or a pause).
 */
export const WHOLE_RUN_SHARE = 0.1;
/**
 * ...but never for fewer changes than this: a whole run also builds and compares every material's supplies, which a
 * small plant's few changes never repay, and a change or two keep costing in proportion to them.
 */
export const WHOLE_RUN_MIN = 50;

/**
 * One material's planned supplies in columns, in due order. Supply objects are built only for the materials
 * written: a re-plan of a thousand materials would otherwise make, compare and drop some 10^5 objects.
 */
interface MaterialPlan {
  /** per order: due and release buckets, quantity in micro-units */
  due: Int32Array;
  release: Int32Array;
  qty: Float64Array;
  /** the pegs of order o are pegStart[o] ‥ pegStart[o + 1] − 1 */
  pegStart: Int32Array;
  /** per peg: the demand served and the quantity in micro-units (what a component's requirement is exploded from) */
  pegDemand: (number | PseudoDemand)[];
  pegQty: Float64Array;
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
 * A change may bring a material's master data (lead time, lot sizing, safety stock, type, unit, supplier): the
 * material is re-planned with it and all its supplies are named as changed (their dates, kind or supplier may
 * differ where the orders do not). BOM lines and the run's parameters stay those of the build: changing them
 * takes a new build. A material outside every BOM of the plan can enter it (`add`: one created after the build)
 * or leave it (`remove`: archived), as a full run on the data then plans it or not; others are not planned.
 */
export class NetChangePlan {
  private base: PlanningInput;
  private readonly input: MrpInput;
  /** each material's master data: the build's, or the newest a change brought (or `add` did) */
  private materials: MrpMaterial[];
  /** materials whose master data changed since the last re-plan: all their supplies are named */
  private rewrite = new Set<number>();
  /** planning-sequence position of each material index (materials added after the build come last) */
  private position: Int32Array;
  private lowLevelCode: Int32Array;
  /** per component: its (parent index, BOM line slot) pairs, parents in planning sequence */
  private usedIn: number[][];
  private plans: MaterialPlan[];
  private maker: SupplyMaker;
  /** per material, its own data compiled alone (validated, in micro-units), kept until it changes */
  private own: (PlanningInput | undefined)[];
  private pending = new Set<number>();
  /** per material, the data `apply` took last (a whole run plans from it) */
  private readonly latest = new Map<number, MaterialChange>();
  private byCode: Map<string, number> | undefined;
  /** pegging's buffers, shared by the materials re-planned (it leaves them cleared) */
  private scratch: PegScratch | undefined;
  /** the build's demands and receipts by material, until each material's own data is compiled */
  private readonly builtDemands: Map<number, MrpDemand[]>;
  private readonly builtReceipts: Map<number, MrpScheduledReceipt[]>;

  private constructor(input: MrpInput, plan: MrpPlan) {
    this.input = input;
    this.materials = [...input.materials];
    this.base = compileInput({ ...input, demands: [], scheduledReceipts: [] });
    const n = this.base.materialCount;
    this.position = new Int32Array(n);
    plan.planningSequence.forEach((id, k) => (this.position[this.base.indexOf.get(id)!] = k));
    this.lowLevelCode = Int32Array.from(this.base.materialIds, (id) => plan.lowLevelCodes.get(id)!);
    this.usedIn = this.usesOf();
    this.plans = this.plansOf(plan);
    this.maker = new SupplyMaker(this.base);
    this.own = new Array(n);
    this.builtDemands = groupBy(input.demands, (d) => d.materialId);
    this.builtReceipts = groupBy(input.scheduledReceipts, (r) => r.materialId);
  }

  /** Per component, its (parent index, BOM line slot) pairs, parents in planning sequence. */
  private usesOf(): number[][] {
    const { base } = this;
    const usedIn: number[][] = Array.from({ length: base.materialCount }, () => []);
    const parents = Array.from({ length: base.materialCount }, (_, m) => m).sort((a, b) => this.position[a] - this.position[b]);
    for (const p of parents) for (let l = base.lineStart[p]; l < base.lineStart[p + 1]; l++) usedIn[base.lineComponent[l]].push(p, l);
    return usedIn;
  }

  /** Each material's plan in columns from a run of the whole plant (the run streams its supplies material by material). */
  private plansOf(plan: MrpPlan): MaterialPlan[] {
    const plans: MaterialPlan[] = new Array(this.base.materialCount);
    let group: PlannedSupply[] = [];
    const keep = () => {
      if (group.length) plans[this.base.indexOf.get(group[0].materialId)!] = fromSupplies(group);
      group = [];
    };
    for (const s of plan.supplies()) {
      if (group.length && group[0].materialId !== s.materialId) keep();
      group.push(s);
    }
    keep();
    for (let m = 0; m < plans.length; m++) plans[m] ??= fromSupplies([]);
    for (const e of plan.exceptions) plans[this.base.indexOf.get(e.materialId)!].exceptions.push(e);
    return plans;
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

  /** Whether the material is in the plan and in none of its BOMs (neither parent nor component): it can leave alone. */
  standsAlone(materialId: number): boolean {
    const m = this.base.indexOf.get(materialId);
    return m !== undefined && this.base.lineStart[m] === this.base.lineStart[m + 1] && this.usedIn[m].length === 0;
  }

  /**
   * Materials that were not in the build (created since) enter the plan, outside every BOM: low-level code 0,
   * last in planning sequence (they are no one's parents, so their place changes no one's pegging). `replan`
   * plans them from their own data (`apply`), none until then. BAD_USER_INPUT names a bad field (the plan stays
   * as it was); those already in the plan are skipped.
   */
  add(materials: readonly MrpMaterial[]): void {
    const added = [...new Map(materials.filter((m) => !this.has(m.id)).map((m) => [m.id, m])).values()];
    if (added.length === 0) return;
    compileInput({ materials: added, bomLines: [], demands: [], scheduledReceipts: [], parameters: this.input.parameters });
    const last = this.position.reduce((max, k) => Math.max(max, k + 1), 0);
    const place = new Map(added.map((m, k) => [m.id, { position: last + k, lowLevelCode: 0 }]));
    this.reshape([...this.materials, ...added], (id) => place.get(id));
    for (const m of added) this.pending.add(this.base.indexOf.get(m.id)!);
  }

  /** Archived materials leave the plan (those that stand alone: `standsAlone`; else the plan must be built again). */
  remove(materialIds: readonly number[]): void {
    const gone = new Set(materialIds.filter((id) => this.has(id)));
    if (gone.size === 0) return;
    for (const id of gone) {
      if (!this.standsAlone(id)) throw new Error(`material ${id} is in a BOM of the plan: build the plan again`);
      this.latest.delete(id);
    }
    this.reshape(this.materials.filter((m) => !gone.has(m.id)), () => undefined);
  }

  /**
   * The plan over other materials (the same BOM lines): the shared compiled input is compiled again from each
   * material's newest master data, and what is kept per material follows its id to its new index.
   */
  private reshape(materials: MrpMaterial[], placeOf: (id: number) => { position: number; lowLevelCode: number } | undefined): void {
    const was = this.base;
    const at = (id: number) => was.indexOf.get(id);
    const byIndex = <T>(values: readonly T[], none: (id: number) => T) => materials.map((m) => (at(m.id) === undefined ? none(m.id) : values[at(m.id)!]));
    const indices = (set: Set<number>) => new Set([...set].flatMap((m) => (this.base.indexOf.has(was.materialIds[m]) ? [this.base.indexOf.get(was.materialIds[m])!] : [])));
    this.materials = materials;
    this.base = compileInput({ ...this.input, materials, demands: [], scheduledReceipts: [] });
    this.position = Int32Array.from(byIndex([...this.position], (id) => placeOf(id)!.position));
    this.lowLevelCode = Int32Array.from(byIndex([...this.lowLevelCode], (id) => placeOf(id)!.lowLevelCode));
    this.plans = byIndex(this.plans, () => fromSupplies([]));
    this.own = byIndex(this.own, () => undefined);
    this.pending = indices(this.pending);
    this.rewrite = indices(this.rewrite);
    this.usedIn = this.usesOf();
    this.maker = new SupplyMaker(this.base);
    this.byCode = undefined;
  }

  /** The material's BOM components (the ones a work order for it reserves), ids. */
  componentsOf(materialId: number): number[] {
    const m = this.base.indexOf.get(materialId);
    if (m === undefined) return [];
    return Array.from(this.base.lineComponent.subarray(this.base.lineStart[m], this.base.lineStart[m + 1]), (c) => this.base.materialIds[c]);
  }

  /** Takes the materials' current data (validated now: BAD_USER_INPUT names the field); `replan` plans them. Unknown materials are skipped. */
  apply(changes: readonly MaterialChange[]): void {
    // a change without master data takes the material's as the changes before it left it
    const masters = new Map<number, MrpMaterial>();
    const compiled = changes.flatMap((c) => {
      const m = this.base.indexOf.get(c.materialId);
      if (m === undefined) return [];
      if (c.material) masters.set(m, c.material);
      const material = { ...(masters.get(m) ?? this.materials[m]), id: c.materialId, onHand: c.onHand, reserved: c.reserved };
      return [{ m, master: c.material && material, own: compileInput({ materials: [material], bomLines: [], demands: c.demands, scheduledReceipts: c.scheduledReceipts, parameters: this.input.parameters }) }];
    });
    for (const { m, master, own } of compiled) {
      if (master && this.masterDiffers(m, own)) this.takeMaster(m, master, own);
      this.own[m] = own;
      this.pending.add(m);
    }
    for (const c of changes) if (this.base.indexOf.has(c.materialId)) this.latest.set(c.materialId, c);
  }

  /** Whether the material's compiled master data differs from what it is planned with now. */
  private masterDiffers(m: number, next: PlanningInput): boolean {
    const was = this.ownInput(m);
    return (
      was.isMake[0] !== next.isMake[0] || was.leadTimeDays[0] !== next.leadTimeDays[0] || was.unit[0] !== next.unit[0] ||
      was.safetyStock[0] !== next.safetyStock[0] || was.supplierCodes[0] !== next.supplierCodes[0] || JSON.stringify(was.policies[0]) !== JSON.stringify(next.policies[0])
    );
  }

  /**
   * Plans the material with new master data from now on. The shared compiled input holds what explosion and
   * the supplies' kind, dates and supplier read (the rest is read from its own input); a MAKE that became BUY,
   * or the reverse, changes its components' dependent demand, so they are re-planned too.
   */
  private takeMaster(m: number, material: MrpMaterial, own: PlanningInput): void {
    this.materials[m] = material;
    const base = this.base;
    base.leadTimeDays[m] = own.leadTimeDays[0];
    base.unit[m] = own.unit[0];
    (base.supplierCodes as (string | null)[])[m] = own.supplierCodes[0];
    if (base.isMake[m] !== own.isMake[0]) {
      base.isMake[m] = own.isMake[0];
      for (let l = base.lineStart[m]; l < base.lineStart[m + 1]; l++) this.pending.add(base.lineComponent[l]);
    }
    this.rewrite.add(m);
  }

  /**
   * Re-plans what changed since the last call, and the components whose dependent demand changed with it: by one
   * engine run over the whole plant when more than `wholeAbove` materials changed (WHOLE_RUN_SHARE, WHOLE_RUN_MIN).
   */
  replan(wholeAbove = Math.max(WHOLE_RUN_MIN, WHOLE_RUN_SHARE * this.base.materialCount)): NetChangeResult {
    if (this.pending.size > wholeAbove) return this.replanWhole();
    const levels: Set<number>[] = [];
    const mark = (m: number) => (levels[this.lowLevelCode[m]] ??= new Set()).add(m);
    for (const m of this.pending) mark(m);
    this.pending.clear();
    const changed: number[] = [];
    const changedDue: number[][] = [];
    const exceptionsChanged: number[] = [];
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
        if (JSON.stringify(before.exceptions) !== JSON.stringify(after.exceptions)) exceptionsChanged.push(this.base.materialIds[m]);
        const due = this.rewrite.has(m) ? allDue(before, after) : differingDue(before, after);
        if (due.length === 0) continue;
        changed.push(this.base.materialIds[m]);
        changedDue.push(due);
        if (this.base.isMake[m]) {
          for (let l = this.base.lineStart[m]; l < this.base.lineStart[m + 1]; l++) mark(this.base.lineComponent[l]);
        }
      }
    }
    this.rewrite.clear();
    return { replanned, changed, changedDue, exceptionsChanged, whole: false };
  }

  /** One engine run over the kept inputs (the build's, with each material's latest data), compared material by material. */
  private replanWhole(): NetChangeResult {
    this.pending.clear();
    const latest = (id: number) => this.latest.get(id);
    const input: MrpInput = {
      ...this.input,
      materials: this.materials.map((m) => {
        const c = latest(m.id);
        return c ? { ...m, onHand: c.onHand, reserved: c.reserved } : m;
      }),
      demands: this.base.materialIds.flatMap((id) => latest(id)?.demands ?? this.builtDemands.get(id) ?? []),
      scheduledReceipts: this.base.materialIds.flatMap((id) => latest(id)?.scheduledReceipts ?? this.builtReceipts.get(id) ?? []),
    };
    const after = this.plansOf(planMrp(input));
    const changed: number[] = [];
    const changedDue: number[][] = [];
    const exceptionsChanged: number[] = [];
    for (let m = 0; m < after.length; m++) {
      const before = this.plans[m];
      if (JSON.stringify(before.exceptions) !== JSON.stringify(after[m].exceptions)) exceptionsChanged.push(this.base.materialIds[m]);
      const due = this.rewrite.has(m) ? allDue(before, after[m]) : differingDue(before, after[m]);
      this.plans[m] = after[m];
      if (due.length === 0) continue;
      changed.push(this.base.materialIds[m]);
      changedDue.push(due);
    }
    this.rewrite.clear();
    return { replanned: after.length, changed, changedDue, exceptionsChanged, whole: true };
  }

  /** The material's planned supplies (MAKE or BUY, by due date) as the plan holds them now, built as objects now; only those due in `dueBuckets` if given. */
  supplies(materialId: number, dueBuckets?: readonly number[]): PlannedSupply[] {
    const m = this.indexOf(materialId);
    const { due, release, qty, pegStart, pegDemand, pegQty } = this.plans[m];
    const demandOf = (p: number) => pegDemand[p];
    const out: PlannedSupply[] = [];
    for (let o = 0; o < due.length; o++) {
      if (!dueBuckets || dueBuckets.includes(due[o])) out.push(this.maker.supply(m, due[o], release[o], qty[o], pegStart[o], pegStart[o + 1], demandOf, pegQty));
    }
    return out;
  }

  /** The due date of supplies due in the bucket. */
  dueDate(bucket: number): string {
    return this.maker.iso(this.base.calendar.dayOf(bucket));
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
        materials: [this.materials[m]],
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
      const { release, pegStart, pegDemand, pegQty } = this.plans[parent];
      for (let o = 0; o < release.length; o++) {
        const bucket = release[o];
        for (const l of lines) {
          const factor = this.base.lineFactor[l];
          let cumulative = 0;
          let covered = 0;
          for (let p = pegStart[o]; p < pegStart[o + 1]; p++) {
            cumulative += pegQty[p];
            const upTo = requiredUpTo(cumulative, factor, unit);
            if (upTo > covered) {
              buckets.push(bucket);
              keys.push(pegDemand[p]);
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
    const state = new PlanState(alone, Math.max(16, keys.length), 64);
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k];
      state.addRequirement(0, buckets[k], typeof key === "number" ? index.get(key)! : ids.length + PSEUDO.indexOf(key), quantities[k]);
    }
    for (const [bucket, qty] of gross) state.addGross(0, bucket, qty);
    netMaterial(state, 0, []);
    pegMaterial(state, 0, this.scratchFor(ids.length + 3));
    // one material's orders and pegs, in the columns' order (pegMaterial appends each order's pegs after the last's)
    const orders = state.endOrder[0];
    const pegs = state.pegDemand.length;
    const pegStart = new Int32Array(orders + 1);
    pegStart.set(state.pegStart.data.subarray(0, orders));
    pegStart[orders] = pegs;
    const keyOf = (d: number) => (d < ids.length ? ids[d] : PSEUDO[d - ids.length]);
    return {
      due: state.orderDue.data.slice(0, orders),
      release: state.orderRelease.data.slice(0, orders),
      qty: state.orderQty.data.slice(0, orders),
      pegStart,
      pegDemand: Array.from(state.pegDemand.data.subarray(0, pegs), keyOf),
      pegQty: state.pegQty.data.slice(0, pegs),
      exceptions: assemblePlan(state, { order: Int32Array.of(0), lowLevelCode: Int32Array.of(this.lowLevelCode[m]) }).exceptions,
    };
  }
}


const micro = (q: string) => {
  const scanned = scanQuantity(q);
  return scanned >= 0 ? scanned : parseQuantity(q, "peg.quantity");
};

/** A material's plan in columns from the run's supply objects (the build). */
function fromSupplies(supplies: readonly PlannedSupply[]): MaterialPlan {
  const pegStart = new Int32Array(supplies.length + 1);
  supplies.forEach((s, o) => (pegStart[o + 1] = pegStart[o] + s.pegs.length));
  const pegs = supplies.flatMap((s) => s.pegs);
  return {
    due: Int32Array.from(supplies, (s) => s.dueBucket),
    release: Int32Array.from(supplies, (s) => s.releaseBucket),
    qty: Float64Array.from(supplies, (s) => micro(s.quantity)),
    pegStart,
    pegDemand: pegs.map((p) => p.demandId),
    pegQty: Float64Array.from(pegs, (p) => micro(p.quantity)),
    exceptions: [],
  };
}

/**
 * The due buckets in which one material's supplies differ between two plans, in order: their number, release
 * buckets, quantities or pegs (dates and supplier follow from the buckets and the master data, which stay).
 */
function differingDue(a: MaterialPlan, b: MaterialPlan): number[] {
  const out: number[] = [];
  for (let i = 0, j = 0; i < a.due.length || j < b.due.length; ) {
    const t = Math.min(i < a.due.length ? a.due[i] : Infinity, j < b.due.length ? b.due[j] : Infinity);
    const i0 = i;
    const j0 = j;
    while (i < a.due.length && a.due[i] === t) i++;
    while (j < b.due.length && b.due[j] === t) j++;
    if (i - i0 !== j - j0 || !sameOrders(a, i0, b, j0, i - i0)) out.push(t);
  }
  return out;
}

/** Every due bucket in which either plan has supplies, in order. */
function allDue(a: MaterialPlan, b: MaterialPlan): number[] {
  return [...new Set([...a.due, ...b.due])].sort((x, y) => x - y);
}

/** Whether `count` orders of a from o and of b from q are the same: release bucket, quantity, pegs. */
function sameOrders(a: MaterialPlan, o: number, b: MaterialPlan, q: number, count: number): boolean {
  for (let k = 0; k < count; k++, o++, q++) {
    if (a.release[o] !== b.release[q] || a.qty[o] !== b.qty[q]) return false;
    const pegs = a.pegStart[o + 1] - a.pegStart[o];
    if (pegs !== b.pegStart[q + 1] - b.pegStart[q]) return false;
    for (let p = 0; p < pegs; p++) {
      if (a.pegDemand[a.pegStart[o] + p] !== b.pegDemand[b.pegStart[q] + p] || a.pegQty[a.pegStart[o] + p] !== b.pegQty[b.pegStart[q] + p]) return false;
    }
  }
  return true;
}
