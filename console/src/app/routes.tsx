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
  { path: "materials", label: "materials:nav", page: lazy(() => import("../pages/materials/MaterialsPage")) },
  { path: "planning", label: "planning:nav", page: lazy(() => import("../pages/planning/PlanningPage")) },
  { path: "work-orders", label: "workOrders:nav", page: lazy(() => import("../pages/work-orders/WorkOrdersPage")) },
  { path: "exceptions", label: "exceptions:nav", page: lazy(() => import("../pages/exceptions/ExceptionsPage")) },
  { path: "devices", label: "devices:nav", page: lazy(() => import("../pages/devices/DevicesPage")) },
  { path: "integrations", label: "integrations:nav", page: lazy(() => import("../pages/integrations/IntegrationsPage")) },
  { path: "storekeeper", label: "storekeeper:nav", roles: ["STOREKEEPER", "INTEGRATION", "PLANNER"], page: lazy(() => import("../pages/storekeeper/StorekeeperPage")) },
];
