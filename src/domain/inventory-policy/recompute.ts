import type { Tx } from "../../db/transaction";
import { now } from "../../runtime/clock";
import { costsOn } from "../costs/costs.store";
import { liveMaterialsForPolicies, type ClassifiedMaterial } from "../materials/material.store";
import type { AbcClass, XyzClass } from "../materials/material.validation";
import { purchaseOrderDates } from "../purchasing/purchase-order.queries";
import { badInput } from "../shared/domain-error";
import { Decimal } from "../shared/quantity";
import { demandHistory } from "../stock/demand-history.queries";
import { bucketStart, demandSeries, type DemandBucket } from "../stock/demand-series";
import { firstPurchaseReceipts } from "../stock/purchase-receipts.queries";
import { classifyAbc, classifyXyz } from "./classification";
import type { ClassificationSettings } from "./classification-settings";
import { policiesOfWarehouses, type ChangeValues, type PolicyValues } from "./inventory-policy.store";
import { computePolicy, leadTimeSigma, seriesStats } from "./safety-stock";

const DAY = 86_400_000;

/** What a recomputation covers: one warehouse's policies, or every warehouse's and the materials' classes. */
export interface RecomputeScope {
  warehouse: { id: number; code: string } | null;
  historyBuckets: number;
  settings: ClassificationSettings;
}

export interface Recomputed {
  at: Date;
  classified: boolean;
  classes: { id: number; abcClass: AbcClass; xyzClass: XyzClass | null }[];
  policies: PolicyValues[];
  staleIds: number[];
  changes: ChangeValues[];
}

/** The start of the bucket `n` buckets before the one starting at `start`. */
export function bucketsBefore(start: Date, n: number, bucket: DemandBucket): Date {
  const d = new Date(start);
  if (bucket === "MONTH") d.setUTCMonth(d.getUTCMonth() - n);
  else d.setUTCDate(d.getUTCDate() - n * (bucket === "WEEK" ? 7 : 1));
  return d;
}

/**
 * Reads the history and computes (nothing written): demand per bucket over the `historyBuckets` complete
 * buckets before the current one; the classes (all warehouses only) from the last 365 days' consumption
 * value at today's standard costs and the variability of the plant's demand; a policy for each material with
 * demand in each warehouse of the scope, at its class's service level, over its planned lead time with σ
 * from its purchase orders' order → first receipt in the same history. No demand at all: BAD_USER_INPUT (history).
 */
