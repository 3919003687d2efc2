/**
 * Pick lists: what to take out of stock for a work order (its open reservations) or a transfer order
 * (free stock for what is not shipped yet), stop by stop in walking order. Each line is confirmed by a
 * scan (location, material/lot, quantity) that issues the stock through the work order's issue or the
 * transfer's shipment; a short pick books off what the bin was shown not to hold, raises a SHORTAGE
 * exception and has the work order follow its shortage policy. And where to put a receipt away.
 */
import type { Principal } from "../../auth/principal";
import { assertVisible, codesToList, type WarehouseScope } from "../../auth/warehouse-scope";
import type { Database } from "../../db/database";
import type { Tx } from "../../db/transaction";
import type { Config } from "../../runtime/config";
import { writeEvent } from "../../events/outbox";
import { raiseException, recordAction } from "../exceptions";
import { runCommand } from "../idempotency/command";
import { writeAudit } from "../security/audit";
import { badInput, conflict, DomainError, notFound } from "../shared/domain-error";
import { Decimal } from "../shared/quantity";
import { namedIn, optionalNamedIn, optionalOrderIn, orderArg, type Named, type Ref } from "../shared/ref";
import type { LocationRow, SiteService } from "../sites";
import * as stock from "../stock";
import { assertStatus, coverShortPick, issueToWorkOrder, lockWorkOrder, PICKABLE, releaseShortfall } from "../work-orders";
import * as store from "./picking.store";
import { rankPutaway, type PutawaySuggestion } from "./putaway";
import { stopOrder } from "./walk-order";

/** the pick list: `id` or `number` */
type ListArgs = { id?: string | number | null; number?: string | null };
export type CreatePickListInput = Named<"workOrder", "Number"> & Named<"transferOrder", "Number">;
export type ConfirmPickInput = ListArgs & Named<"location"> & Named<"material"> & { code?: string | null; lotCode?: string | null; quantity: string; uom?: string | null };
export type PutawayInput = Named<"material"> & Named<"warehouse"> & { quantity: string; first?: number | null };

export interface PickResult { pickListId: number; entryIds: string[]; exceptionId?: number | null }

const listRef = (a: ListArgs): Ref => orderArg("PickList", a.id, a.number);
const place = (l: LocationRow) => ({ x: l.x === null ? null : Number(l.x), y: l.y === null ? null : Number(l.y) });

/** Idempotency keys' lifetime, and how far a pick may go over what its work order may use (as manual issues). */
export type PickingPolicy = Pick<Config, "idempotencyTtlHours" | "overIssueTolerancePct">;

export class PickingService {
  constructor(
    private readonly db: Database,
    private readonly sites: SiteService,
    private readonly transfers: stock.TransferService,
    private readonly policy: PickingPolicy,
  ) {}

  private run<T extends object>(principal: Principal, operation: string, key: string | null | undefined, payload: unknown, fn: (tx: Tx) => Promise<T>) {
    return runCommand(this.db, { principal, operation, idempotencyKey: key, payload, ttlHours: this.policy.idempotencyTtlHours }, fn);
  }

  // ───────────── reads

  /** The pick list named by id or number; another warehouse's is NOT_FOUND, as a missing one. */
  async pickList(args: ListArgs, principal: Principal): Promise<store.PickListRow> {
    const ref = listRef(args);
    const row = await store.listBy(this.db.sql, ref);
    if (!row) throw notFoundList(ref);
    const [w] = await this.sites.warehousesByIds(this.db.sql, [row.warehouseId]);
    assertVisible(principal, w.code, "PickList", "id" in ref ? ref.id : ref.code);
    return row;
  }

  async pickLists(filter: { warehouseCode?: string | null; status?: store.PickListStatus | null }, scope: WarehouseScope, afterId: number, limit: number) {
    const codes = codesToList(scope, filter.warehouseCode);
    const warehouseIds = codes === null ? null : (await this.sites.warehousesByCodes(this.db.sql, codes)).map((w) => w.id);
    return store.pageOfLists(this.db.sql, { warehouseIds, status: filter.status ?? null }, afterId, limit);
  }

