import type { Sql } from "../../db/database";
import type { Tx } from "../../db/transaction";
import type { AbcClass, XyzClass } from "../materials/material.validation";
import type { DemandBucket } from "../stock/demand-series";
import { DEFAULT_SETTINGS, type ClassificationSettings } from "./classification-settings";

/** The only file whose SQL names classification_settings, inventory_policy, inventory_policy_run and inventory_policy_change. */

/** Held by a recomputation, so that two (a schedule and a planner) do not interleave their reads and writes. */
const RECOMPUTE_LOCK = 74_260_140;

export const lockRecomputation = (tx: Tx) => tx.query(`SELECT 1 AS locked FROM pg_advisory_xact_lock(${RECOMPUTE_LOCK})`);

interface SettingsRow {
  a: number; b: number; c: number; x: number; y: number; slA: number; slB: number; slC: number;
  daysA: number | null; daysB: number | null; daysC: number | null; bucket: DemandBucket; historyBuckets: number; updatedAt: Date; updatedBy: string;
}

/** The plant's settings, or the defaults while none were saved. */
export async function classificationSettings(sql: Sql | Tx): Promise<ClassificationSettings> {
  const [r] = await sql.query<SettingsRow>(
    `SELECT abc_share_a AS a, abc_share_b AS b, abc_share_c AS c, xyz_max_x AS x, xyz_max_y AS y,
            service_level_a AS "slA", service_level_b AS "slB", service_level_c AS "slC",
            count_every_days_a AS "daysA", count_every_days_b AS "daysB", count_every_days_c AS "daysC",
            bucket::text AS bucket, history_buckets AS "historyBuckets", updated_at AS "updatedAt", updated_by AS "updatedBy"
       FROM classification_settings WHERE id = 1`,
  );
  if (!r) return DEFAULT_SETTINGS;
  return {
    abcCutoffs: [r.a, r.b, r.c], xyzThresholds: [r.x, r.y], serviceLevels: { A: r.slA, B: r.slB, C: r.slC },
    countEveryDays: { A: r.daysA, B: r.daysB, C: r.daysC }, bucket: r.bucket, historyBuckets: r.historyBuckets, updatedAt: r.updatedAt, updatedBy: r.updatedBy,
  };
}

