/**
 * The console's pages: one line per page (each page's helper adds its own). `path` under /console, `label` an
 * i18n key of the menu (`shell:pages.<namespace>`), `roles` who is offered the page (absent: everyone signed in),
 * then the page's module and its dictionary (its namespace), fetched together when the page is first shown or
 * when the console starts at its address (`preloadPage`).
 */
import { type ComponentType } from "react";
import { useTranslation } from "react-i18next";
import { addDictionary, type Dictionary } from "../i18n";
import { loading, useLoaded } from "./loaded";
import type { Role } from "./roles";

export interface ConsoleRoute {
  path: string;
  label: string;
  roles?: readonly Role[];
  page: ComponentType;
  load(): Promise<unknown>;
}

/**
 * A page's chunk and its words, loaded once: the page renders when both are in, its words added first; until
 * then a line saying it loads (not a Suspense fallback: ./loaded.ts says why).
 */
function page(namespace: string, module: () => Promise<{ default: ComponentType }>, words: () => Promise<{ default: Dictionary }>) {
  let loaded: Promise<{ default: ComponentType }> | undefined;
  const load = () =>
    (loaded ??= loading(
      Promise.all([module(), words()]).then(([m, w]) => {
        addDictionary(namespace, w.default);
        return m;
      }),
    ));
  function Page() {
    const { t } = useTranslation("shell");
    const Loaded = useLoaded(load())?.default;
    return Loaded ? <Loaded /> : <p className="loading">{t("loading")}</p>;
  }
  return { page: Page, load };
}

export const routes: ConsoleRoute[] = [
  { path: "overview", label: "shell:pages.overview", ...page("overview", () => import("../pages/overview/OverviewPage"), () => import("../pages/overview/i18n")) },
  { path: "materials", label: "shell:pages.materials", ...page("materials", () => import("../pages/materials/MaterialsPage"), () => import("../pages/materials/i18n")) },
  { path: "planning", label: "shell:pages.planning", ...page("planning", () => import("../pages/planning/PlanningPage"), () => import("../pages/planning/i18n")) },
  { path: "work-orders", label: "shell:pages.workOrders", ...page("workOrders", () => import("../pages/work-orders/WorkOrdersPage"), () => import("../pages/work-orders/i18n")) },
  { path: "exceptions", label: "shell:pages.exceptions", ...page("exceptions", () => import("../pages/exceptions/ExceptionsPage"), () => import("../pages/exceptions/i18n")) },
  { path: "devices", label: "shell:pages.devices", ...page("devices", () => import("../pages/devices/DevicesPage"), () => import("../pages/devices/i18n")) },
  { path: "integrations", label: "shell:pages.integrations", ...page("integrations", () => import("../pages/integrations/IntegrationsPage"), () => import("../pages/integrations/i18n")) },
  { path: "storekeeper", label: "shell:pages.storekeeper", roles: ["STOREKEEPER", "INTEGRATION", "PLANNER"], ...page("storekeeper", () => import("../pages/storekeeper/StorekeeperPage"), () => import("../pages/storekeeper/i18n")) },
];

/**
 * Starts loading the page at `pathname` (under the console's base), so that its code and words arrive while the
 * console starts and asks the graph who is signed in, rather than after. A failure is not lost: the page gets the
 * same promise and throws its error when rendered.
 */
export function preloadPage(pathname: string, basename: string): void {
  const first = pathname.startsWith(`${basename}/`) ? pathname.slice(basename.length + 1).split("/")[0] : undefined;
  routes.find((r) => r.path === first)?.load().catch(() => undefined);
}
