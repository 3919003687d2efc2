import type { Principal } from "../../auth/principal";
import { assertVisible, prismaVisible, scopeOf, visibleOnly, type WarehouseScope } from "../../auth/warehouse-scope";
import type { PrismaClient } from "../../generated/prisma/client";
import { writeAudit } from "../security/audit";
import { DomainError, notFound } from "../shared/domain-error";
import type { ExceptionType } from "./exception.store";

export type ExceptionStatus = "OPEN" | "ACKNOWLEDGED" | "RESOLVED";

export interface ExceptionFilter {
  types?: ExceptionType[];
  statuses?: ExceptionStatus[];
  materialId?: number;
  workOrderId?: number;
}

/** The exception inbox: list, acknowledge, resolve. Exceptions themselves are raised by the rules. */
export class ExceptionService {
  constructor(private readonly prisma: PrismaClient) {}

  /** Oldest first, those of the warehouses of `scope` and of none. */
  async page(filter: ExceptionFilter, scope: WarehouseScope, afterId: number, limit: number) {
    const where = {
      ...prismaVisible(scope),
      ...(filter.types?.length ? { type: { in: filter.types } } : {}),
      ...(filter.statuses?.length ? { status: { in: filter.statuses } } : {}),
      ...(filter.materialId ? { materialId: filter.materialId } : {}),
      ...(filter.workOrderId ? { workOrderId: filter.workOrderId } : {}),
    };
    const [rows, total] = await Promise.all([
      this.prisma.exception.findMany({ where: { ...where, id: { gt: afterId } }, orderBy: { id: "asc" }, take: limit + 1 }),
      this.prisma.exception.count({ where }),
    ]);
    return { rows: rows.slice(0, limit).map((r) => withVisibleSuggestions(r, scope)), hasNextPage: rows.length > limit, total };
  }

  /** OPEN → ACKNOWLEDGED → RESOLVED; going back is refused. */
  async setStatus(id: number, status: "ACKNOWLEDGED" | "RESOLVED", actor: Principal) {
    return this.prisma.$transaction(async (tx) => {
      const current = await tx.exception.findUnique({ where: { id }, include: { warehouse: { select: { code: true } } } });
      if (!current) throw notFound("Exception", id);
      assertVisible(actor, current.warehouse?.code, "Exception", id);
      const order: ExceptionStatus[] = ["OPEN", "ACKNOWLEDGED", "RESOLVED"];
      if (order.indexOf(status) <= order.indexOf(current.status)) {
        throw new DomainError("INVALID_STATE", `exception ${id} is already ${current.status}`);
      }
      const row = await tx.exception.update({
        where: { id },
        data: { status, resolvedAt: status === "RESOLVED" ? new Date() : undefined },
      });
      await writeAudit(tx, actor, "Exception", id, status.toLowerCase(), {});
      return withVisibleSuggestions(row, scopeOf(actor));
    });
  }
}

/** A shortage's suggestions name where stock is free: those in warehouses out of scope are left out. */
function withVisibleSuggestions<T extends { details: unknown }>(row: T, scope: WarehouseScope): T {
  const details = row.details as { suggestions?: { warehouseCode: string }[] } | null;
  if (!Array.isArray(details?.suggestions)) return row;
  return { ...row, details: { ...details, suggestions: visibleOnly(scope, details.suggestions, (s) => s.warehouseCode) } };
}
