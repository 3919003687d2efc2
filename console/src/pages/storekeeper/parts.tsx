import { useId, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ScanInput } from "../../components/ScanInput";
import { problemKeys, type Problem } from "./problem";

/** The one thing to do now, in big letters, with what was scanned so far and a way to start over. */
export function StepPrompt({ step, of, children, facts, onRestart }: { step: number; of: number; children: ReactNode; facts?: [string, string][]; onRestart?: () => void }) {
  const { t } = useTranslation("storekeeper");
  return (
    <section className="sk-step" aria-live="polite">
      <p className="sk-step__count">{t("step", { step, of })}</p>
      <h2 className="sk-step__prompt" data-testid="sk-prompt">{children}</h2>
      {facts && facts.length > 0 && (
        <dl className="sk-facts">
          {facts.map(([k, v]) => (
            <div key={k}><dt>{k}</dt><dd>{v}</dd></div>
          ))}
        </dl>
      )}
      {onRestart && <button type="button" className="sk-button sk-button--quiet" onClick={onRestart}>{t("restart")}</button>}
    </section>
  );
}

/** A refusal, translated (the graph's own message beneath, as sent). */
export function ProblemBanner({ problem }: { problem: Problem | null }) {
  const { t } = useTranslation("storekeeper");
  if (!problem) return null;
  return (
    <div className="sk-problem" role="alert" data-testid="sk-problem" data-code={problem.code}>
      <strong>{t(problemKeys(problem), { ...problem.values, defaultValue: t("errors.unknown", { code: problem.code }) })}</strong>
      {problem.message && <small>{problem.message}</small>}
    </div>
  );
}

export function Success({ children }: { children: ReactNode }) {
  return <div className="sk-success" role="status" data-testid="sk-success">{children}</div>;
}

/** The scan field of a step, with the page's labels. */
export function Scan({ label, onScan, busy }: { label: string; onScan(code: string): void; busy?: boolean }) {
  const { t } = useTranslation("storekeeper");
  return <ScanInput label={label} onScan={onScan} busy={busy} keyboardLabel={t("keyboard")} />;
}

/** A quantity with big − and + buttons; Enter (or the button) goes on. Decimals as the graph takes them (strings). */
export function QuantityField({ label, value, unit, onChange, onSubmit, submitLabel, warn = false, busy = false }: {
  label: string; value: string; unit?: string; onChange(v: string): void; onSubmit(): void; submitLabel: string; warn?: boolean; busy?: boolean;
}) {
  const id = useId();
  const { t } = useTranslation("storekeeper");
  const step = (d: number) => {
    const n = Number(value || "0") + d;
    onChange(String(Math.max(0, Math.round(n * 1e6) / 1e6)));
  };
  return (
    <form className="sk-quantity" onSubmit={(e) => { e.preventDefault(); if (!busy) onSubmit(); }}>
      <label htmlFor={id}>{label}{unit ? ` (${unit})` : ""}</label>
      <div className="sk-quantity__row">
        <button type="button" className="sk-button sk-button--square" aria-label={t("less")} onClick={() => step(-1)}>−</button>
        <input id={id} className="sk-quantity__field" inputMode="decimal" autoComplete="off" autoFocus value={value} onChange={(e) => onChange(e.target.value.trim())} />
        <button type="button" className="sk-button sk-button--square" aria-label={t("more")} onClick={() => step(1)}>+</button>
      </div>
      <button type="submit" className={`sk-button sk-button--primary${warn ? " sk-button--warn" : ""}`} disabled={busy}>{submitLabel}</button>
    </form>
  );
}

/** Big buttons to choose from (an order, a list, a session); each may also be scanned by its number. */
export function Choices<T>({ items, keyOf, render, onChoose, empty }: { items: T[]; keyOf(item: T): string; render(item: T): ReactNode; onChoose(item: T): void; empty: string }) {
  if (items.length === 0) return <p className="sk-empty">{empty}</p>;
  return (
    <ul className="sk-choices">
      {items.map((item) => (
        <li key={keyOf(item)}>
          <button type="button" className="sk-button sk-choice" onClick={() => onChoose(item)}>{render(item)}</button>
        </li>
      ))}
    </ul>
  );
}

/** A quantity the graph would take: a non-negative decimal (zero only where `allowZero`). */
export function isQuantity(value: string, allowZero = false): boolean {
  return /^\d+(\.\d+)?$/.test(value) && (allowZero || Number(value) > 0);
}
