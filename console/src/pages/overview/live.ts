/**
 * The overview's lists, read once and then kept current by the graph's subscriptions (no polling): each hook
 * merges the query's rows with what the events since then said. The merges are plain functions.
 */
import { useMemo } from "react";
import { useQuery, useSubscription, type CombinedError } from "urql";
import {
  OverviewAlarmClearedDocument,
  OverviewAlarmRaisedDocument,
  OverviewAlarmsDocument,
  OverviewExceptionRaisedDocument,
  OverviewExceptionsDocument,
  OverviewExceptionUpdatedDocument,
  OverviewMrpProgressDocument,
  OverviewMrpRunsDocument,
  OverviewStockLowDocument,
  type ExceptionStatus,
  type OverviewAlarmsQuery,
  type OverviewExceptionsQuery,
  type OverviewMrpRunsQuery,
  type OverviewStockLowSubscription,
} from "../../generated/graphql";

export interface Live<T> {
  rows: T[];
  /** how many there are (the lists show the first few) */
  total: number;
  error?: CombinedError;
}

const newestFirst = <T extends { at: string }>(rows: T[]) => rows.sort((a, b) => b.at.localeCompare(a.at));
const firstError = (...errors: (CombinedError | undefined)[]) => errors.find((e) => e !== undefined);

export type ExceptionRow = Omit<OverviewExceptionsQuery["exceptions"]["nodes"][number], "createdAt"> & { at: string };

/** Open exceptions: the query's, plus those raised since, less those resolved since (statuses as last heard). */
export function mergeExceptions(read: OverviewExceptionsQuery["exceptions"] | undefined, raised: ExceptionRow[], statuses: Record<string, ExceptionStatus>): { rows: ExceptionRow[]; total: number } {
  const byId = new Map<string, ExceptionRow>();
  for (const e of read?.nodes ?? []) byId.set(e.id, { ...e, at: e.createdAt });
  const added = raised.filter((e) => !byId.has(e.id)).length;
  for (const e of raised) byId.set(e.id, e);
  let closed = 0;
  for (const [id, status] of Object.entries(statuses)) {
    const row = byId.get(id);
    if (!row) continue;
    if (status === "RESOLVED") {
      byId.delete(id);
      closed++;
    } else byId.set(id, { ...row, status });
  }
  return { rows: newestFirst([...byId.values()]), total: Math.max(0, (read?.totalCount ?? 0) + added - closed) };
}

export function useOpenExceptions(): Live<ExceptionRow> {
  const [read] = useQuery({ query: OverviewExceptionsDocument });
  const [raised] = useSubscription({ query: OverviewExceptionRaisedDocument }, (prev: ExceptionRow[] = [], { exceptionRaised: e }) => [
    { id: e.exceptionId, type: e.type, severity: e.severity, status: "OPEN" as const, message: e.message, at: e.createdAt },
    ...prev,
  ]);
  const [updated] = useSubscription({ query: OverviewExceptionUpdatedDocument }, (prev: Record<string, ExceptionStatus> = {}, { exceptionUpdated: e }) => ({ ...prev, [e.exceptionId]: e.status }));
  const merged = useMemo(() => mergeExceptions(read.data?.exceptions, raised.data ?? [], updated.data ?? {}), [read.data, raised.data, updated.data]);
  return { ...merged, error: firstError(read.error, raised.error, updated.error) };
}

export type AlarmRow = Omit<OverviewAlarmsQuery["alarms"]["nodes"][number], "raisedAt"> & { at: string };

/** Active alarms: the query's, plus those raised since, less those cleared since. */
export function mergeAlarms(read: OverviewAlarmsQuery["alarms"] | undefined, raised: AlarmRow[], cleared: ReadonlySet<string>): { rows: AlarmRow[]; total: number } {
  const byId = new Map<string, AlarmRow>();
  for (const a of read?.nodes ?? []) byId.set(a.id, { ...a, at: a.raisedAt });
  const added = raised.filter((a) => !byId.has(a.id)).length;
  for (const a of raised) byId.set(a.id, a);
  let gone = 0;
  for (const id of cleared) if (byId.delete(id)) gone++;
  return { rows: newestFirst([...byId.values()]), total: Math.max(0, (read?.totalCount ?? 0) + added - gone) };
}

