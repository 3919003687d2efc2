import { registerEnumType } from "type-graphql";

/**
 * Who may do what. Operations list the roles allowed (`@Authorized(...)`); ADMIN may do everything.
 * - VIEWER: read the graph
 * - STOREKEEPER: post stock movements and scans, run work orders on the floor
 * - PLANNER: master data, BOMs, demand, MRP, work orders
 * - INTEGRATION: ERP and devices: receipts, demand, master-data sync, scans
 * - ADMIN: credentials and everything else
 */
export enum Role {
  VIEWER = "VIEWER",
  STOREKEEPER = "STOREKEEPER",
  PLANNER = "PLANNER",
  INTEGRATION = "INTEGRATION",
  ADMIN = "ADMIN",
}
registerEnumType(Role, { name: "Role", description: "What an identity may do; ADMIN may do everything" });

/** Every role may read. */
export const READ = [Role.VIEWER, Role.STOREKEEPER, Role.PLANNER, Role.INTEGRATION] as const;
export const MASTER_DATA = [Role.PLANNER, Role.INTEGRATION] as const;
export const STOCK = [Role.STOREKEEPER, Role.INTEGRATION] as const;
export const PLANNING = [Role.PLANNER] as const;
/** Lot QC (hold, release, reject): there is no QUALITY role; planners, and QC stations or devices through INTEGRATION. */
export const QUALITY = [Role.PLANNER, Role.INTEGRATION] as const;

export function parseRoles(values: unknown): Role[] {
  if (!Array.isArray(values)) return [];
  return values.map((v) => String(v).toUpperCase()).filter((v): v is Role => v in Role);
}

/** Who may run bulk imports at all; each kind of import names its own roles among these (src/domain/imports/kinds). */
export const IMPORT = [Role.PLANNER, Role.INTEGRATION, Role.STOREKEEPER] as const;
