import { badInput } from "../shared/domain-error";
import { BucketCalendar, utcDay } from "./buckets";
import { LotPolicy, compileLotPolicy } from "./lot-size";
import type { MrpInput } from "./mrp.types";
import { Micro, Ratio, bomFactor, checkExact, parseQuantity } from "./quantity";

/**
 * The validated input of a run, with materials renumbered 0‥n−1 ("material index") and every quantity
 * in micro-units, laid out for the netting loop. Built by `compileInput`, which rejects bad input with
 * a BAD_USER_INPUT DomainError naming the offending field, before anything is computed.
 */
export interface PlanningInput {
  readonly calendar: BucketCalendar;
  readonly horizon: number;
  readonly materialCount: number;
  readonly materialIds: readonly number[];
  readonly materialCodes: readonly string[];
  readonly indexOf: ReadonlyMap<number, number>;
  readonly isMake: Uint8Array;
  readonly leadTimeDays: Int32Array;
  readonly policies: readonly LotPolicy[];
  readonly safetyStock: Float64Array;
  /** onHand − reserved; negative when reservations exceed stock. */
  readonly initialAvailable: Float64Array;
  /** BOM lines grouped by parent index: lines of parent p are lineStart[p] ‥ lineStart[p+1]−1. */
  readonly lineStart: Int32Array;
  readonly lineComponent: Int32Array;
  readonly lineFactor: readonly Ratio[];
  /** Scheduled receipts, material-major: index m·horizon + bucket. */
  readonly scheduledReceipts: Float64Array;
  /** In-horizon demands ordered by due date then id; pegs refer to them by position ("demand index"). */
  readonly demands: PlanningDemands;
  /** Demands due after the horizon: not planned, reported as UNCOVERED_DEMAND. */
  readonly beyondHorizon: readonly { id: number; material: number; quantity: Micro; dueDay: number }[];
}

export interface PlanningDemands {
  readonly count: number;
  readonly ids: readonly number[];
  readonly material: Int32Array;
  readonly bucket: Int32Array;
  readonly quantity: Float64Array;
}

const isId = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v);