  lines(pickListId: number) {
    return store.linesOf(this.db.sql, pickListId);
  }

  /**
   * Where to put `quantity` of a material away in a warehouse: active STORAGE locations not being counted,
   * with room for all of it (capacity less what lies there; no capacity: unlimited), nearest first to the
   * locations already holding the material.
   */
  async putaway(input: PutawayInput, principal: Principal): Promise<(PutawaySuggestion & { locationId: number })[]> {
    const sql = this.db.sql;
    const m = await stock.material(sql, namedIn("Material", input, "material"));
    const w = await stock.warehouse(sql, namedIn("Warehouse", input, "warehouse"), principal);
    const quantity = await stock.quantityIn(sql, m, input.quantity, {});
    const first = input.first ?? 5;
    if (!Number.isInteger(first) || first < 1 || first > 100) throw badInput("first must be a whole number from 1 to 100", { field: "first" });
    const storage = (await this.sites.locationsOfWarehouses(sql, [w.code])).filter((l) => l.active && l.kind === "STORAGE");
    const blocked = await stock.countBlocked(sql, storage.map((l) => l.id));
    const open = storage.filter((l) => !blocked.has(l.id));
    const load = new Map((await stock.loadOfLocations(sql, open.map((l) => l.id), m.id)).map((r) => [r.locationId, r]));
    const candidates = open.map((l) => {
      const { x, y } = place(l);
      return {
        locationId: l.id, code: l.code, position: x === null || y === null ? null : { x, y }, capacity: l.capacity === null ? null : new Decimal(l.capacity),
        load: new Decimal(load.get(l.id)?.onHand ?? 0), holdsMaterial: load.get(l.id)?.holdsMaterial ?? false,
      };
    });
    return rankPutaway(candidates, quantity).slice(0, first);
  }

  // ───────────── commands

  /** A pick list for a work order's open reservations or for what a transfer has not shipped yet (free stock, FEFO). */
  create(input: CreatePickListInput, principal: Principal, key?: string | null) {
    return this.run(principal, "createPickList", key, input, async (tx): Promise<PickResult> => {
      const workOrder = optionalOrderIn("WorkOrder", input, "workOrder");
      const transfer = optionalOrderIn("TransferOrder", input, "transferOrder");
      if ((workOrder === undefined) === (transfer === undefined)) throw badInput("give a work order or a transfer order (one of them)", { field: "workOrderNumber" });
      const { warehouse, lines, of } = workOrder ? await this.workOrderLines(tx, workOrder, principal) : await this.transferLines(tx, transfer!, principal);
      const open = await store.openListOf(tx, of);
      if (open) throw conflict(`pick list ${open.number} is still open for this order: confirm or cancel it first`, { pickList: open.number });
      const locations = new Map((await this.sites.locationsOfWarehouses(tx, [warehouse.code])).map((l) => [l.id, l]));
      const route = stopOrder([...new Set(lines.map((l) => l.locationId))].map((id) => ({ id, code: locations.get(id)!.code, pickSequence: locations.get(id)!.pickSequence, ...place(locations.get(id)!) })));
      const stopOf = new Map(route.ids.map((id, i) => [id, i + 1]));
      const list = await store.insertList(
        tx,
        { warehouseId: warehouse.id, ...of, pathLength: route.pathLength?.toFixed(3) ?? null, by: principal.id },
        lines.map((l) => ({ ...l, stop: stopOf.get(l.locationId)! })).sort((a, b) => a.stop - b.stop),
      );
      await this.changed(tx, principal, list, warehouse.code, "create", { lines: lines.length, stops: route.ids.length, pathLength: route.pathLength });
      return { pickListId: list.id, entryIds: [] };
    });
  }