export function useActiveAlarms(): Live<AlarmRow> {
  const [read] = useQuery({ query: OverviewAlarmsDocument });
  const [raised] = useSubscription({ query: OverviewAlarmRaisedDocument }, (prev: AlarmRow[] = [], { alarmRaised: a }) => [
    { id: a.alarmId, deviceCode: a.deviceCode, warehouseCode: a.warehouseCode, metric: a.metric, severity: a.severity, message: a.message, value: a.value, threshold: a.threshold, at: a.createdAt },
    ...prev,
  ]);
  const [cleared] = useSubscription({ query: OverviewAlarmClearedDocument }, (prev: string[] = [], { alarmCleared: a }) => [...prev, a.alarmId]);
  const merged = useMemo(() => mergeAlarms(read.data?.alarms, raised.data ?? [], new Set(cleared.data ?? [])), [read.data, raised.data, cleared.data]);
  return { ...merged, error: firstError(read.error, raised.error, cleared.error) };
}

export type LowStockRow = Omit<OverviewStockLowSubscription["stockLow"], "createdAt"> & { at: string };

/** The latest alert per material and warehouse, newest first (events arrive in order). */
export function latestLowStock(prev: LowStockRow[], e: OverviewStockLowSubscription["stockLow"]): LowStockRow[] {
  const rest = prev.filter((r) => r.materialCode !== e.materialCode || r.warehouseCode !== e.warehouseCode);
  return [{ ...e, at: e.createdAt }, ...rest];
}

/** Low-stock alerts: those the hub still keeps (replayed from the first event), then live ones. */
export function useLowStock(): Live<LowStockRow> {
  const [alerts] = useSubscription({ query: OverviewStockLowDocument, variables: { afterEventId: "0" } }, (prev: LowStockRow[] = [], { stockLow }) => latestLowStock(prev, stockLow));
  const rows = alerts.data ?? [];
  return { rows, total: rows.length, error: alerts.error };
}

export type RunRow = OverviewMrpRunsQuery["mrpRuns"]["nodes"][number];

/** The latest run: the query's, or a newer one heard of, with its progress as last heard. */
export function latestRun(read: RunRow | undefined, heard: Record<string, Pick<RunRow, "status" | "phase" | "progress">>): RunRow | undefined {
  const newest = Object.keys(heard).sort((a, b) => Number(b) - Number(a))[0];
  if (newest !== undefined && (!read || Number(newest) > Number(read.id))) {
    return { id: newest, warehouseId: null, counts: {}, startedAt: null, finishedAt: null, ...heard[newest] };
  }
  return read && heard[read.id] ? { ...read, ...heard[read.id] } : read;
}

export function useLatestRun(): { run: RunRow | undefined; error?: CombinedError } {
  const [read, refetch] = useQuery({ query: OverviewMrpRunsDocument });
  const [progress] = useSubscription({ query: OverviewMrpProgressDocument }, (prev: Record<string, Pick<RunRow, "status" | "phase" | "progress">> = {}, { mrpRunProgress: p }) => {
    // a run that ends has counts and times to show: read it again once (not a poll: on its last event)
    if (p.status === "COMPLETED" || p.status === "FAILED") setTimeout(() => refetch({ requestPolicy: "network-only" }));
    return { ...prev, [p.runId]: { status: p.status, phase: p.phase, progress: p.percent } };
  });
  const run = useMemo(() => latestRun(read.data?.mrpRuns.nodes[0], progress.data ?? {}), [read.data, progress.data]);
  return { run, error: firstError(read.error, progress.error) };
}
