import { createContext, useContext } from "react";

/** What every flow needs: the warehouse worked in, its location codes (to recognise location labels), what the viewer may do. */
export interface Storekeeping {
  warehouseCode: string;
  locationCodes: ReadonlySet<string>;
  /** receive, issue, move (STOREKEEPER, INTEGRATION, ADMIN) */
  mayMoveStock: boolean;
  /** pick lists and counts (those and PLANNER) */
  mayPickAndCount: boolean;
}

export const StorekeeperContext = createContext<Storekeeping | null>(null);

export function useStorekeeping(): Storekeeping {
  const value = useContext(StorekeeperContext);
  if (!value) throw new Error("useStorekeeping outside the storekeeper page");
  return value;
}