  /** The lines of a work order's pick: its open reservations, one line per location, material and lot. */
  private async workOrderLines(tx: Tx, ref: Ref, principal: Principal) {
    const wo = await lockWorkOrder(tx, ref, principal);
    assertStatus(wo, ["RELEASED", "IN_PROGRESS"], "pick for");
    const merged = new Map<string, { locationId: number; materialId: number; lotId: number | null; quantity: Decimal }>();
    for (const r of await stock.openReservationsOf(tx, wo.id)) {
      const k = `${r.locationId}:${r.materialId}:${r.lotId ?? 0}`;
      const q = (merged.get(k)?.quantity ?? new Decimal(0)).plus(r.open);
      merged.set(k, { locationId: r.locationId, materialId: r.materialId, lotId: r.lotId, quantity: q });
    }
    if (merged.size === 0) throw new DomainError("INVALID_STATE", `work order ${wo.number} holds nothing reserved to pick`, { status: wo.status });
    return {
      warehouse: { id: wo.warehouseId, code: wo.warehouseCode },
      lines: [...merged.values()].map((l) => ({ ...l, quantity: l.quantity.toFixed(6) })),
      of: { workOrderId: wo.id, transferOrderId: null },
    };
  }

  /** The lines of a transfer's pick: free stock of its source for what it has not shipped yet (as much as there is). */
  private async transferLines(tx: Tx, ref: Ref, principal: Principal) {
    const t = await this.transfers.unshipped(tx, ref, principal);
    if (t.open.lte(0)) throw new DomainError("INVALID_STATE", `transfer ${t.number} has nothing left to ship`, {});
    const m = await stock.material(tx, { code: t.materialCode });
    const { takes } = stock.allocate(await stock.lockCandidates(tx, { materialIds: [m.id], warehouseId: t.fromWarehouse.id, source: "free" }), t.open);
    if (takes.length === 0) {
      throw new DomainError("INSUFFICIENT_STOCK", `no free ${m.code} in ${t.fromWarehouse.code} to pick for ${t.number}`, { material: m.code, requested: t.open.toString(), available: "0" });
    }
    return {
      warehouse: t.fromWarehouse,
      lines: takes.map((k) => ({ locationId: k.candidate.locationId, materialId: m.id, lotId: k.candidate.lotId, quantity: k.quantity.toFixed(6) })),
      of: { workOrderId: null, transferOrderId: t.id },
    };
  }

