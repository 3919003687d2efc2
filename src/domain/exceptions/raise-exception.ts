import type { Prisma } from "../../generated/prisma/client";
import { writeEvent } from "../../events/outbox";

export type ExceptionType = "SHORTAGE" | "QUALITY" | "EQUIPMENT" | "LATE" | "EXCESS" | "UNCOVERED_DEMAND";

export interface NewException {
  type: ExceptionType;
  severity?: "INFO" | "WARNING" | "CRITICAL";
  message: string;
  details?: Record<string, unknown>;
  materialId?: number;
  warehouseId?: number;
  workOrderId?: number;
  mrpRunId?: number;
}

/** Records an exception and its `exception.raised` event in the caller's transaction. */
export async function raiseException(tx: Prisma.TransactionClient, e: NewException) {
  const row = await tx.exception.create({
    data: {
      type: e.type,
      severity: e.severity ?? "WARNING",
      message: e.message,
      details: (e.details ?? {}) as Prisma.InputJsonValue,
      materialId: e.materialId,
      warehouseId: e.warehouseId,
      workOrderId: e.workOrderId,
      mrpRunId: e.mrpRunId,
    },
  });
  await writeEvent(tx, "exception.raised", {
    exceptionId: row.id,
    type: row.type,
    severity: row.severity,
    message: row.message,
    materialId: row.materialId,
    warehouseId: row.warehouseId,
    workOrderId: row.workOrderId,
  });
  return row;
}
