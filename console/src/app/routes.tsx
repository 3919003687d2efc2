/**
 * The console's pages: one line per page (each page's helper adds its own). `path` under /console, `label` an
 * i18n key (`<namespace>:<key>`), `roles` who is offered the page (absent: everyone signed in).
 */
import { lazy, type ComponentType, type LazyExoticComponent } from "react";
import type { Role } from "./roles";

export interface ConsoleRoute {
  path: string;
  label: string;
  roles?: readonly Role[];
  page: LazyExoticComponent<ComponentType>;
}

export const routes: ConsoleRoute[] = [
  { path: "overview", label: "overview:nav", page: lazy(() => import("../pages/overview/OverviewPage")) },
  { path: "storekeeper", label: "storekeeper:nav", roles: ["STOREKEEPER", "INTEGRATION", "PLANNER"], page: lazy(() => import("../pages/storekeeper/StorekeeperPage")) },
];