export function compileInput(input: MrpInput): PlanningInput {
  const { materials, bomLines, demands, scheduledReceipts, parameters } = input;
  if (!parameters) throw badInput("parameters are required", { field: "parameters" });
  const calendar = BucketCalendar.from(parameters.startDate, parameters.bucket, parameters.horizonBuckets);
  const horizon = calendar.horizon;

  const n = materials.length;
  const materialIds: number[] = new Array(n);
  const materialCodes: string[] = new Array(n);
  const indexOf = new Map<number, number>();
  const isMake = new Uint8Array(n);
  const leadTimeDays = new Int32Array(n);
  const policies: LotPolicy[] = new Array(n);
  const safetyStock = new Float64Array(n);
  const initialAvailable = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const m = materials[i];
    const field = `materials[${i}]`;
    if (!isId(m.id)) throw badInput(`${field}.id must be an integer`, { field: `${field}.id` });
    if (indexOf.has(m.id)) throw badInput(`${field}.id ${m.id} appears twice`, { field: `${field}.id`, materialId: m.id });
    if (m.type !== "MAKE" && m.type !== "BUY") throw badInput(`${field}.type must be MAKE or BUY`, { field: `${field}.type` });
    if (!Number.isInteger(m.leadTimeDays) || m.leadTimeDays < 0 || m.leadTimeDays > 100_000) {
      throw badInput(`${field}.leadTimeDays must be a non-negative integer`, { field: `${field}.leadTimeDays` });
    }
    indexOf.set(m.id, i);
    materialIds[i] = m.id;
    materialCodes[i] = m.code;
    isMake[i] = m.type === "MAKE" ? 1 : 0;
    leadTimeDays[i] = m.leadTimeDays;
    policies[i] = compileLotPolicy(m, field);
    safetyStock[i] = parseQuantity(m.safetyStock, `${field}.safetyStock`);
    initialAvailable[i] = parseQuantity(m.onHand, `${field}.onHand`) - parseQuantity(m.reserved, `${field}.reserved`);
  }

  const material = (id: number, field: string): number => {
    const i = indexOf.get(id);
    if (i === undefined) throw badInput(`${field} refers to unknown material ${String(id)}`, { field, materialId: String(id) });
    return i;
  };

  // BOM lines, grouped by parent with a counting sort (stable: input order within a parent).
  const lineStart = new Int32Array(n + 1);
  const parentOf = new Int32Array(bomLines.length);
  for (let k = 0; k < bomLines.length; k++) {
    parentOf[k] = material(bomLines[k].parentId, `bomLines[${k}].parentId`);
    lineStart[parentOf[k] + 1]++;
  }
  for (let i = 0; i < n; i++) lineStart[i + 1] += lineStart[i];
  const fill = lineStart.slice(0, n);
  const lineComponent = new Int32Array(bomLines.length);
  const lineFactor: Ratio[] = new Array(bomLines.length);
  for (let k = 0; k < bomLines.length; k++) {
    const line = bomLines[k];
    const field = `bomLines[${k}]`;
    const component = material(line.componentId, `${field}.componentId`);
    const quantityPer = parseQuantity(line.quantityPer, `${field}.quantityPer`);
    if (quantityPer === 0) throw badInput(`${field}.quantityPer must be > 0`, { field: `${field}.quantityPer` });
    const scrapPct = line.scrapPct === undefined ? 0 : parseQuantity(line.scrapPct, `${field}.scrapPct`);
    const at = fill[parentOf[k]]++;
    lineComponent[at] = component;
    lineFactor[at] = bomFactor(quantityPer, scrapPct);
  }

  const scheduled = new Float64Array(n * horizon);
  for (let k = 0; k < scheduledReceipts.length; k++) {
    const r = scheduledReceipts[k];
    const field = `scheduledReceipts[${k}]`;
    const m = material(r.materialId, `${field}.materialId`);
    const qty = parseQuantity(r.quantity, `${field}.quantity`);
    const bucket = calendar.bucketOfDay(day(r.dueDate, `${field}.dueDate`));
    // Receipts after the horizon cannot affect it; overdue ones are expected now (bucket 0).
    if (bucket < horizon) scheduled[m * horizon + bucket] = checkExact(scheduled[m * horizon + bucket] + qty, `scheduled receipts of ${materialCodes[m]}`);
  }

  const seen = new Set<number>();
  const parsed: { id: number; material: number; quantity: Micro; dueDay: number }[] = [];
  for (let k = 0; k < demands.length; k++) {
    const d = demands[k];
    const field = `demands[${k}]`;
    if (!isId(d.id)) throw badInput(`${field}.id must be an integer`, { field: `${field}.id` });
    if (seen.has(d.id)) throw badInput(`${field}.id ${d.id} appears twice`, { field: `${field}.id`, demandId: d.id });
    seen.add(d.id);
    const m = material(d.materialId, `${field}.materialId`);
    const quantity = parseQuantity(d.quantity, `${field}.quantity`);
    if (quantity > 0) parsed.push({ id: d.id, material: m, quantity, dueDay: day(d.dueDate, `${field}.dueDate`) });
  }
  parsed.sort((a, b) => a.dueDay - b.dueDay || a.id - b.id);
  const inHorizon = parsed.filter((d) => calendar.bucketOfDay(d.dueDay) < horizon);
  const beyondHorizon = parsed.filter((d) => calendar.bucketOfDay(d.dueDay) >= horizon);

  return {
    calendar,
    horizon,
    materialCount: n,
    materialIds,
    materialCodes,
    indexOf,
    isMake,
    leadTimeDays,
    policies,
    safetyStock,
    initialAvailable,
    lineStart,
    lineComponent,
    lineFactor,
    scheduledReceipts: scheduled,
    demands: {
      count: inHorizon.length,
      ids: inHorizon.map((d) => d.id),
      material: Int32Array.from(inHorizon, (d) => d.material),
      bucket: Int32Array.from(inHorizon, (d) => calendar.bucketOfDay(d.dueDay)),
      quantity: Float64Array.from(inHorizon, (d) => d.quantity),
    },
    beyondHorizon,
  };
}

function day(value: unknown, field: string): number {
  const d = value instanceof Date || typeof value === "string" ? utcDay(value) : NaN;
  if (!Number.isFinite(d)) throw badInput(`${field} is not a valid date`, { field });
  return d;
}
