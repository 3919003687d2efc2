import type { PushableRun, TransferLine } from "../../domain/planning/plan-export.queries";
import type { ErpRequest } from "./erp-client";
import { mapLine, type FieldMap, type SuggestionLine } from "../../runtime/erp-field-map";

/**
 * The run's purchase suggestions as ERP requests of up to `size` lines, in suggestion id order. A batch's
 * idempotency key names the run and the first and last suggestion in it, so the same lines always go
 * under the same key, whether pushed again, replayed from a dead letter, or read with another batch size.
 */
export async function* suggestionBatches(
  readLines: (runId: number, afterId: number, limit: number) => Promise<SuggestionLine[]>,
  run: PushableRun,
  size: number,
  fieldMap: FieldMap,
): AsyncGenerator<ErpRequest> {
  const batches = batchesOf(run, size);
  let afterId = 0;
  for (let batch = 1; batch <= batches; batch++) {
    const lines = await readLines(run.id, afterId, size);
    if (lines.length === 0) return;
    afterId = lines[lines.length - 1].suggestionId;
    yield {
      idempotencyKey: `mrp-run-${run.id}-suggestions-${lines[0].suggestionId}-${afterId}`,
      body: { runId: run.id, warehouseCode: run.warehouseCode, batch, batches, suggestions: lines.map((l) => mapLine(l, fieldMap)) },
    };
  }
}

/** A run's batches: its purchase suggestions', then its planned transfers'. */
const batchesOf = (run: PushableRun, size: number) => Math.ceil(run.lines / size) + Math.ceil(run.transfers / size);

/**
 * The run's planned transfers (a multi-warehouse run's, into its warehouse) as ERP requests after its purchase
 * suggestions, numbered on from them, each with `transfers` instead of `suggestions` (the hub's field names) and a
 * key of its own naming the first and last transfer. A run without transfers sends none.
 */
export async function* transferBatches(
  readLines: (runId: number, afterId: number, limit: number) => Promise<TransferLine[]>,
  run: PushableRun,
  size: number,
): AsyncGenerator<ErpRequest> {
  const batches = batchesOf(run, size);
  let afterId = 0;
  for (let batch = Math.ceil(run.lines / size) + 1; batch <= batches; batch++) {
    const lines = await readLines(run.id, afterId, size);
    if (lines.length === 0) return;
    afterId = lines[lines.length - 1].transferId;
    yield { idempotencyKey: `mrp-run-${run.id}-transfers-${lines[0].transferId}-${afterId}`, body: { runId: run.id, warehouseCode: run.warehouseCode, batch, batches, transfers: lines } };
  }
}
