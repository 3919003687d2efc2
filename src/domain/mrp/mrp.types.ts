/**
 * Inputs and outputs of the MRP netting engine (`planMrp`). Everything is plain data: a service loads
 * these shapes from the database, calls `planMrp`, and persists the result.
 *
 * Quantities are decimal strings with at most 6 decimals (what Prisma's Decimal(18,6) `toFixed()` gives)
 * and are computed exactly. Input dates are `Date`s or ISO strings; only their UTC calendar day matters.
 * Output dates are calendar days as "YYYY-MM-DD" strings: buckets have no time of day, and strings are
 * immutable and cheap to share across hundreds of thousands of supplies (`new Date(day)` gives UTC midnight).
 */

/** A decimal number as a string, e.g. "12.5". Never a float. */
export type DecimalString = string;
export type DateInput = Date | string;
/** A UTC calendar day, "YYYY-MM-DD". */
export type DayString = string;

export type MaterialType = "MAKE" | "BUY";
export type LotSizing = "LOT_FOR_LOT" | "FIXED" | "MIN_MULTIPLE_MAX" | "PERIODS_OF_SUPPLY";
export type PlanningBucket = "DAY" | "WEEK";

export interface MrpMaterial {
  id: number;
  /** For messages and error details only. */
  code: string;
  type: MaterialType;
  /** Whole days from release to receipt; converted to buckets by rounding up (see buckets.ts). */
  leadTimeDays: number;
  lotSizing: LotSizing;
  /** FIXED: every order is a multiple of this (> 0, required). */
  lotSizeFixed?: DecimalString | null;
  /** MIN_MULTIPLE_MAX: each order ≥ min (default 0), a multiple of `multiple` (default 0.000001) … */
  lotSizeMin?: DecimalString | null;
  lotSizeMultiple?: DecimalString | null;
  /** … and ≤ max (default unlimited); a requirement above max is split into several orders. */
  lotSizeMax?: DecimalString | null;
  /** PERIODS_OF_SUPPLY: an order covers the net requirements of this many buckets (≥ 1, required). */
  periodsOfSupply?: number | null;
  safetyStock: DecimalString;
  onHand: DecimalString;
  /** Allocated to existing orders: available = onHand − reserved (may be negative). */
  reserved: DecimalString;
  /**
   * Decimal places of the material's unit of measure, 0‥6 (default 6: any micro-unit). Planned quantities
   * are multiples of its smallest quantity (1 for 0 decimals), net and dependent requirements rounded up to it.
   */
  precision?: number;
  /** BUY: the supplier its purchase suggestions go to (carried through to them; planning ignores it). */
  supplierCode?: string | null;
}

/**
 * `quantityPer` units of the component per `baseQuantity` units of the parent, plus `scrapPct` percent
 * extra. Lines of BUY parents count for low-level codes and cycle detection but create no requirements:
 * bought materials are not exploded.
 */
export interface MrpBomLine {
  parentId: number;
  componentId: number;
  quantityPer: DecimalString;
  /** The parent quantity the line's quantityPer makes (Bom.baseQuantity). Default "1". */
  baseQuantity?: DecimalString;
  /** Percent, e.g. "2.5" → requirement × 1.025. Default "0". */
  scrapPct?: DecimalString;
}

/**
 * Where independent demand comes from. Sales orders consume the forecast of their material in their
 * bucket (demand = max(forecast, sales orders)); MPS lines are a firm schedule and always add up.
 */
export type DemandSource = "MPS" | "SALES_ORDER" | "FORECAST";

/** Independent demand: an MPS line, sales order or forecast. `id` is what pegs point at. */
export interface MrpDemand {
  id: number;
  materialId: number;
  quantity: DecimalString;
  dueDate: DateInput;
  /** Default "MPS". */
  source?: DemandSource;
}

/** Supply already committed: open purchase orders, transfers in transit, open work orders. */
export interface MrpScheduledReceipt {
  materialId: number;
  quantity: DecimalString;
  dueDate: DateInput;
}

export interface MrpParameters {
  /** First day of bucket 0; anything due earlier is past due and planned in bucket 0. */
  startDate: DateInput;
  bucket: PlanningBucket;
  /** Number of buckets: 1‥366 for DAY, 1‥104 for WEEK (see MAX_HORIZON_BUCKETS). */
  horizonBuckets: number;
}

export interface MrpInput {
  materials: readonly MrpMaterial[];
  bomLines: readonly MrpBomLine[];
  demands: readonly MrpDemand[];
  scheduledReceipts: readonly MrpScheduledReceipt[];
  parameters: MrpParameters;
}

export type MrpPhase = "VALIDATING" | "SEQUENCING" | "NETTING" | "ASSEMBLING" | "DONE";

/** Where a run is: its phase and the overall percentage, 0‥100, non-decreasing. */
export interface MrpStep {
  phase: MrpPhase;
  percent: number;
  /**
   * Of planMrpInSteps's netting steps and its ASSEMBLING step: the supplies of the materials planned since the
   * step before, final, made as they are read. Read in order, the steps' supplies are the plan's `supplies()`,
   * so a caller may store them while the rest is planned.
   */
  supplies?: IterableIterator<PlannedSupply>;
}

