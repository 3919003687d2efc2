/**
 * Equipment failures: a work center of a warehouse (or one operation) that cannot run. Reporting one blocks
 * the operations not finished there (they may neither start nor complete: OPERATION_BLOCKED) and raises an
 * EQUIPMENT exception listing the work orders stopped and what they hold reserved; a second failure there
 * while the first is open joins its exception. Reporting the repair unblocks them, records it on the
 * exception and resolves it once none of its failures is open. A CRITICAL alarm of a device that watches
 * a work center reports a failure too (alarm-failures.ts).
 */
import { SYSTEM, type Principal } from "../../auth/principal";
import { assertVisible } from "../../auth/warehouse-scope";
import type { Database, Sql } from "../../db/database";
import type { Tx } from "../../db/transaction";
import type { Topics } from "../../events/topics";
import { deviceWithWorkCenter, setDeviceWorkCenter } from "../devices/device-work-center.store";
import { runCommand } from "../idempotency/command";
import { materialsByIds } from "../materials/material.queries";
import { allWorkCenters, workCentersByCodes, type WorkCenterRow } from "../routings";
import { writeAudit } from "../security/audit";
import { badInput, notFound } from "../shared/domain-error";
import { FieldChecks, assertValid } from "../shared/field-errors";
import { Decimal } from "../shared/quantity";
import { keyOf, type Ref } from "../shared/ref";
import { warehousesByIds } from "../sites";
import * as refs from "../stock/stock-refs";
import { blockOperations, blockOrderOperationsAt, operationOf, reservedMaterialsOf, unblockOperations, type BlockedOperation } from "../work-orders/operation-blocks.store";
import { lockWorkOrder } from "../work-orders/work-order-lock";
import { readFailureReport, type FailureReportInput } from "./equipment.rules";
import { MAX_NOTE } from "./exception.rules";
import * as store from "./exception.store";
import { alreadyRepaired, operationFinished } from "./exceptions.errors";

/** Where a failure stopped things: a work center of a warehouse, or one operation without a work center. */
interface Place {
  warehouse: { id: number; code: string };
  workCenter: WorkCenterRow | null;
  operation: { workOrderId: number; number: string; sequence: number } | null;
}

/** What reported it, besides the person or system: a device's alarm. */
interface Source {
  alarmId: number;
  deviceId: number;
  deviceCode: string;
}

export interface FailureView extends store.FailureRow {
  workCenterCode: string | null;
  warehouseCode: string;
}

export class EquipmentService {
  constructor(
    private readonly db: Database,
    private readonly ttlHours: number,
  ) {}

  /** Reports a failure named by work center and warehouse, or by work order and sequence. */
  async reportFailure(input: FailureReportInput, principal: Principal, key?: string | null) {
    const { target, description } = readFailureReport(input);
    const result = await runCommand(this.db, { principal, operation: "reportEquipmentFailure", idempotencyKey: key, payload: input, ttlHours: this.ttlHours }, async (tx) => {
      const place = target.kind === "workCenter"
        ? { workCenter: await workCenterNamed(tx, target.workCenter), warehouse: await refs.warehouse(tx, target.warehouse, principal), operation: null }
        : await this.operationPlace(tx, target.workOrder, target.sequence, principal);
      return (await this.report(tx, place, description, principal, null))!;
    });
    return { ...result, failure: await this.failureById(result.failureId, principal) };
  }