  /**
   * Confirms the open line at a location for a material (and lot), scanned as a barcode (`code`) or named:
   * what was picked is issued to the work order (or shipped on the transfer); less than the line's quantity
   * is a short pick (see the file comment). The list completes with its last line.
   */
  confirm(input: ConfirmPickInput, principal: Principal, key?: string | null) {
    return this.run(principal, "confirmPick", key, input, async (tx): Promise<PickResult> => {
      const list = await this.lock(tx, listRef(input), principal);
      if (list.row.status !== "OPEN") throw new DomainError("INVALID_STATE", `pick list ${list.row.number} is ${list.row.status}`, { status: list.row.status });
      if (list.row.workOrderId !== null) assertStatus(await lockWorkOrder(tx, { id: list.row.workOrderId }, principal), PICKABLE, "pick for");
      const loc = await stock.location(tx, list.warehouse, namedIn("Location", input, "location"));
      const { material, lotCode } = await this.scanned(tx, input);
      const lot = lotCode ? await stock.lotByCode(tx, material, lotCode) : null;
      const open = (await store.linesOf(tx, list.row.id)).filter((l) => l.status === "OPEN");
      const line = open.find((l) => l.locationId === loc.id && l.materialId === material.id && l.lotId === (lot?.id ?? null));
      if (!line) {
        const field = open.some((l) => l.locationId === loc.id) ? (input.code != null ? "code" : "materialCode") : "locationCode";
        throw badInput(`pick list ${list.row.number} has no open line for ${material.code}${lot ? ` lot ${lot.code}` : ""} at ${loc.code}`, { field });
      }
      const picked = await stock.quantityIn(tx, material, input.quantity, { uom: input.uom, allowZero: true });
      if (picked.gt(line.quantity)) throw badInput(`at most ${new Decimal(line.quantity)} is to be picked on this line`, { field: "quantity", open: new Decimal(line.quantity).toString() });
      const entryIds = picked.gt(0) ? await this.issue(tx, list.row, list.warehouse, { material, locationId: loc.id, lot, quantity: picked }, principal) : [];
      const short = new Decimal(line.quantity).minus(picked);
      const exceptionId = short.gt(0) ? await this.shortPick(tx, list.row, list.warehouse, { material, location: loc, lot, line, picked, short }, principal) : null;
      await store.confirmLine(tx, line.id, picked.toFixed(6), short.gt(0) ? "SHORT" : "PICKED", principal.id);
      await writeAudit(tx, principal, "PickList", list.row.number, "confirm", { location: loc.code, material: material.code, lot: lot?.code ?? null, picked: picked.toString(), short: short.toString() });
      if (open.length === 1) await this.changed(tx, principal, await store.setStatus(tx, list.row.id, "COMPLETED"), list.warehouse.code, "complete", {});
      return { pickListId: list.row.id, entryIds, exceptionId };
    });
  }

  cancel(args: ListArgs, principal: Principal, key?: string | null) {
    return this.run(principal, "cancelPickList", key, args, async (tx): Promise<PickResult> => {
      const list = await this.lock(tx, listRef(args), principal);
      if (list.row.status !== "OPEN") throw new DomainError("INVALID_STATE", `pick list ${list.row.number} is ${list.row.status}`, { status: list.row.status });
      await this.changed(tx, principal, await store.setStatus(tx, list.row.id, "CANCELLED"), list.warehouse.code, "cancel", {});
      return { pickListId: list.row.id, entryIds: [] };
    });
  }

  // ───────────── helpers

  private async lock(tx: Tx, ref: Ref, principal: Principal) {
    const row = await store.lockList(tx, ref);
    if (!row) throw notFoundList(ref);
    const [w] = await this.sites.warehousesByIds(tx, [row.warehouseId]);
    assertVisible(principal, w.code, "PickList", "id" in ref ? ref.id : ref.code);
    return { row, warehouse: { id: w.id, code: w.code } };
  }

  /** The material and lot a confirmation names: a scanned barcode (`MATERIAL|LOT`) or the material (and lotCode). */
  private async scanned(tx: Tx, input: ConfirmPickInput): Promise<{ material: stock.MaterialRef; lotCode: string | null }> {
    const named = optionalNamedIn("Material", input, "material");
    if ((input.code == null) === (named === undefined)) throw badInput("give the scanned code or the material (materialId or materialCode)", { field: "code" });
    if (input.code != null) {
      if (input.lotCode != null) throw badInput("the scanned code names the lot", { field: "lotCode" });
      const { materialCode, lotCode } = stock.decodeScan(input.code, null);
      return { material: await stock.material(tx, { code: materialCode }), lotCode };
    }
    return { material: await stock.material(tx, named!), lotCode: input.lotCode ?? null };
  }

  /** Takes what was picked out of stock: issued to the work order (from its reservation there) or shipped on the transfer. */
  private async issue(tx: Tx, list: store.PickListRow, warehouse: stock.WarehouseRef, p: { material: stock.MaterialRef; locationId: number; lot: { id: number; code: string } | null; quantity: Decimal }, principal: Principal) {
    const note = `pick ${list.number}`;
    if (list.workOrderId !== null) {
      const r = await issueToWorkOrder(
        tx,
        {
          material: p.material, warehouse, workOrder: { id: list.workOrderId }, quantity: p.quantity, locationId: p.locationId, lotId: p.lot?.id ?? null, note,
          tolerancePct: this.policy.overIssueTolerancePct, statuses: PICKABLE,
        },
        principal,
      );
      return r.entryIds;
    }
    const r = await this.transfers.postShip(tx, { id: list.transferOrderId!, fromLocationId: p.locationId, lotCode: p.lot?.code ?? null, quantity: p.quantity.toString() }, principal);
    return r.entryIds;
  }

