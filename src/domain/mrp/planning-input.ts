import { badInput } from "../shared/domain-error";
import { BucketCalendar, utcDay } from "./buckets";
import { LotPolicy, compileLotPolicy } from "./lot-size";
import { consumeForecasts } from "./forecast-consumption";
import type { DemandSource, MrpInput } from "./mrp.types";
import { Micro, POW10, Ratio, SCALE, bomFactor, checkExact, parseQuantity, scanQuantity } from "./quantity";

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
  /** The supplier of each material, when it has one (carried to its purchase suggestions). */
  readonly supplierCodes: readonly (string | null)[];
  readonly indexOf: ReadonlyMap<number, number>;
  readonly isMake: Uint8Array;
  readonly leadTimeDays: Int32Array;
  readonly policies: readonly LotPolicy[];
  /** Smallest quantity of each material's unit in micro-units (10^(6 − precision)). */
  readonly unit: Float64Array;
  readonly safetyStock: Float64Array;
  /** onHand − reserved; negative when reservations exceed stock. */
  readonly initialAvailable: Float64Array;
  /** BOM lines grouped by parent index: lines of parent p are lineStart[p] ‥ lineStart[p+1]−1. */
  readonly lineStart: Int32Array;
  readonly lineComponent: Int32Array;
  readonly lineFactor: readonly Ratio[];
  /** Scheduled receipts, material-major: index m·horizon + bucket. */
  readonly scheduledReceipts: Float64Array;
  /**
   * In-horizon demands ordered by due date then id, forecasts already consumed by sales orders; pegs refer
   * to them by position ("demand index").
   */
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

// Field names ("bomLines[12].quantityPer") are built only for errors: a run validates ~10^5 fields.
const at = (list: string, index: number, name: string) => `${list}[${index}].${name}`;

function quantity(value: unknown, list: string, index: number, name: string): Micro {
  const q = scanQuantity(value);
  return q >= 0 ? q : parseQuantity(value, at(list, index, name));
}

function day(value: unknown, list: string, index: number, name: string): number {
  const d = value instanceof Date || typeof value === "string" ? utcDay(value) : NaN;
  if (!Number.isFinite(d)) throw badInput(`${at(list, index, name)} is not a valid date`, { field: at(list, index, name) });
  return d;
}

function fail(list: string, index: number, name: string, problem: string, details: Record<string, unknown> = {}): never {
  throw badInput(`${at(list, index, name)} ${problem}`, { field: at(list, index, name), ...details });
}