  /** The repair of a failure: unblocks its operations (or hands them to another failure still open there). */
  async reportRepaired(failureId: number, note: string | null | undefined, principal: Principal, key?: string | null) {
    const checks = new FieldChecks();
    const text = checks.optionalText(note, "note", MAX_NOTE) ?? null;
    assertValid(checks.errors);
    const { replayed } = await runCommand(this.db, { principal, operation: "reportEquipmentRepaired", idempotencyKey: key, payload: { failureId, note: text }, ttlHours: this.ttlHours }, async (tx) => {
      const reported = await store.failureById(tx, failureId);
      if (reported?.workCenterId) await store.lockWorkCenterFailures(tx, reported.workCenterId);
      const f = await store.lockFailure(tx, failureId);
      if (!f) throw notFound("EquipmentFailure", failureId);
      assertVisible(principal, await warehouseCodeOf(tx, f.warehouseId), "EquipmentFailure", failureId);
      if (f.repairedAt) throw alreadyRepaired(failureId);
      await store.markRepaired(tx, failureId, principal.id, text);
      const next = f.workCenterId === null ? null : await store.otherOpenFailureAt(tx, f.workCenterId, f.warehouseId, failureId);
      const freed = await unblockOperations(tx, failureId, next?.id ?? null);
      const exceptionId = f.exceptionId!;
      await store.recordAction(tx, exceptionId, {
        action: "EQUIPMENT_REPAIRED",
        actor: principal.id,
        details: { equipmentFailureId: failureId, note: text, ...(next ? { stillBlockedBy: next.id } : {}), operations: freed.map(operationOfRow) },
      });
      const [e] = await store.exceptionsByIds(tx, [exceptionId]);
      if (e.status !== "RESOLVED" && (await store.unrepairedFailuresOf(tx, exceptionId)) === 0) {
        const resolution = text ?? `repaired: ${f.description}`;
        await store.markResolved(tx, exceptionId, principal.id, resolution);
        await store.recordAction(tx, exceptionId, { action: "RESOLVED", actor: principal.id, details: { note: resolution } });
      }
      await writeAudit(tx, principal, "EquipmentFailure", failureId, "repaired", { note: text });
      return { failureId, exceptionId };
    });
    return { failure: await this.failureById(failureId, principal), replayed };
  }

  /**
   * A CRITICAL alarm of a device that watches a work center: a failure there, reported by the system, on
   * the EQUIPMENT exception the alarm raised. Once per alarm (a repeated event finds it reported); returns
   * the failure's id, or null when the alarm reports none.
   */
  async reportFromAlarm(alarm: Topics["alarm.raised"]): Promise<number | null> {
    if (alarm.severity !== "CRITICAL") return null;
    const { failureId } = await runCommand(this.db, { principal: SYSTEM, operation: "reportFailureFromAlarm", payload: alarm }, async (tx) => {
      const device = await deviceWithWorkCenter(tx, alarm.deviceCode);
      if (!device?.workCenterId || device.warehouseId === null) return { failureId: null };
      const workCenter = (await allWorkCenters(tx)).find((w) => w.id === device.workCenterId)!;
      const warehouse = { id: device.warehouseId, code: alarm.warehouseCode };
      const reported = await this.report(tx, { workCenter, warehouse, operation: null }, alarm.message, SYSTEM, { alarmId: alarm.alarmId, deviceId: device.id, deviceCode: device.code });
      return { failureId: reported?.failureId ?? null };
    });
    return failureId;
  }

  /** Ties a device to the work center it watches (null: to none). */
  async setDeviceWorkCenter(deviceCode: string, workCenterCode: string | null | undefined, principal: Principal, key?: string | null) {
    const payload = { deviceCode, workCenterCode: workCenterCode ?? null };
    return runCommand(this.db, { principal, operation: "setDeviceWorkCenter", idempotencyKey: key, payload, ttlHours: this.ttlHours }, async (tx) => {
      const device = await deviceWithWorkCenter(tx, deviceCode, true);
      if (!device) throw notFound("Device", deviceCode);
      assertVisible(principal, await warehouseCodeOf(tx, device.warehouseId), "Device", deviceCode);
      const workCenter = workCenterCode == null ? null : await workCenterNamed(tx, { code: workCenterCode });
      await setDeviceWorkCenter(tx, device.id, workCenter?.id ?? null);
      await writeAudit(tx, principal, "Device", device.id, "setWorkCenter", { code: device.code, workCenterCode: workCenter?.code ?? null });
      return { deviceCode: device.code, workCenterCode: workCenter?.code ?? null };
    });
  }

  /** One failure; another warehouse's is NOT_FOUND, as a missing one. */
  async failureById(id: number, principal: Principal): Promise<FailureView> {
    const f = await store.failureById(this.db.sql, id);
    const [view] = f ? await failureViews(this.db.sql, [f]) : [];
    if (!view) throw notFound("EquipmentFailure", id);
    assertVisible(principal, view.warehouseCode, "EquipmentFailure", id);
    return view;
  }

