/**
 * A comparable description of a database's public schema: enums, columns (type, nullability, default),
 * indexes and primary/unique/foreign keys, one line each. Used to prove that the committed migrations
 * build exactly the schema that prisma/schema.prisma describes. CHECK constraints and triggers are left
 * out on purpose: they are hand-written guards Prisma cannot express (see the stock_guards migration).
 */
import type { Sql } from "./database";

export async function describeSchema(sql: Sql): Promise<string[]> {
  const lines: string[] = [];
  for (const r of await sql.query<{ name: string; labels: string }>(
    `SELECT t.typname AS name, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS labels
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = 'public' GROUP BY t.typname`,
  )) {
    lines.push(`enum ${r.name}(${r.labels})`);
  }
  for (const r of await sql.query<{ t: string; c: string; type: string; nullable: string; def: string | null }>(
    `SELECT table_name AS t, column_name AS c, udt_name ||
            coalesce('(' || numeric_precision || ',' || numeric_scale || ')', '') AS type,
            is_nullable AS nullable, column_default AS def
       FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name <> '_hub_migrations'`,
  )) {
    lines.push(`column ${r.t}.${r.c} ${r.type} ${r.nullable === "YES" ? "null" : "not null"} default ${r.def ?? "-"}`);
  }
  for (const r of await sql.query<{ def: string }>(
    `SELECT indexdef AS def FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_hub_migrations'`,
  )) {
    lines.push(`index ${r.def}`);
  }
  for (const r of await sql.query<{ t: string; name: string; def: string }>(
    `SELECT c.conrelid::regclass::text AS t, c.conname AS name, pg_get_constraintdef(c.oid) AS def
       FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE n.nspname = 'public' AND c.contype IN ('p', 'u', 'f') AND c.conrelid::regclass::text <> '"_hub_migrations"'
        AND c.conrelid::regclass::text <> '_hub_migrations'`,
  )) {
    lines.push(`constraint ${r.t}.${r.name} ${r.def}`);
  }
  return lines.sort();
}

/** Lines only in `expected` (missing) and only in `actual` (unexpected). */
export function diffSchemas(expected: string[], actual: string[]): { missing: string[]; unexpected: string[] } {
  const a = new Set(actual);
  const e = new Set(expected);
  return { missing: expected.filter((l) => !a.has(l)), unexpected: actual.filter((l) => !e.has(l)) };
}
