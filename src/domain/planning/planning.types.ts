import type { Topics } from "../../events/topics";
import type { DemandSource, PlanningBucket } from "../mrp";
import type { Named } from "../shared/ref";

export type MpsLineInput = Named<"material"> & Named<"warehouse"> & {
  quantity: string;
  dueDate: Date;
  source?: DemandSource | null;
  reference?: string | null;
};

export interface MpsLineRow {
  id: number;
  materialId: number;
  warehouseId: number;
  quantity: string;
  dueDate: Date;
  /** due before today (UTC); such demand is taken (a late sales order is still demand) and flagged */
  pastDue: boolean;
  source: DemandSource;
  reference: string | null;
  createdAt: Date;
  createdBy: string;
}

/** QUEUED → RUNNING → COMPLETED | FAILED; a phase only while RUNNING (the database checks it). */
export type MrpRunStatus = Topics["mrp.progress"]["status"];
export type MrpRunPhase = NonNullable<Topics["mrp.progress"]["phase"]>;

export interface MrpRunRow {
  id: number;
  status: MrpRunStatus;
  whatIf: boolean;
  isCurrent: boolean;
  warehouseId: number | null;
  bucket: PlanningBucket;
  horizonDays: number;
  parameters: Record<string, unknown>;
  phase: MrpRunPhase | null;
  progress: number;
  counts: Record<string, number>;
  timings: Record<string, number>;
  error: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** when net-change planning last brought the run's plan up to date (null: never since the run) */
  netChangeAt: Date | null;
  createdBy: string;
  /** a run of several warehouses planned together: its first run's id, on each of them */
  groupId: number | null;
  /** when its unreleased planned orders, purchase suggestions and planned transfers were deleted (purge-runs.ts) */
  purgedAt: Date | null;
}

export type SupplyKind = "PLANNED_ORDER" | "PURCHASE_SUGGESTION";

/** A peg as stored on its supply: [MPS line id or pseudo-demand, quantity] (compact: runs write 100k+). */
export type StoredPeg = [number | string, string];

export interface SupplyRow {
  id: number;
  kind: SupplyKind;
  mrpRunId: number;
  materialId: number;
  warehouseId: number;
  quantity: string;
  releaseDate: Date;
  dueDate: Date;
  status: "SUGGESTED" | "RELEASED" | "CANCELLED";
  pegs: StoredPeg[];
  supplierCode: string | null;
}
