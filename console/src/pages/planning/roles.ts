/** Who may do what on this page, as src/resolvers/planning.resolver.ts decides it (ADMIN may do everything). */
import type { Role } from "../../app/roles";
export { PLANNING } from "../../app/roles";

/** demand (MPS lines) and purchase releases: planners, and the ERP through INTEGRATION */
export const DEMAND: readonly Role[] = ["PLANNER", "INTEGRATION"];
