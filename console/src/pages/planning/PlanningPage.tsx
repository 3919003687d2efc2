/**
 * Planning for one warehouse (?warehouse=<code>): start an MRP run and follow it live (mrpRunProgress), the
 * current plan's purchase suggestions and planned orders with their pegging, released from here; the MPS lines;
 * a what-if against the current plan; and the capacity load per work center. Actions are offered to the roles
 * that may take them.
 */
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { useQuery, useSubscription } from "urql";
import { useViewer } from "../../app/viewer";
import { ErrorBanner } from "../../components/ErrorBanner";
import { Tabs } from "../../components/Tabs";
import { PlanningRunProgressDocument, PlanningWarehousesDocument, type PlanningRunProgressSubscription } from "../../generated/graphql";
import { CapacityPanel } from "./CapacityPanel";
import { MpsPanel } from "./MpsPanel";
import { RunPanel } from "./RunPanel";
import { PLANNING } from "./roles";
import { SuppliesPanel } from "./SuppliesPanel";
import { WhatIfPanel } from "./WhatIfPanel";
import "../../components/forms.css";
import "./planning.css";

export type RunProgress = PlanningRunProgressSubscription["mrpRunProgress"];
export interface PlanningWarehouse {
  id: string;
  code: string;
  name: string;
}

export default function PlanningPage() {
  const { t } = useTranslation("planning");
  const viewer = useViewer();
  const [params, setParams] = useSearchParams();
  const [{ data, error }] = useQuery({ query: PlanningWarehousesDocument });
  const { progress, planVersion } = useRunProgress();
  const warehouses = data?.warehouses ?? [];
  const warehouse = warehouses.find((w) => w.code === params.get("warehouse")) ?? warehouses.find((w) => w.kind === "PLANT") ?? warehouses[0];
  const set = (key: string, value: string) => setParams((p) => ({ ...Object.fromEntries(p), [key]: value }), { replace: true });
  return (
    <section>
      <h1>{t("heading")}</h1>
      <ErrorBanner error={error} />
      {warehouse && (
        <>
          <label className="field inline-field">
            <span>{t("warehouse")}</span>
            <select name="warehouse" value={warehouse.code} onChange={(e) => set("warehouse", e.target.value)}>
              {warehouses.map((w) => (
                <option key={w.id} value={w.code}>
                  {w.code} · {w.name}
                </option>
              ))}
            </select>
          </label>
          <Tabs
            label={t("tabs.label")}
            selected={params.get("tab") ?? "plan"}
            onSelect={(id) => set("tab", id)}
            tabs={[
              {
                id: "plan",
                label: t("tabs.plan"),
                panel: () => (
                  <>
                    <RunPanel warehouse={warehouse} progress={progress} planVersion={planVersion} />
                    <SuppliesPanel key={warehouse.id} warehouse={warehouse} planVersion={planVersion} />
                  </>
                ),
              },
              { id: "mps", label: t("tabs.mps"), panel: () => <MpsPanel key={warehouse.id} warehouse={warehouse} /> },
              ...(viewer.can(PLANNING) ? [{ id: "whatIf", label: t("tabs.whatIf"), panel: () => <WhatIfPanel key={warehouse.id} warehouse={warehouse} /> }] : []),
              { id: "capacity", label: t("tabs.capacity"), panel: () => <CapacityPanel /> },
            ]}
          />
        </>
      )}
    </section>
  );
}

/**
 * Every run's latest progress, live (one subscription while the page is open, so a run started here or
 * elsewhere is followed from its first event), and a counter that moves when a run finishes: the plan changed.
 */
function useRunProgress() {
  const [{ data }] = useSubscription<PlanningRunProgressSubscription, Record<string, RunProgress>>(
    { query: PlanningRunProgressDocument },
    (seen = {}, event) => ({ ...seen, [event.mrpRunProgress.runId]: event.mrpRunProgress }),
  );
  const progress = data ?? {};
  const [planVersion, setPlanVersion] = useState(0);
  const finished = useRef(new Set<string>());
  useEffect(() => {
    for (const p of Object.values(progress)) {
      if ((p.status === "COMPLETED" || p.status === "FAILED") && !finished.current.has(p.runId)) {
        finished.current.add(p.runId);
        setPlanVersion((v) => v + 1);
      }
    }
  }, [progress]);
  return { progress, planVersion };
}
