import type { Sql } from "../../db/database";
import type { Tx } from "../../db/transaction";
import { warehouseJoin } from "../sites/sites.store";
import type { PlannedAction, RuleDefinition } from "./rule.types";

/** The only file whose SQL names rule, rule_version, rule_firing and exception_aging_mark. */

export interface RuleRow {
  id: number;
  name: string;
  warehouseId: number | null;
  warehouseCode: string | null;
  enabled: boolean;
  version: number;
  definition: RuleDefinition;
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  updatedBy: string;
}

export interface RuleVersionRow { ruleId: number; version: number; enabled: boolean; definition: RuleDefinition; createdAt: Date; createdBy: string }

export interface FiringRow {
  id: string;
  ruleId: number;
  ruleName: string;
  ruleVersion: number;
  eventPosition: string;
  topic: string;
  warehouseCode: string | null;
  status: "DONE" | "FAILED";
  actions: PlannedAction[];
  error: string | null;
  at: Date;
}

const DEFINITION = `jsonb_build_object('topic', v.topic, 'triggerMinutes', v.trigger_minutes, 'conditions', v.conditions, 'actions', v.actions)`;
const RULE = `r.id, r.name, r.warehouse_id AS "warehouseId", w.code AS "warehouseCode", r.enabled, r.version, ${DEFINITION} AS definition,
  r.created_at AS "createdAt", r.created_by AS "createdBy", r.updated_at AS "updatedAt", r.updated_by AS "updatedBy"`;
const RULE_FROM = `rule r JOIN rule_version v ON v.rule_id = r.id AND v.version = r.version ${warehouseJoin("w", "r.warehouse_id", "LEFT JOIN")}`;