export interface MrpOptions {
  /**
   * Called a bounded number of times (about 15 per run, never per material) with the phase and the
   * overall percentage, 0‥100, non-decreasing.
   */
  onProgress?: (phase: MrpPhase, percent: number) => void;
}

/**
 * What a planned supply serves, when it is not (or not only) a top-level demand:
 * - SAFETY_STOCK: restoring stock up to the safety stock level;
 * - RESERVED: reservations exceeding on hand (available < 0 at the start);
 * - LOT_SIZE: the part of an order above all requirements, caused by rounding to the lot-sizing policy.
 * A component's requirement inherits the pegs of the parent order it comes from, pseudo ones included.
 */
export type PseudoDemand = "SAFETY_STOCK" | "RESERVED" | "LOT_SIZE";

export interface Peg {
  /** The MPS line (MrpDemand.id) served, or a pseudo-demand. */
  demandId: number | PseudoDemand;
  quantity: DecimalString;
}

export type SupplyKind = "PLANNED_ORDER" | "PURCHASE_SUGGESTION";

/** A planned order (MAKE) or purchase suggestion (BUY). Its pegs add up exactly to `quantity`. */
export interface PlannedSupply {
  kind: SupplyKind;
  materialId: number;
  quantity: DecimalString;
  /** dueDate − lead time, but never before the start date (then the order is LATE). */
  releaseDate: DayString;
  /** Start of the bucket whose requirement it covers. */
  dueDate: DayString;
  releaseBucket: number;
  dueBucket: number;
  pegs: Peg[];
  /** PURCHASE_SUGGESTION of a material with a supplier: that supplier's code. */
  supplierCode?: string;
}

export type MrpExceptionType = "LATE" | "EXCESS" | "UNCOVERED_DEMAND";

export interface MrpException {
  type: MrpExceptionType;
  severity: "INFO" | "WARNING";
  materialId: number;
  message: string;
  /**
   * LATE: { quantity, dueDate, requiredReleaseDate, daysLate } of the order released at the start date.
   * EXCESS: { quantity (projected available − safety stock at the end), allowance (lot-size tolerance) }.
   * UNCOVERED_DEMAND: { demandId, quantity, dueDate, reason: "BEYOND_HORIZON" }.
   */
  details: Record<string, string | number>;
}

/**
 * The time-phased record of one material, one entry per bucket (decimal strings):
 * - gross: independent + dependent requirements due in the bucket;
 * - scheduledReceipts: committed supply due in the bucket;
 * - net: max(0, safetyStock + gross − scheduledReceipts − projectedAvailable of the previous bucket);
 * - plannedReceipts: planned supply due in the bucket (≥ net, by the lot-sizing policy);
 * - projectedAvailable: at the end of the bucket, after planned receipts
 *   (previous + scheduledReceipts + plannedReceipts − gross; before bucket 0: onHand − reserved);
 * - plannedReleases: planned supply released in the bucket (its components are required there).
 */
export interface MaterialPeriods {
  materialId: number;
  lowLevelCode: number;
  initialAvailable: DecimalString;
  safetyStock: DecimalString;
  gross: DecimalString[];
  scheduledReceipts: DecimalString[];
  net: DecimalString[];
  plannedReceipts: DecimalString[];
  projectedAvailable: DecimalString[];
  plannedReleases: DecimalString[];
}

export interface MrpCounts {
  materials: number;
  plannedOrders: number;
  purchaseSuggestions: number;
  pegs: number;
  exceptions: number;
}

export interface MrpPlan {
  startDate: DayString;
  bucket: PlanningBucket;
  horizonBuckets: number;
  /** Start date of each bucket (built on each access). */
  readonly bucketStarts: DayString[];
  /** Material ids in the order they were netted: by low-level code, parents before components. */
  planningSequence: number[];
  lowLevelCodes: ReadonlyMap<number, number>;
  /**
   * MAKE supply, by material in planning sequence, then by due date. Built with purchaseSuggestions on
   * first access (an enumerable getter: JSON.stringify includes it) and kept by the plan.
   */
  readonly plannedOrders: PlannedSupply[];
  /** BUY supply, same order and same lazy building. */
  readonly purchaseSuggestions: PlannedSupply[];
  /**
   * Every planned supply (MAKE and BUY, in the order above) as fresh objects the plan does not keep:
   * for writing a large plan to storage without holding all its supplies and pegs in memory at once.
   */
  supplies(): IterableIterator<PlannedSupply>;
  exceptions: MrpException[];
  counts: MrpCounts;
  /**
   * The period record of a material, formatted on demand (cheap to keep, costly to format for all);
   * NOT_FOUND for an unknown id. The plan holds the run's arrays for this: drop the plan to free them.
   */
  periods(materialId: number): MaterialPeriods;
}
