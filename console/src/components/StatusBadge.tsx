/**
 * A status as a coloured badge with its translated name. The tone comes from the status (a small shared map of
 * the graph's statuses and severities) unless given; the label is the page's translation when given, else the
 * shell's (`shell:status.<STATUS>`), else the status itself.
 */
import { useTranslation } from "react-i18next";

export type Tone = "ok" | "warn" | "bad" | "info" | "neutral";

const TONES: Record<string, Tone> = {
  OPEN: "warn",
  ACKNOWLEDGED: "info",
  ASSIGNED: "info",
  RESOLVED: "ok",
  CLOSED: "neutral",
  ACTIVE: "bad",
  CLEARED: "ok",
  RUNNING: "info",
  QUEUED: "info",
  COMPLETED: "ok",
  SUCCEEDED: "ok",
  FAILED: "bad",
  CANCELLED: "neutral",
  PLANNED: "neutral",
  RELEASED: "info",
  IN_PROGRESS: "info",
  SHORT: "bad",
  HELD: "warn",
  CRITICAL: "bad",
  HIGH: "bad",
  MEDIUM: "warn",
  WARNING: "warn",
  LOW: "info",
  INFO: "info",
  HEALTHY: "ok",
  DEGRADED: "warn",
  DOWN: "bad",
};

export function StatusBadge({ status, tone, label }: { status: string; tone?: Tone; label?: string }) {
  const { t } = useTranslation("shell");
  return (
    <span className={`badge badge-${tone ?? TONES[status] ?? "neutral"}`} data-status={status}>
      {label ?? t(`status.${status}`, { defaultValue: status })}
    </span>
  );
}