export function compileInput(input: MrpInput): PlanningInput {
  const { materials, bomLines, demands, scheduledReceipts, parameters } = input;
  if (!parameters) throw badInput("parameters are required", { field: "parameters" });
  const calendar = BucketCalendar.from(parameters.startDate, parameters.bucket, parameters.horizonBuckets);
  const horizon = calendar.horizon;

  const n = materials.length;
  const materialIds: number[] = new Array(n);
  const materialCodes: string[] = new Array(n);
  const supplierCodes: (string | null)[] = new Array(n);
  const indexOf = new Map<number, number>();
  const isMake = new Uint8Array(n);
  const leadTimeDays = new Int32Array(n);
  const policies: LotPolicy[] = new Array(n);
  const unit = new Float64Array(n);
  const safetyStock = new Float64Array(n);
  const initialAvailable = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const m = materials[i];
    if (!isId(m.id)) fail("materials", i, "id", "must be an integer");
    if (indexOf.has(m.id)) fail("materials", i, "id", `${m.id} appears twice`, { materialId: m.id });
    if (m.type !== "MAKE" && m.type !== "BUY") fail("materials", i, "type", "must be MAKE or BUY");
    if (!Number.isInteger(m.leadTimeDays) || m.leadTimeDays < 0 || m.leadTimeDays > 100_000) {
      fail("materials", i, "leadTimeDays", "must be a non-negative integer");
    }
    indexOf.set(m.id, i);
    materialIds[i] = m.id;
    materialCodes[i] = m.code;
    supplierCodes[i] = m.supplierCode ?? null;
    isMake[i] = m.type === "MAKE" ? 1 : 0;
    leadTimeDays[i] = m.leadTimeDays;
    const precision = m.precision ?? 6;
    if (!Number.isInteger(precision) || precision < 0 || precision > 6) fail("materials", i, "precision", "must be an integer from 0 to 6");
    unit[i] = POW10[6 - precision];
    policies[i] = compileLotPolicy(m, i, unit[i]);
    safetyStock[i] = quantity(m.safetyStock, "materials", i, "safetyStock");
    initialAvailable[i] = quantity(m.onHand, "materials", i, "onHand") - quantity(m.reserved, "materials", i, "reserved");
  }

  const material = (id: number, list: string, index: number, name: string): number => {
    const i = indexOf.get(id);
    return i !== undefined ? i : fail(list, index, name, `refers to unknown material ${String(id)}`, { materialId: String(id) });
  };

  // BOM lines, grouped by parent with a counting sort (stable: input order within a parent).
  const lineStart = new Int32Array(n + 1);
  const parentOf = new Int32Array(bomLines.length);
  for (let k = 0; k < bomLines.length; k++) {
    parentOf[k] = material(bomLines[k].parentId, "bomLines", k, "parentId");
    lineStart[parentOf[k] + 1]++;
  }
  for (let i = 0; i < n; i++) lineStart[i + 1] += lineStart[i];
  const fill = lineStart.slice(0, n);
  const lineComponent = new Int32Array(bomLines.length);
  const lineFactor: Ratio[] = new Array(bomLines.length);
  // Few distinct (quantity per, scrap, base) triples: reduce each to lowest terms once.
  const factors = new Map<string, Ratio>();
  for (let k = 0; k < bomLines.length; k++) {
    const line = bomLines[k];
    const component = material(line.componentId, "bomLines", k, "componentId");
    const quantityPer = quantity(line.quantityPer, "bomLines", k, "quantityPer");
    if (quantityPer === 0) fail("bomLines", k, "quantityPer", "must be > 0");
    const scrapPct = line.scrapPct === undefined ? 0 : quantity(line.scrapPct, "bomLines", k, "scrapPct");
    const base = line.baseQuantity === undefined ? SCALE : quantity(line.baseQuantity, "bomLines", k, "baseQuantity");
    if (base === 0) fail("bomLines", k, "baseQuantity", "must be > 0");
    const key = `${quantityPer}/${scrapPct}/${base}`;
    let factor = factors.get(key);
    if (!factor) factors.set(key, (factor = bomFactor(quantityPer, scrapPct, base)));
    const slot = fill[parentOf[k]]++;
    lineComponent[slot] = component;
    lineFactor[slot] = factor;
  }

  const scheduled = new Float64Array(n * horizon);
  for (let k = 0; k < scheduledReceipts.length; k++) {
    const r = scheduledReceipts[k];
    const m = material(r.materialId, "scheduledReceipts", k, "materialId");
    const qty = quantity(r.quantity, "scheduledReceipts", k, "quantity");
    const bucket = calendar.bucketOfDay(day(r.dueDate, "scheduledReceipts", k, "dueDate"));
    // Receipts after the horizon cannot affect it; overdue ones are expected now (bucket 0).
    if (bucket < horizon) {
      const slot = m * horizon + bucket;
      scheduled[slot] = checkExact(scheduled[slot] + qty, "scheduled receipts", materialCodes[m]);
    }
  }

  const seen = new Set<number>();
  const parsed: { id: number; material: number; quantity: Micro; dueDay: number; bucket: number; source: DemandSource }[] = [];
  for (let k = 0; k < demands.length; k++) {
    const d = demands[k];
    if (!isId(d.id)) fail("demands", k, "id", "must be an integer");
    if (seen.has(d.id)) fail("demands", k, "id", `${d.id} appears twice`, { demandId: d.id });
    seen.add(d.id);
    const m = material(d.materialId, "demands", k, "materialId");
    const qty = quantity(d.quantity, "demands", k, "quantity");
    const dueDay = day(d.dueDate, "demands", k, "dueDate");
    const source = d.source ?? "MPS";
    if (source !== "MPS" && source !== "SALES_ORDER" && source !== "FORECAST") fail("demands", k, "source", "must be MPS, SALES_ORDER or FORECAST");
    if (qty > 0) parsed.push({ id: d.id, material: m, quantity: qty, dueDay, bucket: calendar.bucketOfDay(dueDay), source });
  }
  parsed.sort((a, b) => a.dueDay - b.dueDay || a.id - b.id);
  const demanded = consumeForecasts(parsed);
  const inHorizon = demanded.filter((d) => d.bucket < horizon);
  const beyondHorizon = demanded.filter((d) => d.bucket >= horizon).map(({ id, material, quantity, dueDay }) => ({ id, material, quantity, dueDay }));

  return {
    calendar,
    horizon,
    materialCount: n,
    materialIds,
    materialCodes,
    supplierCodes,
    indexOf,
    isMake,
    leadTimeDays,
    policies,
    unit,
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
      bucket: Int32Array.from(inHorizon, (d) => d.bucket),
      quantity: Float64Array.from(inHorizon, (d) => d.quantity),
    },
    beyondHorizon,
  };
}