export async function recompute(tx: Tx, scope: RecomputeScope): Promise<Recomputed> {
  const { settings, historyBuckets } = scope;
  const at = now();
  const bucket = settings.bucket;
  const to = bucketStart(at, bucket);
  const from = bucketsBefore(to, historyBuckets, bucket);
  const warehouseIds = scope.warehouse ? [scope.warehouse.id] : undefined;
  const points = await demandHistory(tx, { bucket, from, to, warehouseIds });
  const classified = scope.warehouse === null;
  const yearAgo = new Date(at.getTime() - 365 * DAY);
  const annualPoints = classified ? await demandHistory(tx, { bucket: "MONTH", from: yearAgo, to: new Date(at.getTime() + 1) }) : [];
  if (points.length === 0 && annualPoints.length === 0) {
    const where = scope.warehouse ? ` in ${scope.warehouse.code}` : "";
    throw badInput(`no demand${where} in the ${historyBuckets} ${bucket.toLowerCase()}s of history: nothing to compute from`, { field: "history" });
  }
  const materials = new Map((await liveMaterialsForPolicies(tx)).map((m) => [m.id, m]));
  const changes: ChangeValues[] = [];
  const classes = classified ? classify(materials, annualPoints, points, from, to, settings, await costsOn(tx, at.toISOString().slice(0, 10))) : [];
  const classOf = new Map(classes.map((c) => [c.id, c.abcClass]));
  for (const c of classes) {
    const m = materials.get(c.id)!;
    if (m.abcClass !== c.abcClass || m.xyzClass !== c.xyzClass) {
      changes.push({ ...NO_STOCK_CHANGE, materialId: c.id, warehouseId: null, oldAbcClass: m.abcClass, newAbcClass: c.abcClass, oldXyzClass: m.xyzClass, newXyzClass: c.xyzClass });
    }
  }

  const leadTimes = await observedLeadTimes(tx, from, at, warehouseIds);
  const series = demandSeries(points, (p) => `${p.materialId}:${p.warehouseId}`, from, to, bucket);
  const existing = new Map((await policiesOfWarehouses(tx, warehouseIds ?? null)).map((p) => [`${p.materialId}:${p.warehouseId}`, p]));
  const policies: PolicyValues[] = [];
  for (const [key, demand] of series) {
    const [materialId, warehouseId] = key.split(":").map(Number);
    const m = materials.get(materialId);
    if (!m) continue;
    const serviceLevel = settings.serviceLevels[classOf.get(materialId) ?? m.abcClass ?? "C"];
    const observed = leadTimes.get(key) ?? [];
    const sigmaLt = leadTimeSigma(observed);
    const p = computePolicy({ serviceLevel, bucket, demand, leadTimeDays: m.leadTimeDays, leadTimeSigmaDays: sigmaLt, precision: m.precision });
    const values: PolicyValues = {
      materialId, warehouseId, serviceLevel, z: p.z, bucket, historyBuckets, meanDemand: p.meanDemand.toFixed(6), demandSigma: p.demandSigma.toFixed(6),
      leadTimeDays: String(m.leadTimeDays), leadTimeSigmaDays: sigmaLt.toFixed(3), leadTimeSamples: observed.length,
      safetyStock: p.safetyStock.toFixed(m.precision), reorderPoint: p.reorderPoint.toFixed(m.precision),
    };
    policies.push(values);
    const old = existing.get(key);
    existing.delete(key);
    if (!old || !new Decimal(old.safetyStock).eq(values.safetyStock) || !new Decimal(old.reorderPoint).eq(values.reorderPoint)) {
      changes.push({
        ...NO_CLASS_CHANGE, materialId, warehouseId, oldSafetyStock: old ? new Decimal(old.safetyStock).toFixed() : null, newSafetyStock: values.safetyStock,
        oldReorderPoint: old ? new Decimal(old.reorderPoint).toFixed() : null, newReorderPoint: values.reorderPoint,
      });
    }
  }
  // what had a policy and no demand in the history any more goes back to the material's safety stock
  for (const old of existing.values()) {
    changes.push({
      ...NO_CLASS_CHANGE, materialId: old.materialId, warehouseId: old.warehouseId, oldSafetyStock: new Decimal(old.safetyStock).toFixed(), newSafetyStock: null,
      oldReorderPoint: new Decimal(old.reorderPoint).toFixed(), newReorderPoint: null,
    });
  }
  return { at, classified, classes, policies, staleIds: [...existing.values()].map((p) => p.id), changes };
}

const NO_STOCK_CHANGE = { oldSafetyStock: null, newSafetyStock: null, oldReorderPoint: null, newReorderPoint: null };
const NO_CLASS_CHANGE = { oldAbcClass: null, newAbcClass: null, oldXyzClass: null, newXyzClass: null };

function classify(
  materials: ReadonlyMap<number, ClassifiedMaterial>,
  annualPoints: readonly { materialId: number; quantity: string }[],
  points: readonly { materialId: number; bucketStart: Date; quantity: string }[],
  from: Date,
  to: Date,
  settings: ClassificationSettings,
  costs: readonly { materialId: number; cost: string }[],
) {
  const annual = new Map<number, number>();
  for (const p of annualPoints) annual.set(p.materialId, (annual.get(p.materialId) ?? 0) + Number(p.quantity));
  const cost = new Map(costs.map((c) => [c.materialId, Number(c.cost)]));
  // returns beyond what was consumed count as no consumption
  const abc = classifyAbc([...materials.keys()].map((id) => ({ materialId: id, quantity: Math.max(0, annual.get(id) ?? 0), unitCost: cost.get(id) ?? 0 })), settings.abcCutoffs);
  const plant = demandSeries(points, (p) => String(p.materialId), from, to, settings.bucket);
  return [...materials.keys()].map((id) => {
    const values = plant.get(String(id));
    return { id, abcClass: abc.get(id)!, xyzClass: values ? classifyXyz(seriesStats(values), settings.xyzThresholds) : null };
  });
}

/** Days from order to first receipt of the purchase orders first received in [from, at], by material and warehouse. */
async function observedLeadTimes(tx: Tx, from: Date, at: Date, warehouseIds?: readonly number[]): Promise<Map<string, number[]>> {
  const receipts = await firstPurchaseReceipts(tx, from, new Date(at.getTime() + 1), warehouseIds);
  const ordered = new Map((await purchaseOrderDates(tx, receipts.map((r) => r.purchaseOrderId))).map((o) => [o.id, o.orderedAt]));
  const days = new Map<string, number[]>();
  for (const r of receipts) {
    const key = `${r.materialId}:${r.warehouseId}`;
    days.set(key, [...(days.get(key) ?? []), Math.max(0, (r.receivedAt.getTime() - ordered.get(r.purchaseOrderId)!.getTime()) / DAY)]);
  }
  return days;
}

