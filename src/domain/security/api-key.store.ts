import type { Sql } from "../../db/database";
import type { Tx } from "../../db/transaction";

/** The only file whose SQL names api_key. */
export interface ApiKeyRow {
  id: number;
  name: string;
  prefix: string;
  /** SHA-256 of the whole key, hex */
  hash: string;
  roles: string[];
  /** empty = all warehouses */
  warehouses: string[];
  createdAt: Date;
  createdBy: string;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

const COLUMNS = `id, name, prefix, hash, coalesce(roles, '{}') AS roles, coalesce(warehouses, '{}') AS warehouses, created_at AS "createdAt", created_by AS "createdBy",
  expires_at AS "expiresAt", revoked_at AS "revokedAt", last_used_at AS "lastUsedAt"`;

export async function insertApiKey(
  tx: Tx,
  k: { name: string; prefix: string; hash: string; roles: readonly string[]; warehouses: readonly string[]; expiresAt: Date | null; createdBy: string },
): Promise<ApiKeyRow> {
  const [row] = await tx.query<ApiKeyRow>(
    `INSERT INTO api_key (name, prefix, hash, roles, warehouses, expires_at, created_by) VALUES ($1, $2, $3, $4::text[], $5::text[], $6, $7) RETURNING ${COLUMNS}`,
    [k.name, k.prefix, k.hash, k.roles, k.warehouses, k.expiresAt, k.createdBy],
  );
  return row;
}

export function allApiKeys(sql: Sql): Promise<ApiKeyRow[]> {
  return sql.query<ApiKeyRow>(`SELECT ${COLUMNS} FROM api_key ORDER BY id`);
}

export async function apiKeyByPrefix(sql: Sql, prefix: string): Promise<ApiKeyRow | null> {
  const [row] = await sql.query<ApiKeyRow>(`SELECT ${COLUMNS} FROM api_key WHERE prefix = $1`, [prefix]);
  return row ?? null;
}

/** The key, locked until the caller's transaction ends; null when there is none. */
export async function lockApiKey(tx: Tx, id: number): Promise<ApiKeyRow | null> {
  const [row] = await tx.query<ApiKeyRow>(`SELECT ${COLUMNS} FROM api_key WHERE id = $1 FOR UPDATE`, [id]);
  return row ?? null;
}

export async function markRevoked(tx: Tx, id: number): Promise<ApiKeyRow> {
  const [row] = await tx.query<ApiKeyRow>(`UPDATE api_key SET revoked_at = now() WHERE id = $1 RETURNING ${COLUMNS}`, [id]);
  return row;
}

export async function markUsed(sql: Sql, id: number): Promise<void> {
  await sql.query(`UPDATE api_key SET last_used_at = now() WHERE id = $1`, [id]);
}