  /** The operation a report names, in the caller's scope; its work center's failure when it has one. */
  private async operationPlace(tx: Tx, workOrder: Ref, sequence: number, principal: Principal): Promise<Place> {
    const wo = await lockWorkOrder(tx, workOrder, principal);
    const op = await operationOf(tx, wo.id, sequence);
    if (!op) throw badInput(`work order ${wo.number} has no operation ${sequence}`, { field: "sequence" });
    if (op.status === "COMPLETED" || !["RELEASED", "SHORT", "IN_PROGRESS"].includes(op.orderStatus)) {
      throw operationFinished(wo.number, sequence, op.status === "COMPLETED" ? op.status : op.orderStatus);
    }
    const warehouse = { id: wo.warehouseId, code: wo.warehouseCode };
    const [workCenter] = op.workCenter ? await workCentersByCodes(tx, [op.workCenter]) : [];
    return workCenter ? { workCenter, warehouse, operation: null } : { workCenter: null, warehouse, operation: { workOrderId: wo.id, number: wo.number, sequence } };
  }

  /**
   * Records the failure, blocks what it stops and puts it on an EQUIPMENT exception: the one of a failure
   * still open at the same work center, else the one the alarm raised, else a new one. Null when the alarm
   * already reported it.
   */
  private async report(tx: Tx, place: Place, description: string, actor: Principal, source: Source | null) {
    if (place.workCenter) await store.lockWorkCenterFailures(tx, place.workCenter.id);
    const failureId = await store.insertFailure(tx, {
      workCenterId: place.workCenter?.id ?? null, warehouseId: place.warehouse.id, workOrderId: place.operation?.workOrderId ?? null,
      sequence: place.operation?.sequence ?? null, description, alarmId: source?.alarmId ?? null, deviceId: source?.deviceId ?? null, reportedBy: actor.id,
    });
    if (failureId === null) return null;
    const stopped = await blockOperations(tx, failureId, place.workCenter
      ? { workCenterCode: place.workCenter.code, warehouseId: place.warehouse.id }
      : { workOrderId: place.operation!.workOrderId, sequence: place.operation!.sequence });
    const affectedWorkOrders = await affected(tx, stopped);
    const what = place.workCenter ? `work center ${place.workCenter.code}` : `operation ${place.operation!.sequence} of ${place.operation!.number}`;
    const details = { workCenterCode: place.workCenter?.code ?? null, warehouseCode: place.warehouse.code, affectedWorkOrders };
    const links: store.NewLink[] = [
      ...(place.workCenter ? [{ kind: "WORK_CENTER" as const, targetId: place.workCenter.id, ref: place.workCenter.code }] : []),
      ...unique(stopped.map((o) => o.workOrderId)).map((id) => ({ kind: "WORK_ORDER" as const, targetId: id, ref: stopped.find((o) => o.workOrderId === id)!.workOrderNumber })),
      ...(source ? [{ kind: "DEVICE" as const, targetId: source.deviceId, ref: source.deviceCode }, { kind: "ALARM" as const, targetId: source.alarmId, ref: String(source.alarmId) }] : []),
    ];
    const joined = place.workCenter ? await store.otherOpenFailureAt(tx, place.workCenter.id, place.warehouse.id, failureId) : null;
    let exceptionId = joined?.exceptionId ?? (source ? await store.openExceptionOfAlarm(tx, source.alarmId) : null);
    if (exceptionId === null) {
      exceptionId = await store.raise(tx, {
        type: "EQUIPMENT", severity: "CRITICAL", cause: "EQUIPMENT_BREAKDOWN", warehouseId: place.warehouse.id, links,
        message: `${what} in ${place.warehouse.code} is down: ${description} (${affectedWorkOrders.length} work order(s) stopped)`,
        details: { ...details, description },
      });
    } else {
      await store.mergeDetails(tx, exceptionId, details);
      await store.link(tx, exceptionId, links);
      if (!joined) await store.markCause(tx, exceptionId, "EQUIPMENT_BREAKDOWN", null);
    }
    await store.setFailureException(tx, failureId, exceptionId);
    await store.recordAction(tx, exceptionId, {
      action: "FAILURE_REPORTED",
      actor: actor.id,
      details: { equipmentFailureId: failureId, description, blocked: stopped.filter((o) => o.blockedByFailureId === failureId).map(operationOfRow) },
    });
    await writeAudit(tx, actor, "EquipmentFailure", failureId, "report", {
      description, workCenterCode: details.workCenterCode, warehouseCode: details.warehouseCode, alarmId: source?.alarmId ?? null,
    });
    return { failureId, exceptionId };
  }
}

