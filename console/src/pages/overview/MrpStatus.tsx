/** The latest MRP run: its status and, while it runs, a progress bar fed by mrpRunProgress. */
import { useTranslation } from "react-i18next";
import { ErrorBanner } from "../../components/ErrorBanner";
import { StatusBadge } from "../../components/StatusBadge";
import { useFormat } from "../../i18n/format";
import { useLatestRun } from "./live";

export function MrpStatus() {
  const { t } = useTranslation("overview");
  const format = useFormat();
  const { run, error } = useLatestRun();
  const counts = (run?.counts ?? {}) as Record<string, unknown>;
  return (
    <section className="panel" aria-labelledby="mrp-heading" data-testid="mrp-status">
      <h2 id="mrp-heading">{t("mrp.heading")}</h2>
      <ErrorBanner error={error} />
      {!run ? (
        <p className="muted">{t("mrp.none")}</p>
      ) : (
        <div className="mrp-run">
          <p>
            {t("mrp.run", { id: run.id })} <StatusBadge status={run.status} label={t(`mrp.${run.status}`)} />
            {run.phase && <span className="muted"> · {t(`mrp.${run.phase}`)}</span>}
          </p>
          <progress max={100} value={run.progress} aria-label={t("mrp.progress", { id: run.id })} />
          <p className="muted">
            {run.startedAt && t("mrp.started", { at: format.dateTime(run.startedAt) })}
            {run.finishedAt && ` · ${t("mrp.finished", { at: format.dateTime(run.finishedAt) })}`}
          </p>
          {run.status === "COMPLETED" && (
            <p>
              {t("mrp.counts", {
                plannedOrders: format.number(Number(counts.plannedOrders ?? 0)),
                purchaseSuggestions: format.number(Number(counts.purchaseSuggestions ?? 0)),
                exceptions: format.number(Number(counts.exceptions ?? 0)),
              })}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
