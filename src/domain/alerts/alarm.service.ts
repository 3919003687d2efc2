import type { Principal } from "../../auth/principal";
import type { PrismaClient } from "../../generated/prisma/client";
import { writeAudit } from "../security/audit";
import { notFound } from "../shared/domain-error";
import { assertVisible, codesToList, type WarehouseScope } from "../../auth/warehouse-scope";

export interface AlarmFilter {
  /** true: not cleared yet; false: cleared; absent: all */
  open?: boolean | null;
  warehouseCode?: string | null;
}

const WITH_DEVICE = { device: { select: { code: true, warehouse: { select: { code: true } } } } } as const;

/** Sensor alarms for people: list and acknowledge. Alarms are raised and cleared by readings (alarm-rules.ts). */
export class AlarmService {
  constructor(private readonly prisma: PrismaClient) {}

  /** Newest first; a warehouse-scoped identity sees the alarms of its warehouses only. */
  async page(filter: AlarmFilter, scope: WarehouseScope, afterId: number, limit: number) {
    const codes = codesToList(scope, filter.warehouseCode);
    const where = {
      ...(filter.open === true ? { clearedAt: null } : filter.open === false ? { clearedAt: { not: null } } : {}),
      ...(codes ? { device: { warehouse: { code: { in: [...codes] } } } } : {}),
    };
    const [rows, total] = await Promise.all([
      this.prisma.alarm.findMany({ where: { ...where, ...(afterId ? { id: { lt: afterId } } : {}) }, include: WITH_DEVICE, orderBy: { id: "desc" }, take: limit + 1 }),
      this.prisma.alarm.count({ where }),
    ]);
    return { rows: rows.slice(0, limit), hasNextPage: rows.length > limit, total };
  }

  /** Someone has seen the alarm; acknowledging it again changes nothing. It stays open until readings clear it. */
  async acknowledge(id: number, actor: Principal) {
    return this.prisma.$transaction(async (tx) => {
      const alarm = await tx.alarm.findUnique({ where: { id }, include: WITH_DEVICE });
      if (!alarm) throw notFound("Alarm", id);
      assertVisible(actor, alarm.device.warehouse?.code, "Alarm", id);
      if (alarm.acknowledgedAt) return alarm;
      const updated = await tx.alarm.update({ where: { id }, data: { acknowledgedAt: new Date() }, include: WITH_DEVICE });
      await writeAudit(tx, actor, "Alarm", id, "acknowledge", {});
      return updated;
    });
  }
}
