import type { Tx } from "../../db/transaction";

/** The only file whose SQL names work_center and routing_operation. */
export interface WorkCenterRow { id: number; code: string; name: string; hoursPerDay: string; workingDays: number[]; active: boolean }
export interface RoutingOperationRow {
  materialId: number; sequence: number; name: string; workCenterCode: string; setupMinutes: string; runMinutesPerUnit: string; allowOverlap: boolean;
}

const WC = `id, code, name, hours_per_day::text AS "hoursPerDay", working_days AS "workingDays", active`;
const OP = `r.material_id AS "materialId", r.sequence, r.name, w.code AS "workCenterCode", r.setup_minutes::text AS "setupMinutes",
  r.run_minutes_per_unit::text AS "runMinutesPerUnit", r.allow_overlap AS "allowOverlap"`;

export async function upsertWorkCenter(tx: Tx, v: Omit<WorkCenterRow, "id" | "workingDays"> & { workingDays: number[] | null }, mode: "insert" | "update" | "upsert"): Promise<{ row: WorkCenterRow | null; created: boolean }> {
  const params = [v.code, v.name, v.hoursPerDay, v.active, v.workingDays];
  if (mode === "update") {
    const [row] = await tx.query<WorkCenterRow>(`UPDATE work_center SET name = $2, hours_per_day = $3::numeric, active = $4, working_days = COALESCE($5::int[], working_days) WHERE code = $1 RETURNING ${WC}`, params);
    return { row: row ?? null, created: false };
  }
  const conflict =
    mode === "insert" ? "DO NOTHING" : "DO UPDATE SET name = EXCLUDED.name, hours_per_day = EXCLUDED.hours_per_day, active = EXCLUDED.active, working_days = COALESCE($5::int[], work_center.working_days)";
  const [row] = await tx.query<WorkCenterRow & { created: boolean }>(
    `INSERT INTO work_center (code, name, hours_per_day, active, working_days) VALUES ($1, $2, $3::numeric, $4, COALESCE($5::int[], '{1,2,3,4,5}')) ON CONFLICT (code) ${conflict} RETURNING ${WC}, (xmax = 0) AS created`,
    params,
  );
  if (!row) return { row: null, created: false };
  const { created, ...wc } = row;
  return { row: wc, created };
}

export function workCentersByCodes(tx: Tx, codes: string[]): Promise<WorkCenterRow[]> {
  return tx.query<WorkCenterRow>(`SELECT ${WC} FROM work_center WHERE code = ANY($1::text[])`, [codes]);
}

export const allWorkCenters = (tx: Tx) => tx.query<WorkCenterRow>(`SELECT ${WC} FROM work_center ORDER BY code`);

export async function replaceRouting(tx: Tx, materialId: number, ops: { sequence: number; name: string; workCenterId: number; setupMinutes: string; runMinutesPerUnit: string; allowOverlap: boolean }[]) {
  await tx.query(`SELECT 1 AS locked FROM pg_advisory_xact_lock(74260011, $1)`, [materialId]);
  await tx.query(`DELETE FROM routing_operation WHERE material_id = $1`, [materialId]);
  await tx.query(
    `INSERT INTO routing_operation (material_id, sequence, name, work_center_id, setup_minutes, run_minutes_per_unit, allow_overlap)
     SELECT $1, s, n, w, su, ru, o FROM unnest($2::int[], $3::text[], $4::int[], $5::numeric[], $6::numeric[], $7::boolean[]) AS u(s, n, w, su, ru, o)`,
    [materialId, ops.map((o) => o.sequence), ops.map((o) => o.name), ops.map((o) => o.workCenterId), ops.map((o) => o.setupMinutes), ops.map((o) => o.runMinutesPerUnit), ops.map((o) => o.allowOverlap)],
  );
}

/** The query of the RoutingOperationRows of the materials `materialIds` (an SQL int[] expression), by material and sequence. */
export const routingsSql = (materialIds: string) =>
  `SELECT ${OP} FROM routing_operation r JOIN work_center w ON w.id = r.work_center_id WHERE r.material_id = ANY(${materialIds}) ORDER BY r.material_id, r.sequence`;

export function routingsOf(tx: Tx, materialIds: readonly number[]): Promise<RoutingOperationRow[]> {
  return tx.query<RoutingOperationRow>(routingsSql("$1::int[]"), [materialIds]);
}