  /**
   * A short pick. The bin holds less than the books say, so (1) a work order gives back the shortfall's
   * reservation there; (2) what is then free of that material and lot at the bin is booked off (ADJUSTMENT,
   * reason SHORT_PICK): the picker saw it is not there, and stock left on the books would be reserved again
   * by the next order or by the policy below — booking it off rather than blocking the bin for a count keeps
   * the bin's other materials pickable, and a count later finds anything that turns up (what other orders
   * hold reserved there stays: their picks will tell); (3) a SHORTAGE exception says what was missing; (4) the
   * work order reserves the component elsewhere or follows its shortage policy (substitute → transfer →
   * purchase), every step an action on that exception. A transfer's pick just ships less. Returns the exception's id.
   */
  private async shortPick(
    tx: Tx, list: store.PickListRow, warehouse: stock.WarehouseRef,
    s: { material: stock.MaterialRef; location: { id: number; code: string }; lot: { id: number; code: string } | null; line: store.PickLineRow; picked: Decimal; short: Decimal },
    principal: Principal,
  ): Promise<number> {
    const details: Record<string, unknown> = {
      pickList: list.number, material: s.material.code, location: s.location.code, lot: s.lot?.code ?? null,
      required: new Decimal(s.line.quantity).toString(), picked: s.picked.toString(), short: s.short.toString(),
    };
    const wo = list.workOrderId === null ? null : await lockWorkOrder(tx, { id: list.workOrderId }, principal);
    if (wo) {
      details.workOrder = wo.number;
      details.released = (await releaseShortfall(tx, wo, { material: s.material, locationId: s.location.id, lotId: s.lot?.id ?? null, short: s.short })).toString();
    }
    const at = { materialId: s.material.id, warehouseId: warehouse.id, locationId: s.location.id, lotId: s.lot?.id ?? null };
    const bookedOff = await stock.bookOffShortPick(tx, at, `short pick ${list.number}`, principal.id);
    details.bookedOff = bookedOff.quantity.toString();
    const message = `short pick on ${list.number}: ${s.short} ${s.material.code} missing at ${warehouse.code}/${s.location.code}`;
    const exceptionId = await raiseException(tx, { type: "SHORTAGE", message, details, materialId: s.material.id, warehouseId: warehouse.id, workOrderId: wo?.id });
    await recordAction(tx, exceptionId, {
      action: "SHORT_PICK_BOOKED_OFF", actor: principal.id,
      details: { location: s.location.code, material: s.material.code, lot: s.lot?.code ?? null, quantity: bookedOff.quantity.toString(), reasonCode: stock.SHORT_PICK_REASON, entryIds: bookedOff.entryIds },
    });
    if (wo) await coverShortPick(tx, wo, exceptionId, principal.id);
    return exceptionId;
  }

  /** Audit record and `pick.list` event of a list's change of state. */
  private async changed(tx: Tx, principal: Principal, l: store.PickListRow, warehouseCode: string, action: string, changes: Record<string, unknown>) {
    await writeAudit(tx, principal, "PickList", l.number, action, { status: l.status, ...changes });
    await writeEvent(tx, "pick.list", { pickListId: l.id, number: l.number, warehouseCode, status: l.status, workOrderId: l.workOrderId, transferOrderId: l.transferOrderId });
  }
}

const notFoundList = (ref: Ref) => notFound("PickList", "id" in ref ? ref.id : ref.code);