/** Failures with their work center's and warehouse's codes (the loader of `Exception.equipmentFailures`). */
export async function failureViews(sql: Sql, failures: readonly store.FailureRow[]): Promise<FailureView[]> {
  if (failures.length === 0) return [];
  const centers = new Map((await allWorkCenters(sql)).map((w) => [w.id, w.code]));
  const warehouses = new Map((await warehousesByIds(sql, unique(failures.map((f) => f.warehouseId)))).map((w) => [w.id, w.code]));
  return failures.map((f) => ({ ...f, workCenterCode: f.workCenterId === null ? null : centers.get(f.workCenterId)!, warehouseCode: warehouses.get(f.warehouseId)! }));
}

export async function failuresOfExceptions(sql: Sql, exceptionIds: readonly number[]): Promise<FailureView[]> {
  return failureViews(sql, await store.failuresOfExceptions(sql, exceptionIds));
}

/** The stopped work orders, each with its operations concerned and what it holds reserved. */
async function affected(tx: Tx, stopped: readonly BlockedOperation[]) {
  const orders = unique(stopped.map((o) => o.workOrderId));
  const reserved = await reservedMaterialsOf(tx, orders);
  const codes = new Map((await materialsByIds(tx, unique(reserved.map((r) => r.materialId)))).map((m) => [m.id, m.code]));
  return orders.map((id) => ({
    workOrderNumber: stopped.find((o) => o.workOrderId === id)!.workOrderNumber,
    operations: stopped.filter((o) => o.workOrderId === id).map(({ sequence, name, status }) => ({ sequence, name, status })),
    reservedMaterials: reserved
      .filter((r) => r.workOrderId === id)
      .map((r) => ({ materialCode: codes.get(r.materialId)!, reserved: new Decimal(r.reserved).toString() })),
  }));
}

const operationOfRow = (o: BlockedOperation) => ({ workOrderNumber: o.workOrderNumber, sequence: o.sequence });

const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];

async function workCenterNamed(tx: Tx, ref: Ref): Promise<WorkCenterRow> {
  const [found] = "code" in ref ? await workCentersByCodes(tx, [ref.code.trim().toUpperCase()]) : (await allWorkCenters(tx)).filter((w) => w.id === ref.id);
  if (!found) throw notFound("WorkCenter", keyOf(ref));
  return found;
}

async function warehouseCodeOf(tx: Tx, warehouseId: number | null): Promise<string | null> {
  return warehouseId === null ? null : ((await warehousesByIds(tx, [warehouseId]))[0]?.code ?? null);
}

/**
 * A work order made while a work center it runs on is down (in its warehouse): its operations there are blocked by
 * that failure from the start, and the failure's EQUIPMENT exception links the order and records the block.
 */
export async function blockIfWorkCenterDown(tx: Tx, order: { id: number; number: string; warehouseId: number }, workCenterCodes: readonly (string | null)[], actor: string): Promise<void> {
  const codes = [...new Set(workCenterCodes.filter((c): c is string => !!c).map((c) => c.toUpperCase()))];
  if (codes.length === 0) return;
  for (const center of await workCentersByCodes(tx, codes)) {
    const failure = await store.openFailureAt(tx, center.id, order.warehouseId);
    if (!failure?.exceptionId) continue;
    const sequences = await blockOrderOperationsAt(tx, failure.id, order.id, center.code);
    if (sequences.length === 0) continue;
    await store.link(tx, failure.exceptionId, [{ kind: "WORK_ORDER", targetId: order.id, ref: order.number }]);
    await store.recordAction(tx, failure.exceptionId, {
      action: "WORK_ORDER_BLOCKED", actor, details: { equipmentFailureId: failure.id, workOrder: order.number, workCenterCode: center.code, sequences },
    });
  }
}
