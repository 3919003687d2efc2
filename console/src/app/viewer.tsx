/** The signed-in identity, from the graph (`me`): its id, roles and warehouses; `can(roles)` for what to offer. */
import { createContext, useContext, type ReactNode } from "react";
import type { ViewerQuery } from "../generated/graphql";
import { may, type Role } from "./roles";

export interface Viewer {
  id: string;
  kind: string;
  roles: readonly Role[];
  /** null: every warehouse */
  warehouses: readonly string[] | null;
  can(allowed: readonly Role[] | undefined): boolean;
}

const ViewerContext = createContext<Viewer | null>(null);

export function ViewerProvider({ me, children }: { me: ViewerQuery["me"]; children: ReactNode }) {
  const viewer: Viewer = { ...me, can: (allowed) => may(me.roles, allowed) };
  return <ViewerContext.Provider value={viewer}>{children}</ViewerContext.Provider>;
}

export function useViewer(): Viewer {
  const viewer = useContext(ViewerContext);
  if (!viewer) throw new Error("useViewer outside ViewerProvider");
  return viewer;
}
