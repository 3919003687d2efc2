import { DomainError, notFound, type Entity } from "../domain/shared/domain-error";
import type { Principal } from "./principal";

/**
 * The one place that decides what an identity limited to some warehouses may see and change.
 * - Objects of no warehouse (materials, BOMs, lots bought in, exceptions of no warehouse) are visible.
 * - Objects of another warehouse look as if they did not exist: lists leave them out, a read or write
 *   by id or number is NOT_FOUND with the same text as for a missing one.
 * - A warehouse the caller names itself (`warehouseCode` of a command) is FORBIDDEN when out of scope.
 */

/** Codes an identity is limited to, null = all: the form services take to filter in SQL (`sqlVisible`). */
export type WarehouseScope = readonly string[] | null;

export const scopeOf = (principal: Principal): WarehouseScope => principal.warehouses;

/** Whether the identity may see an object of this warehouse; null = an object of no warehouse. */
export function canSee(scope: Principal | WarehouseScope, warehouseCode: string | null | undefined): boolean {
  const codes = asScope(scope);
  return codes === null || warehouseCode == null || codes.includes(warehouseCode);
}

/**
 * Whether the identity may see work another identity did (an import it ran): that work belongs to the
 * warehouses its doer was limited to (`doneWithin`, null = all), so it is seen by identities limited to
 * all of those, or to none.
 */
export function canSeeWorkOf(scope: Principal | WarehouseScope, doneWithin: WarehouseScope): boolean {
  const codes = asScope(scope);
  return codes === null || (doneWithin !== null && doneWithin.every((c) => codes.includes(c)));
}

/** A warehouse the caller named: FORBIDDEN outside its scope. */
export function assertMayUse(principal: Principal, warehouseCode: string): void {
  if (!canSee(principal, warehouseCode)) throw new DomainError("FORBIDDEN", `not allowed in warehouse ${warehouseCode}`, { warehouse: warehouseCode });
}

/** An object found by id or number: NOT_FOUND (as if missing) when it belongs to a warehouse out of scope. */
export function assertVisible(scope: Principal | WarehouseScope, warehouseCode: string | null | undefined, entity: Entity, key: string | number): void {
  if (!canSee(scope, warehouseCode)) throw notFound(entity, key);
}

/** Operations over every warehouse at once (integrity checks) need an identity limited to none. */
export function assertUnlimited(principal: Principal): void {
  if (principal.warehouses !== null) throw new DomainError("FORBIDDEN", "this needs an identity that is not limited to some warehouses");
}

/** The rows the identity may see, in their order. */
export function visibleOnly<T>(scope: Principal | WarehouseScope, rows: readonly T[], warehouseOf: (row: T) => string | null | undefined): T[] {
  return asScope(scope) === null ? [...rows] : rows.filter((r) => canSee(scope, warehouseOf(r)));
}

/** The codes a list asked for one warehouse (or for all: null) is to be filtered on, within `scope`. */
export function codesToList(scope: WarehouseScope, wanted: string | null | undefined): WarehouseScope {
  const asked = wanted ? [wanted.trim().toUpperCase()] : null;
  return scope ? (asked ?? scope).filter((c) => scope.includes(c)) : asked;
}

/** `canSee` as an SQL condition, `param` bound to `scopeOf(principal)` (defined in the shared kernel, for its queries). */
export { sqlVisible } from "../domain/shared/visible-sql";

/** `canSee` as a Prisma filter, for models with an optional `warehouse` relation. */
export const prismaVisible = (scope: WarehouseScope) =>
  scope === null ? {} : { OR: [{ warehouseId: null }, { warehouse: { code: { in: [...scope] } } }] };

/** A scope as it is allowed to be granted: absent = all, else a non-empty list of non-empty codes (normalized). */
export function parseWarehouseList(value: unknown, fail: (reason: string) => Error): string[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) throw fail("warehouses must be a list of warehouse codes");
  if (value.length === 0) throw fail("warehouses must name at least one warehouse (leave it out for all)");
  const codes = value.map((v) => {
    if (typeof v !== "string" || v.trim() === "") throw fail("warehouses must be a list of non-empty warehouse codes");
    return v.trim().toUpperCase();
  });
  return [...new Set(codes)];
}

/** A scope granted by `grantor` (an API key it creates) must lie within the grantor's own. */
export function assertWithin(grantor: Principal, granted: WarehouseScope): void {
  const own = grantor.warehouses;
  if (own === null) return;
  if (granted === null) throw new DomainError("FORBIDDEN", "an identity limited to some warehouses can grant only those; name them");
  const outside = granted.filter((c) => !own.includes(c));
  if (outside.length) throw new DomainError("FORBIDDEN", `not allowed in warehouse ${outside.join(", ")}`, { warehouses: outside });
}

const asScope = (s: Principal | WarehouseScope): WarehouseScope => (s === null || Array.isArray(s) ? (s as WarehouseScope) : (s as Principal).warehouses);