export async function saveSettings(tx: Tx, s: ClassificationSettings, by: string): Promise<void> {
  await tx.query(
    `INSERT INTO classification_settings (id, abc_share_a, abc_share_b, abc_share_c, xyz_max_x, xyz_max_y, service_level_a, service_level_b, service_level_c,
                                          count_every_days_a, count_every_days_b, count_every_days_c, bucket, history_buckets, updated_by)
     VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::"DemandBucket", $13, $14)
     ON CONFLICT (id) DO UPDATE SET abc_share_a = EXCLUDED.abc_share_a, abc_share_b = EXCLUDED.abc_share_b, abc_share_c = EXCLUDED.abc_share_c,
       xyz_max_x = EXCLUDED.xyz_max_x, xyz_max_y = EXCLUDED.xyz_max_y, service_level_a = EXCLUDED.service_level_a, service_level_b = EXCLUDED.service_level_b,
       service_level_c = EXCLUDED.service_level_c, count_every_days_a = EXCLUDED.count_every_days_a, count_every_days_b = EXCLUDED.count_every_days_b,
       count_every_days_c = EXCLUDED.count_every_days_c, bucket = EXCLUDED.bucket, history_buckets = EXCLUDED.history_buckets,
       updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [...s.abcCutoffs, ...s.xyzThresholds, s.serviceLevels.A, s.serviceLevels.B, s.serviceLevels.C, s.countEveryDays.A, s.countEveryDays.B, s.countEveryDays.C, s.bucket, s.historyBuckets, by],
  );
}

/** Days between cycle counts by ABC class: the settings' where set, else `fallback` (COUNT_EVERY_DAYS_<class>). */
export async function countFrequency(sql: Sql | Tx, fallback: Record<AbcClass, number>): Promise<Record<AbcClass, number>> {
  const { countEveryDays: d } = await classificationSettings(sql);
  return { A: d.A ?? fallback.A, B: d.B ?? fallback.B, C: d.C ?? fallback.C };
}

export interface PolicyRow {
  id: number;
  materialId: number;
  warehouseId: number;
  serviceLevel: number;
  z: number;
  bucket: DemandBucket;
  historyBuckets: number;
  meanDemand: string;
  demandSigma: string;
  leadTimeDays: string;
  leadTimeSigmaDays: string;
  leadTimeSamples: number;
  safetyStock: string;
  reorderPoint: string;
  computedAt: Date;
  runId: number;
}

const P = `p.id, p.material_id AS "materialId", p.warehouse_id AS "warehouseId", p.service_level AS "serviceLevel", p.z, p.bucket::text AS bucket,
  p.history_buckets AS "historyBuckets", p.mean_demand::text AS "meanDemand", p.demand_sigma::text AS "demandSigma", p.lead_time_days::text AS "leadTimeDays",
  p.lead_time_sigma_days::text AS "leadTimeSigmaDays", p.lead_time_samples AS "leadTimeSamples", p.safety_stock::text AS "safetyStock",
  p.reorder_point::text AS "reorderPoint", p.computed_at AS "computedAt", p.run_id AS "runId"`;

/** The policies of these warehouses (null: of all; optionally of one material), by warehouse then material. */
export function policiesOfWarehouses(sql: Sql | Tx, warehouseIds: readonly number[] | null, materialId?: number): Promise<PolicyRow[]> {
  return sql.query<PolicyRow>(
    `SELECT ${P} FROM inventory_policy p WHERE ($1::int[] IS NULL OR p.warehouse_id = ANY($1::int[])) AND ($2::int IS NULL OR p.material_id = $2) ORDER BY p.warehouse_id, p.material_id`,
    [warehouseIds, materialId ?? null],
  );
}

export type PolicyValues = Omit<PolicyRow, "id" | "runId" | "computedAt">;

/** Writes the computed policies (one statement) and removes `staleIds` (no demand any more). */
export async function storePolicies(tx: Tx, runId: number, at: Date, rows: readonly PolicyValues[], staleIds: readonly number[]): Promise<void> {
  if (staleIds.length) await tx.query(`DELETE FROM inventory_policy WHERE id = ANY($1::int[])`, [staleIds]);
  if (!rows.length) return;
  const col = <K extends keyof PolicyValues>(k: K) => rows.map((r) => r[k]);
  await tx.query(
    `INSERT INTO inventory_policy (material_id, warehouse_id, service_level, z, bucket, history_buckets, mean_demand, demand_sigma, lead_time_days,
                                   lead_time_sigma_days, lead_time_samples, safety_stock, reorder_point, computed_at, run_id)
     SELECT u.m, u.w, u.sl, u.z, u.b::"DemandBucket", u.h, u.mean, u.sigma, u.lt, u.ltsigma, u.lts, u.ss, u.rop, $14, $15
       FROM unnest($1::int[], $2::int[], $3::float8[], $4::float8[], $5::text[], $6::int[], $7::numeric[], $8::numeric[], $9::numeric[], $10::numeric[],
                   $11::int[], $12::numeric[], $13::numeric[]) AS u(m, w, sl, z, b, h, mean, sigma, lt, ltsigma, lts, ss, rop)
     ON CONFLICT (material_id, warehouse_id) DO UPDATE SET service_level = EXCLUDED.service_level, z = EXCLUDED.z, bucket = EXCLUDED.bucket,
       history_buckets = EXCLUDED.history_buckets, mean_demand = EXCLUDED.mean_demand, demand_sigma = EXCLUDED.demand_sigma,
       lead_time_days = EXCLUDED.lead_time_days, lead_time_sigma_days = EXCLUDED.lead_time_sigma_days, lead_time_samples = EXCLUDED.lead_time_samples,
       safety_stock = EXCLUDED.safety_stock, reorder_point = EXCLUDED.reorder_point, computed_at = EXCLUDED.computed_at, run_id = EXCLUDED.run_id`,
    [
      col("materialId"), col("warehouseId"), col("serviceLevel"), col("z"), col("bucket"), col("historyBuckets"), col("meanDemand"), col("demandSigma"),
      col("leadTimeDays"), col("leadTimeSigmaDays"), col("leadTimeSamples"), col("safetyStock"), col("reorderPoint"), at, runId,
    ],
  );
}

export interface RunValues {
  trigger: "MUTATION" | "SCHEDULE";
  warehouseId: number | null;
  classified: boolean;
  settings: ClassificationSettings;
  policies: number;
  computedAt: Date;
  computedBy: string;
}

export async function insertRun(tx: Tx, r: RunValues): Promise<number> {
  const [{ id }] = await tx.query<{ id: number }>(
    `INSERT INTO inventory_policy_run (trigger, warehouse_id, classified, settings, policies, computed_at, computed_by)
     VALUES ($1::"PolicyTrigger", $2, $3, $4::jsonb, $5, $6, $7) RETURNING id`,
    [r.trigger, r.warehouseId, r.classified, JSON.stringify(r.settings), r.policies, r.computedAt, r.computedBy],
  );
  return id;
}

export interface ChangeValues {
  materialId: number;
  /** null: the material's classes changed */
  warehouseId: number | null;
  oldSafetyStock: string | null;
  newSafetyStock: string | null;
  oldReorderPoint: string | null;
  newReorderPoint: string | null;
  oldAbcClass: AbcClass | null;
  newAbcClass: AbcClass | null;
  oldXyzClass: XyzClass | null;
  newXyzClass: XyzClass | null;
}

export interface ChangeRow extends ChangeValues { id: number; runId: number; computedAt: Date }

export async function insertChanges(tx: Tx, runId: number, changes: readonly ChangeValues[]): Promise<ChangeRow[]> {
  if (!changes.length) return [];
  const col = <K extends keyof ChangeValues>(k: K) => changes.map((c) => c[k]);
  return tx.query<ChangeRow>(
    `WITH ins AS (
       INSERT INTO inventory_policy_change (run_id, material_id, warehouse_id, old_safety_stock, new_safety_stock, old_reorder_point, new_reorder_point,
                                            old_abc_class, new_abc_class, old_xyz_class, new_xyz_class)
       SELECT $1, u.m, u.w, u.oss, u.nss, u.orop, u.nrop, u.oa::"AbcClass", u.na::"AbcClass", u.ox::"XyzClass", u.nx::"XyzClass"
         FROM unnest($2::int[], $3::int[], $4::numeric[], $5::numeric[], $6::numeric[], $7::numeric[], $8::text[], $9::text[], $10::text[], $11::text[])
              WITH ORDINALITY AS u(m, w, oss, nss, orop, nrop, oa, na, ox, nx, n)
        ORDER BY u.n
       RETURNING *)
     SELECT ${C} FROM ins c JOIN inventory_policy_run r ON r.id = c.run_id ORDER BY c.id`,
    [runId, col("materialId"), col("warehouseId"), col("oldSafetyStock"), col("newSafetyStock"), col("oldReorderPoint"), col("newReorderPoint"),
      col("oldAbcClass"), col("newAbcClass"), col("oldXyzClass"), col("newXyzClass")],
  );
}

const C = `c.id, c.run_id AS "runId", r.computed_at AS "computedAt", c.material_id AS "materialId", c.warehouse_id AS "warehouseId",
  c.old_safety_stock::text AS "oldSafetyStock", c.new_safety_stock::text AS "newSafetyStock", c.old_reorder_point::text AS "oldReorderPoint",
  c.new_reorder_point::text AS "newReorderPoint", c.old_abc_class::text AS "oldAbcClass", c.new_abc_class::text AS "newAbcClass",
  c.old_xyz_class::text AS "oldXyzClass", c.new_xyz_class::text AS "newXyzClass"`;

/**
 * The latest changes, newest first: class changes (no warehouse) and those of the warehouses listed
 * (`warehouseIds` null: of every warehouse).
 */
export function latestChanges(sql: Sql, warehouseIds: readonly number[] | null, limit: number): Promise<ChangeRow[]> {
  return sql.query<ChangeRow>(
    `SELECT ${C} FROM inventory_policy_change c JOIN inventory_policy_run r ON r.id = c.run_id
      WHERE c.warehouse_id IS NULL OR $1::int[] IS NULL OR c.warehouse_id = ANY($1::int[])
      ORDER BY c.id DESC LIMIT $2`,
    [warehouseIds, limit],
  );
}

/*
 * For other areas' SQL: low-stock alerts compare with the reorder point and MRP plans to the safety stock
 * computed for a material in a warehouse, where one was computed.
 */

/** `LEFT JOIN inventory_policy <alias>` on a material and warehouse: its safety_stock and reorder_point, or nulls. */
export const policyJoin = (alias: string, materialIdExpr: string, warehouseIdExpr: string) =>
  `LEFT JOIN inventory_policy ${alias} ON ${alias}.material_id = ${materialIdExpr} AND ${alias}.warehouse_id = ${warehouseIdExpr}`;

/** The computed safety stock of each material that has a policy in the warehouse. */
export async function computedSafetyStocks(tx: Tx, warehouseId: number): Promise<Map<number, string>> {
  const rows = await tx.query<{ materialId: number; safetyStock: string }>(
    `SELECT material_id AS "materialId", safety_stock::text AS "safetyStock" FROM inventory_policy WHERE warehouse_id = $1`,
    [warehouseId],
  );
  return new Map(rows.map((r) => [r.materialId, r.safetyStock]));
}
