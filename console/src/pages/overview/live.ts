/**
 * The overview's lists, read once and then kept current by the graph's subscriptions (no polling): each hook
 * merges the query's rows with what the events since then said. The merges are plain functions.
 */
import { useEffect, useMemo, useRef } from "react";
import { useQuery, useSubscription, type CombinedError } from "urql";
import {
  OverviewAlarmClearedDocument,
  OverviewAlarmRaisedDocument,
  OverviewAlarmsDocument,
  OverviewExceptionRaisedDocument,
  OverviewExceptionsDocument,
  OverviewExceptionUpdatedDocument,
  OverviewLowStockDocument,
  OverviewMrpProgressDocument,
  OverviewMrpRunsDocument,
  OverviewStockChangedDocument,
  OverviewStockLowDocument,
  type ExceptionStatus,
  type OverviewAlarmsQuery,
  type OverviewExceptionsQuery,
  type OverviewLowStockQuery,
  type OverviewMrpRunsQuery,
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

/** A material below its reorder point now, with the time of its alert when one came while the page was open. */
export type LowStockRow = OverviewLowStockQuery["lowStock"]["nodes"][number] & { at: string | null };

const pairOf = (r: { materialCode: string; warehouseCode: string }) => `${r.materialCode}@${r.warehouseCode}`;

/** The query's rows (the most short first) with the time of each one's latest alert heard. */
export function withAlertTimes(read: OverviewLowStockQuery["lowStock"]["nodes"], alertAt: Readonly<Record<string, string>>): LowStockRow[] {
  return read.map((r) => ({ ...r, at: alertAt[pairOf(r)] ?? null }));
}

/** Whether a stock movement may end a listed material's shortage: its stock rose. */
export function risesListed(listed: ReadonlySet<string>, e: { materialCode: string; warehouseCode: string; quantity: string }): boolean {
  return Number(e.quantity) > 0 && listed.has(pairOf(e));
}

/**
 * Materials below their reorder point now (`lowStock`), read again when one falls below (stockLow) or a listed
 * one's stock rises (stockChanged: it may be back above; no event tells a recovery by itself) — once per event,
 * not a poll.
 */
export function useLowStock(): Live<LowStockRow> {
  const [read, reread] = useQuery({ query: OverviewLowStockDocument });
  const [alerts] = useSubscription({ query: OverviewStockLowDocument }, (prev: { last?: string; at: Record<string, string> } = { at: {} }, { stockLow: e }) => ({
    last: e.eventId,
    at: { ...prev.at, [pairOf(e)]: e.createdAt },
  }));
  const [changed] = useSubscription({ query: OverviewStockChangedDocument });
  const nodes = read.data?.lowStock.nodes;
  const listed = useMemo(() => new Set((nodes ?? []).map(pairOf)), [nodes]);
  const fell = alerts.data?.last;
  const rose = changed.data?.stockChanged;
  useEffect(() => {
    if (fell !== undefined) reread({ requestPolicy: "network-only" });
  }, [fell, reread]);
  // a rise is judged against the list as it is when the rise comes (a later read changes nothing of it)
  const listedNow = useRef(listed);
  listedNow.current = listed;
  useEffect(() => {
    if (rose && risesListed(listedNow.current, rose)) reread({ requestPolicy: "network-only" });
  }, [rose, reread]);
  const rows = useMemo(() => withAlertTimes(nodes ?? [], alerts.data?.at ?? {}), [nodes, alerts.data]);
  return { rows, total: read.data?.lowStock.totalCount ?? 0, error: firstError(read.error, alerts.error, changed.error) };
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
