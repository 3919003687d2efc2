/**
 * What a role may do, as the hub decides it (src/auth/roles.ts): ADMIN may do everything, every role may
 * read. Pages hide what the signed-in viewer's roles may not do: `useViewer().can(STOCK)`.
 */
import type { Role } from "../generated/graphql";

export type { Role };
export const READ: readonly Role[] = ["VIEWER", "STOREKEEPER", "PLANNER", "INTEGRATION"];
export const MASTER_DATA: readonly Role[] = ["PLANNER", "INTEGRATION"];
export const STOCK: readonly Role[] = ["STOREKEEPER", "INTEGRATION"];
export const PLANNING: readonly Role[] = ["PLANNER"];
export const QUALITY: readonly Role[] = ["PLANNER", "INTEGRATION"];

export function may(roles: readonly Role[], allowed: readonly Role[] | undefined): boolean {
  return !allowed || roles.includes("ADMIN") || allowed.some((r) => roles.includes(r));
}
