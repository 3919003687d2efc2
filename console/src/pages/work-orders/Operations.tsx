/**
 * An order's operations: status, good and scrap quantities, and — for the floor (storekeepers, integrations,
 * planners) — start a pending operation, or complete a started one with its good and scrap quantities
 * (completeOperation backflushes its components; the last one receives the finished goods).
 */
import { useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";
import { STOCK, type Role } from "../../app/roles";
import { useViewer } from "../../app/viewer";
import { ErrorBanner } from "../../components/ErrorBanner";
import { newIdempotencyKey } from "../../components/idempotency-key";
import { StatusBadge } from "../../components/StatusBadge";
import { Table } from "../../components/Table";
import { WorkOrderCompleteOperationDocument, WorkOrderStartOperationDocument } from "../../generated/graphql";
import { useFormat } from "../../i18n/format";
import type { Order } from "./WorkOrderDetail";

/** startOperation, completeOperation (src/resolvers/work-order.resolver.ts) */
const FLOOR: readonly Role[] = [...STOCK, "PLANNER"];
const RUNNING = ["RELEASED", "IN_PROGRESS"];

type Operation = Order["operations"][number];

/** Each action answers with the WorkOrder: urql's cache reads the queries holding it again. */
export function Operations({ order }: { order: Order }) {
  const { t } = useTranslation("workOrders");
  const f = useFormat();
  const floor = useViewer().can(FLOOR) && RUNNING.includes(order.status);
  const [started, start] = useMutation(WorkOrderStartOperationDocument);
  const [completing, setCompleting] = useState<Operation | null>(null);
  const [done, setDone] = useState<number | null>(null);
  const uom = order.material.uomCode;

  const action = (op: Operation) => {
    if (!floor || op.blockedByFailureId) return op.blockedByFailureId ? <span className="muted">{t("blocked")}</span> : null;
    if (op.status === "PENDING") {
      return (
        <button
          type="button"
          disabled={started.fetching}
          onClick={() => void start({ number: order.number, sequence: op.sequence, idempotencyKey: newIdempotencyKey() })}
        >
          {t("start")} {op.sequence}
        </button>
      );
    }
    if (op.status === "STARTED") {
      return (
        <button type="button" onClick={() => setCompleting(op)}>
          {t("complete")} {op.sequence}
        </button>
      );
    }
    return null;
  };

  return (
    <div className="panel">
      <Table
        caption={t("operations")}
        rows={order.operations}
        rowKey={(op) => String(op.sequence)}
        empty="—"
        columns={[
          { key: "seq", header: "#", align: "right", cell: (op) => op.sequence },
          { key: "name", header: t("operation"), cell: (op) => op.name },
          { key: "wc", header: t("workCenter"), cell: (op) => op.workCenter ?? "—" },
          { key: "planned", header: t("planned"), align: "right", cell: (op) => f.number(op.plannedMinutes) },
          { key: "status", header: t("statusFilter"), cell: (op) => <StatusBadge status={op.status} label={t(`opStatus.${op.status}`)} /> },
          { key: "good", header: t("good"), align: "right", cell: (op) => f.quantity(op.goodQuantity, uom) },
          { key: "scrap", header: t("scrap"), align: "right", cell: (op) => f.quantity(op.scrapQuantity, uom) },
          { key: "action", header: <span className="visually-hidden">{t("start")}</span>, cell: action },
        ]}
      />
      <ErrorBanner error={started.error} />
      {done !== null && (
        <p role="status" className="muted">
          {t("done", { sequence: done })}
        </p>
      )}
      {completing && (
        <CompleteForm
          order={order}
          operation={completing}
          onClose={(completed) => {
            setCompleting(null);
            if (completed) setDone(completing.sequence);
          }}
        />
      )}
    </div>
  );
}

function CompleteForm({ order, operation, onClose }: { order: Order; operation: Operation; onClose: (completed: boolean) => void }) {
  const { t } = useTranslation("workOrders");
  const [result, complete] = useMutation(WorkOrderCompleteOperationDocument);
  const open = Number(order.quantity) - Number(operation.goodQuantity) - Number(operation.scrapQuantity);
  const [good, setGood] = useState(String(Math.max(open, 0)));
  const [scrap, setScrap] = useState("0");
  // one key per attempt: submitting again after a lost answer does not complete twice; after a refusal, a new one
  const key = useRef(newIdempotencyKey());

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const input = { number: order.number, sequence: operation.sequence, goodQuantity: good.trim(), scrapQuantity: scrap.trim() || "0" };
    const r = await complete({ input, idempotencyKey: key.current });
    if (r.error?.graphQLErrors.length) key.current = newIdempotencyKey();
    else if (!r.error) onClose(true);
  };

  return (
    <form className="form-row" onSubmit={submit} aria-label={t("completeOp", { sequence: operation.sequence })}>
      <strong>{t("completeOp", { sequence: operation.sequence })}</strong>
      <label className="field">
        {t("goodQuantity")}
        <input type="text" inputMode="decimal" name="goodQuantity" value={good} onChange={(e) => setGood(e.target.value)} required />
      </label>
      <label className="field">
        {t("scrapQuantity")}
        <input type="text" inputMode="decimal" name="scrapQuantity" value={scrap} onChange={(e) => setScrap(e.target.value)} />
      </label>
      <button type="submit" className="primary" disabled={result.fetching}>
        {t("confirm")}
      </button>
      <button type="button" onClick={() => onClose(false)}>
        {t("cancel")}
      </button>
      <ErrorBanner error={result.error} />
    </form>
  );
}
