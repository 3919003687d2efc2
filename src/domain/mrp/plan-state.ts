import { DomainError } from "../shared/domain-error";
import { IntColumn, NumColumn } from "./growable";
import type { PlanningInput } from "./planning-input";
import { MAX_PLANNED_SUPPLIES } from "./lot-size";
import { checkExact } from "./quantity";

/**
 * The working state of a run, in flat typed arrays. Gross requirements are material-major
 * (index m·horizon + bucket); planned receipts and releases per bucket are not kept, as they follow from
 * the orders. Three kinds of rows live in columns:
 * - requirements ("elements"): a quantity of a material due in a bucket, serving one demand index
 *   (a top-level demand, or a pseudo-demand ≥ demandCount); chained per material in insertion order;
 * - planned supplies ("orders"): contiguous per material, in due-bucket order;
 * - pegs: contiguous per order, pegs of order o are pegStart[o] ‥ pegEnd[o]−1.
 */
export class PlanState {
  readonly horizon: number;
  readonly gross: Float64Array;
  /** Projected available at the end of the horizon, per material. */
  readonly projectedEnd: Float64Array;

  readonly elBucket: IntColumn;
  readonly elDemand: IntColumn;
  readonly elQty: NumColumn;
  readonly elNext: IntColumn;
  readonly elHead: Int32Array;
  readonly elTail: Int32Array;
  readonly elCount: Int32Array;

  readonly orderDue: IntColumn;
  /** Release bucket, clamped to 0 (the order is then late). */
  readonly orderRelease: IntColumn;
  readonly orderQty: NumColumn;
  readonly pegStart: IntColumn;
  readonly pegEnd: IntColumn;
  /** Orders of material m: firstOrder[m] ‥ endOrder[m]−1. */
  readonly firstOrder: Int32Array;
  readonly endOrder: Int32Array;

  readonly pegDemand: IntColumn;
  readonly pegQty: NumColumn;

  /** Pseudo-demand indices, after the top-level demands. */
  readonly SAFETY_STOCK: number;
  readonly RESERVED: number;
  readonly LOT_SIZE: number;

  /**
   * `capacity`: requirement rows each column holds before it first grows, `orderCapacity` the same for orders
   * and pegs (a run starts large; net change plans one material at a time, which knows its requirements and
   * has few orders)
   */
  constructor(
    readonly input: PlanningInput,
    capacity = 1024,
    orderCapacity = capacity,
  ) {
    this.elBucket = new IntColumn(capacity);
    this.elDemand = new IntColumn(capacity);
    this.elQty = new NumColumn(capacity);
    this.elNext = new IntColumn(capacity);
    this.orderDue = new IntColumn(orderCapacity);
    this.orderRelease = new IntColumn(orderCapacity);
    this.orderQty = new NumColumn(orderCapacity);
    this.pegStart = new IntColumn(orderCapacity);
    this.pegEnd = new IntColumn(orderCapacity);
    this.pegDemand = new IntColumn(orderCapacity);
    this.pegQty = new NumColumn(orderCapacity);
    const n = input.materialCount;
    this.horizon = input.horizon;
    this.gross = new Float64Array(n * this.horizon);
    this.projectedEnd = new Float64Array(n);
    this.elHead = new Int32Array(n).fill(-1);
    this.elTail = new Int32Array(n).fill(-1);
    this.elCount = new Int32Array(n);
    this.firstOrder = new Int32Array(n);
    this.endOrder = new Int32Array(n);
    const d = input.demands.count;
    this.SAFETY_STOCK = d;
    this.RESERVED = d + 1;
    this.LOT_SIZE = d + 2;
  }

  /** Records that `qty` of material m's gross requirement in a bucket serves `demand` (for pegging). */
  addRequirement(m: number, bucket: number, demand: number, qty: number): void {
    const el = this.elBucket.length;
    this.elBucket.push(bucket);
    this.elDemand.push(demand);
    this.elQty.push(qty);
    this.elNext.push(-1);
    if (this.elTail[m] === -1) this.elHead[m] = el;
    else this.elNext.data[this.elTail[m]] = el;
    this.elTail[m] = el;
    this.elCount[m]++;
  }

  addGross(m: number, bucket: number, qty: number): void {
    const at = m * this.horizon + bucket;
    this.gross[at] = checkExact(this.gross[at] + qty, "the gross requirement", this.input.materialCodes[m]);
  }

  /** Appends a planned supply of the material being netted (orders stay contiguous per material). */
  addOrder(due: number, release: number, qty: number): void {
    if (this.orderQty.length >= MAX_PLANNED_SUPPLIES) {
      throw new DomainError("LIMIT_EXCEEDED", `a run may plan at most ${MAX_PLANNED_SUPPLIES} supplies`, {
        max: MAX_PLANNED_SUPPLIES,
      });
    }
    this.orderDue.push(due);
    this.orderRelease.push(release < 0 ? 0 : release);
    this.orderQty.push(qty);
    this.pegStart.push(0);
    this.pegEnd.push(0);
  }
}