/** A new rule at version 1; null when the name is taken. */
export async function insertRule(tx: Tx, v: { name: string; warehouseId: number | null; enabled: boolean; by: string }): Promise<number | null> {
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO rule (name, warehouse_id, enabled, created_by, updated_by) VALUES ($1, $2, $3, $4, $4) ON CONFLICT (name) DO NOTHING RETURNING id`,
    [v.name, v.warehouseId, v.enabled, v.by],
  );
  return row?.id ?? null;
}

export async function insertVersion(tx: Tx, ruleId: number, version: number, enabled: boolean, d: RuleDefinition, by: string): Promise<void> {
  await tx.query(
    `INSERT INTO rule_version (rule_id, version, topic, trigger_minutes, conditions, actions, enabled, created_by) VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8)`,
    [ruleId, version, d.topic, d.triggerMinutes, JSON.stringify(d.conditions), JSON.stringify(d.actions), enabled, by],
  );
}

/** Moves the rule to a new version (written before with insertVersion). */
export async function setHead(tx: Tx, id: number, v: { name: string; warehouseId: number | null; enabled: boolean; version: number; by: string }): Promise<boolean> {
  const rows = await tx.query<{ id: number }>(
    `UPDATE rule SET name = $2, warehouse_id = $3, enabled = $4, version = $5, updated_at = now(), updated_by = $6
      WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM rule o WHERE o.name = $2 AND o.id <> $1) RETURNING id`,
    [id, v.name, v.warehouseId, v.enabled, v.version, v.by],
  );
  return rows.length > 0;
}

export async function lockRule(tx: Tx, id: number): Promise<RuleRow | undefined> {
  const [row] = await tx.query<RuleRow>(`SELECT ${RULE} FROM ${RULE_FROM} WHERE r.id = $1 FOR UPDATE OF r`, [id]);
  return row;
}

export async function ruleById(sql: Sql, id: number): Promise<RuleRow | undefined> {
  const [row] = await sql.query<RuleRow>(`SELECT ${RULE} FROM ${RULE_FROM} WHERE r.id = $1`, [id]);
  return row;
}

/** A page of rules in id order; `warehouseIds` limits them to those warehouses' rules (null: all). */
export function findRules(sql: Sql, f: { warehouseIds: readonly number[] | null; topic?: string | null }, afterId: number, limit: number): Promise<RuleRow[]> {
  return sql.query<RuleRow>(
    `SELECT ${RULE} FROM ${RULE_FROM}
      WHERE r.id > $1 AND ($2::int[] IS NULL OR r.warehouse_id = ANY($2::int[])) AND ($3::text IS NULL OR v.topic = $3) ORDER BY r.id LIMIT $4`,
    [afterId, f.warehouseIds, f.topic ?? null, limit],
  );
}

/** The enabled rules of these topics, at their current version, in id order. */
export function enabledRulesOf(sql: Sql, topics: readonly string[]): Promise<RuleRow[]> {
  return sql.query<RuleRow>(`SELECT ${RULE} FROM ${RULE_FROM} WHERE r.enabled AND v.topic = ANY($1::text[]) ORDER BY r.id`, [topics]);
}

/** The age thresholds of the enabled exception.aging rules. */
export async function agingThresholds(sql: Sql): Promise<number[]> {
  const rows = await sql.query<{ minutes: number }>(
    `SELECT DISTINCT v.trigger_minutes AS minutes FROM ${RULE_FROM} WHERE r.enabled AND v.topic = 'exception.aging' ORDER BY 1`,
  );
  return rows.map((r) => r.minutes);
}

export function versionsOf(sql: Sql, ruleIds: readonly number[]): Promise<RuleVersionRow[]> {
  return sql.query<RuleVersionRow>(
    `SELECT v.rule_id AS "ruleId", v.version, v.enabled, ${DEFINITION} AS definition, v.created_at AS "createdAt", v.created_by AS "createdBy"
       FROM rule_version v WHERE v.rule_id = ANY($1::int[]) ORDER BY v.rule_id, v.version DESC`,
    [ruleIds],
  );
}

/** Records a firing; false when the rule already fired for the event (another hub, or before a crash). */
export async function insertFiring(
  tx: Tx | Sql,
  f: { ruleId: number; ruleVersion: number; eventPosition: number; topic: string; warehouseId: number | null; status: "DONE" | "FAILED"; actions: PlannedAction[]; error: string | null },
): Promise<boolean> {
  const rows = await tx.query<{ id: string }>(
    `INSERT INTO rule_firing (rule_id, rule_version, event_position, topic, warehouse_id, status, actions, error)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8) ON CONFLICT (rule_id, event_position) DO NOTHING RETURNING id::text AS id`,
    [f.ruleId, f.ruleVersion, f.eventPosition, f.topic, f.warehouseId, f.status, JSON.stringify(f.actions), f.error],
  );
  return rows.length > 0;
}

export interface FiringFilter {
  warehouseIds: readonly number[] | null;
  ruleId?: number | null;
  status?: string | null;
  topic?: string | null;
  since?: Date | null;
}

/** A page of firings, newest first (ids below `beforeId`). */
export function findFirings(sql: Sql, f: FiringFilter, beforeId: string | null, limit: number): Promise<FiringRow[]> {
  return sql.query<FiringRow>(
    `SELECT f.id::text AS id, f.rule_id AS "ruleId", r.name AS "ruleName", f.rule_version AS "ruleVersion", f.event_position::text AS "eventPosition",
            f.topic, w.code AS "warehouseCode", f.status, f.actions, f.error, f.at
       FROM rule_firing f JOIN rule r ON r.id = f.rule_id ${warehouseJoin("w", "f.warehouse_id", "LEFT JOIN")}
      WHERE ($1::int[] IS NULL OR f.warehouse_id = ANY($1::int[])) AND ($2::int IS NULL OR f.rule_id = $2) AND ($3::text IS NULL OR f.status = $3)
        AND ($4::text IS NULL OR f.topic = $4) AND ($5::timestamp IS NULL OR f.at >= $5) AND ($6::bigint IS NULL OR f.id < $6)
      ORDER BY f.id DESC LIMIT $7`,
    [f.warehouseIds, f.ruleId ?? null, f.status ?? null, f.topic ?? null, f.since ?? null, beforeId, limit],
  );
}

/** Marks an exception's age threshold announced; false when it was before. */
export async function markAging(tx: Tx, exceptionId: number, minutes: number): Promise<boolean> {
  const rows = await tx.query(`INSERT INTO exception_aging_mark (exception_id, minutes) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1 AS marked`, [exceptionId, minutes]);
  return rows.length > 0;
}
