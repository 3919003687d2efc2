/**
 * Cycle counts: a session counts some locations of a warehouse — OPEN → COUNTING (the locations take no
 * stock movements: LOCATION_BEING_COUNTED) → REVIEW → APPROVED (differences posted to the ledger as COUNT,
 * reason CYCLE_COUNT) or CANCELLED. Counts come from RFID reads (each EPC once per session), barcode scans
 * and counters' entries; lines beyond the tolerance are recounted before review.
 */
import { hasAnyRole, type Principal } from "../../auth/principal";
import { Role } from "../../auth/roles";
import { assertVisible, codesToList, type WarehouseScope } from "../../auth/warehouse-scope";
import type { Database, Sql } from "../../db/database";
import type { Tx } from "../../db/transaction";
import { writeEvent } from "../../events/outbox";
import { costsOfMaterialsOn } from "../costs";
import { runCommand } from "../idempotency/command";
import type { MaterialService } from "../materials";
import { writeAudit } from "../security/audit";
import { badInput, conflict, DomainError, notFound } from "../shared/domain-error";
import { Decimal } from "../shared/quantity";
import { namedIn, orderArg, type Named, type Ref } from "../shared/ref";
import type { SiteService } from "../sites";
import * as stock from "../stock";
import { countFrequency } from "../inventory-policy/inventory-policy.store";
import { accuracy, assertMay, dueForCounting, withinTolerance, type AbcClass, type CountFrequency, type CountStatus, type Tolerance } from "./count.rules";
import { noCountSession, notInSession, sessionNotFound } from "./counting.errors";
import * as store from "./counting.store";
import { readEpc, type ReadEpc } from "./epc";
import { normalizeGtin } from "./sgtin";

export interface CountingPolicy {
  tolerance: Tolerance;
  /** recounts asked of a line beyond the tolerance before it goes to review */
  maxRecounts: number;
  everyDays: CountFrequency;
  idempotencyTtlHours: number;
}

/** the session: `id` or `number` */
type SessionArgs = { id?: string | number | null; number?: string | null };
export type CreateCountSessionInput = Named<"warehouse"> & { zone?: string | null; locationCodes?: string[] | null; abcClass?: AbcClass | null; blind?: boolean | null; note?: string | null };
export type RecordCountInput = SessionArgs & Named<"location"> & Named<"material"> & { lotCode?: string | null; countedQuantity: string; uom?: string | null };
/** What a reader read at one location. */
export type RfidSweep = Named<"location"> & { epcs: string[] };
/** One sweep (`location…` + `epcs`) or a batch of them (`sweeps`: a gate's or a handheld's upload). */
export type RfidReadsInput = SessionArgs & Named<"location"> & { epcs?: string[] | null; sweeps?: RfidSweep[] | null };
export type EpcMappingInput = Named<"material"> & { epc: string; lotCode?: string | null };
export type GtinMappingInput = Named<"material"> & { gtin: string };

export interface CountResult { countSessionId: number; entryIds: string[]; recountLines?: number }
export interface RfidReadsResult { countSessionId: number; tagsRead: number; counted: number; alreadyCounted: number; unknownEpcs: string[] }

/** A count line as it is shown: live quantities while counting, the reviewed ones after, with difference and value. */
export interface CountLineView extends store.LineRow {
  bookQuantity: string | null;
  difference: string | null;
  value: string | null;
  currency: string | null;
  withinTolerance: boolean | null;
}

const sessionRef = (a: SessionArgs): Ref => orderArg("CountSession", a.id, a.number);

/** The material (and lot) a tag names. */
type TagMaterial = Omit<store.TagRead, "locationId">;

/** A batch's upper bound: a bigger upload is split by the reader. */
const MAX_SWEEPS = 5_000;

/** The sweeps of a reads input: its `sweeps`, or the one named by `location…` + `epcs` (one way or the other). */
function sweepsOf(input: RfidReadsInput): RfidSweep[] {
  const single = input.epcs != null || input.locationId != null || input.locationCode != null;
  if (input.sweeps != null) {
    if (single) throw badInput("give sweeps, or one location with its epcs, not both", { field: "sweeps" });
    if (input.sweeps.length === 0 || input.sweeps.length > MAX_SWEEPS) throw badInput(`sweeps must hold 1 to ${MAX_SWEEPS} sweeps`, { field: "sweeps" });
    return input.sweeps;
  }
  if (input.epcs == null) throw badInput("give the epcs read at the location (or sweeps)", { field: "epcs" });
  return [{ locationId: input.locationId, locationCode: input.locationCode, epcs: input.epcs }];
}

const lineKey = (l: { locationId: number; materialId: number; lotId: number | null }) => `${l.locationId}:${l.materialId}:${l.lotId ?? 0}`;

export class CountingService implements stock.CountScans {
  constructor(
    private readonly db: Database,
    private readonly sites: SiteService,
    private readonly materials: MaterialService,
    readonly policy: CountingPolicy,
  ) {}

  private run<T extends object>(principal: Principal, operation: string, key: string | null | undefined, payload: unknown, fn: (tx: Tx) => Promise<T>) {
    return runCommand(this.db, { principal, operation, idempotencyKey: key, payload, ttlHours: this.policy.idempotencyTtlHours }, fn);
  }

  // ───────────── reads

  /** The session named by id or number; another warehouse's is NOT_FOUND, as a missing one. */
  async session(args: SessionArgs, principal: Principal): Promise<store.SessionRow> {
    const ref = sessionRef(args);
    const row = await store.sessionBy(this.db.sql, ref);
    if (!row) throw sessionNotFound(ref);
    const [w] = await this.sites.warehousesByIds(this.db.sql, [row.warehouseId]);
    assertVisible(principal, w.code, "CountSession", "id" in ref ? ref.id : ref.code);
    return row;
  }

  /** A page of sessions in id order: of one warehouse (by code: out of scope lists nothing) or of all the caller's. */
  async sessions(filter: { warehouseCode?: string | null; status?: CountStatus | null }, scope: WarehouseScope, afterId: number, limit: number) {
    const codes = codesToList(scope, filter.warehouseCode);
    const warehouseIds = codes === null ? null : (await this.sites.warehousesByCodes(this.db.sql, codes)).map((w) => w.id);
    return store.pageOfSessions(this.db.sql, { warehouseIds, status: filter.status ?? null }, afterId, limit);
  }

  locationIdsOf(sessionId: number) {
    return store.locationIdsOf(this.db.sql, sessionId);
  }

  /**
   * A session's lines: with the book quantity (the reviewed one, or live while counting), the difference,
   * its value at today's standard cost and whether it is within tolerance — unless the count is blind and
   * the caller neither PLANNER nor ADMIN: then those are null.
   */
  async lines(session: store.SessionRow, principal: Principal): Promise<CountLineView[]> {
    const withBook = !session.blind || hasAnyRole(principal, [Role.PLANNER]);
    const sql = this.db.sql;
    const rows = await store.linesOf(sql, session.id);
    const live = withBook && session.status === "COUNTING" ? await stock.stockAtLocations(sql, [...new Set(rows.map((r) => r.locationId))]) : [];
    const liveBook = new Map(live.map((b) => [lineKey(b), b.onHand]));
    const costs = withBook ? new Map((await costsOfMaterialsOn(sql, [...new Set(rows.map((r) => r.materialId))], new Date().toISOString().slice(0, 10))).map((c) => [c.materialId, c])) : new Map();
    return rows.map((r) => {
      const counted = r.countedQuantity ?? (r.enteredQuantity === null && r.tagsRead === 0 ? null : new Decimal(r.enteredQuantity ?? 0).plus(r.tagsRead).toString());
      const book = withBook ? r.bookQuantity ?? (session.status === "COUNTING" ? liveBook.get(lineKey(r)) ?? "0" : null) : null;
      const difference = book !== null && counted !== null ? new Decimal(counted).minus(book) : null;
      const cost = costs.get(r.materialId);
      return {
        ...r,
        countedQuantity: counted,
        bookQuantity: book,
        difference: difference?.toString() ?? null,
        value: difference && cost ? difference.times(cost.cost).toString() : null,
        currency: difference && cost ? cost.currency : null,
        withinTolerance: book !== null && counted !== null ? withinTolerance(new Decimal(book), new Decimal(counted), this.policy.tolerance) : null,
      };
    });
  }

  /** The warehouse's locations due for counting today, by the ABC class of what they hold (A most often). */
  async dueLocations(warehouse: Ref, principal: Principal) {
    const w = await stock.warehouse(this.db.sql, warehouse, principal);
    return this.due(this.db.sql, w);
  }

  /** Per ABC class: how often its locations are counted and how many of the warehouse's are due today (what an ABC_CLASS session would count). */
  async dueByClass(warehouse: Ref, principal: Principal) {
    const w = await stock.warehouse(this.db.sql, warehouse, principal);
    const every = await countFrequency(this.db.sql, this.policy.everyDays);
    const due = await this.due(this.db.sql, w);
    return (["A", "B", "C"] as const).map((abcClass) => ({ abcClass, everyDays: every[abcClass], locationsDue: due.filter((d) => d.abcClass === abcClass).length }));
  }

  /**
   * Lines of the sessions approved on days [fromDay, toDay], each judged against the tolerance (count accuracy
   * KPIs). Read through the caller's transaction: the embedded database has one session, so a read beside an
   * open transaction waits for it to end.
   */
  async judgedLines(sql: Sql, fromDay: string, toDay: string): Promise<{ warehouseId: number; materialId: number; day: string; withinTolerance: boolean }[]> {
    const lines = await store.approvedLines(sql, fromDay, toDay);
    return lines.map((l) => ({
      warehouseId: l.warehouseId, materialId: l.materialId, day: l.day,
      withinTolerance: withinTolerance(new Decimal(l.bookQuantity), new Decimal(l.countedQuantity), this.policy.tolerance),
    }));
  }

  private async due(tx: Tx, w: stock.WarehouseRef) {
    const locations = (await this.sites.locationsOfWarehouses(tx, [w.code])).filter((l) => l.active);
    const ids = locations.map((l) => l.id);
    const onShelf = await stock.stockAtLocations(tx, ids);
    const classOf = new Map((await this.materials.summaries(tx, [...new Set(onShelf.map((s) => s.materialId))])).map((m) => [m.id, m.abcClass as AbcClass | null]));
    const last = new Map((await store.lastCounted(tx, ids)).map((r) => [r.locationId, r.at]));
    const held = new Map<number, (AbcClass | null)[]>();
    for (const s of onShelf) held.set(s.locationId, [...(held.get(s.locationId) ?? []), classOf.get(s.materialId) ?? null]);
    // the classification settings' frequencies (src/domain/inventory-policy) where set, else COUNT_EVERY_DAYS_<class>
    const every = await countFrequency(tx, this.policy.everyDays);
    return dueForCounting(ids.map((id) => ({ locationId: id, classes: held.get(id) ?? [], lastCountedAt: last.get(id) ?? null })), every, new Date());
  }

  // ───────────── commands

  create(input: CreateCountSessionInput, principal: Principal, key?: string | null) {
    return this.run(principal, "createCountSession", key, input, async (tx): Promise<CountResult> => {
      const w = await stock.warehouse(tx, namedIn("Warehouse", input, "warehouse"), principal);
      const chosen = await this.chooseLocations(tx, w, input);
      const note = input.note?.trim() || null;
      if (note && note.length > 500) throw badInput("note must be at most 500 characters", { field: "note" });
      const session = await store.insertSession(tx, { warehouseId: w.id, ...chosen, blind: input.blind ?? true, note, by: principal.id }, chosen.locationIds);
      await this.changed(tx, principal, session, w.code, "create", { scope: chosen.scope, zone: chosen.zone, abcClass: chosen.abcClass, blind: session.blind, locations: chosen.locationIds.length });
      return { countSessionId: session.id, entryIds: [] };
    });
  }

  /** The locations a new session counts: the warehouse's, a zone's (code prefix), a list, or those of an ABC class due for counting. */
  private async chooseLocations(tx: Tx, w: stock.WarehouseRef, input: CreateCountSessionInput) {
    const given = (["zone", "locationCodes", "abcClass"] as const).filter((f) => input[f] != null);
    if (given.length > 1) throw badInput(`give at most one of zone, locationCodes and abcClass (got ${given.join(", ")})`, { field: given[1] });
    const all = (await this.sites.locationsOfWarehouses(tx, [w.code])).sort((a, b) => a.code.localeCompare(b.code));
    const active = all.filter((l) => l.active);
    const none = { zone: null, abcClass: null };
    if (input.zone != null) {
      const zone = input.zone.trim().toUpperCase();
      const ids = active.filter((l) => zone !== "" && l.code.startsWith(zone)).map((l) => l.id);
      if (ids.length === 0) throw badInput(`no active location of ${w.code} has a code starting with ${JSON.stringify(zone)}`, { field: "zone" });
      return { ...none, scope: "ZONE" as const, zone, locationIds: ids };
    }
    if (input.locationCodes != null) {
      const codes = [...new Set(input.locationCodes.map((c) => c.trim().toUpperCase()))];
      if (codes.length === 0) throw badInput("locationCodes must name at least one location", { field: "locationCodes" });
      const ids = codes.map((code) => {
        const l = all.find((x) => x.code === code);
        if (!l) throw notFound("Location", code, w.code);
        if (!l.active) throw new DomainError("INVALID_STATE", `location ${w.code}/${code} is deactivated`, { field: "locationCodes" });
        return l.id;
      });
      return { ...none, scope: "LOCATIONS" as const, locationIds: ids };
    }
    if (input.abcClass != null) {
      const ids = (await this.due(tx, w)).filter((d) => d.abcClass === input.abcClass).map((d) => d.locationId);
      if (ids.length === 0) throw badInput(`no location of ${w.code} holding class ${input.abcClass} stock is due for counting`, { field: "abcClass" });
      return { ...none, scope: "ABC_CLASS" as const, abcClass: input.abcClass, locationIds: ids };
    }
    if (active.length === 0) throw badInput(`${w.code} has no active location to count`, { field: "warehouseCode" });
    return { ...none, scope: "WAREHOUSE" as const, locationIds: active.map((l) => l.id) };
  }

  /** Counting starts: the session's locations take no stock movements until it is approved or cancelled. */
  start(args: SessionArgs, principal: Principal, key?: string | null) {
    return this.run(principal, "startCountSession", key, args, async (tx): Promise<CountResult> => {
      const { session, warehouse } = await this.lock(tx, sessionRef(args), principal, "UPDATE");
      assertMay("start", session);
      const held = await store.heldElsewhere(tx, session.id);
      if (held) {
        const code = (await this.sites.locationsOfWarehouses(tx, [warehouse.code])).find((l) => l.id === held.locationId)?.code;
        throw conflict(`location ${warehouse.code}/${code} is being counted by count session ${held.number}`, { location: code, countSession: held.number });
      }
      // the stock area holds the locations (and refuses a race that slipped past the check above)
      await stock.blockLocationsForCount(tx, session.id, await store.locationIdsOf(tx, session.id));
      await this.changed(tx, principal, await store.setStatus(tx, session.id, "COUNTING", { started: true }), warehouse.code, "start", {});
      return { countSessionId: session.id, entryIds: [] };
    });
  }

  /** A counter's (or a barcode scan's) quantity of a material (and lot) at a location: it replaces what was entered before. */
  recordCount(input: RecordCountInput, principal: Principal, key?: string | null) {
    return this.run(principal, "recordCount", key, input, async (tx): Promise<CountResult> => {
      const { session, warehouse } = await this.lock(tx, sessionRef(input), principal, "SHARE");
      assertMay("count", session);
      const loc = await this.locationOf(tx, session, warehouse, namedIn("Location", input, "location"), "location");
      const m = await stock.material(tx, namedIn("Material", input, "material"));
      await this.enter(tx, session, loc.id, m, input, principal);
      await writeAudit(tx, principal, "CountSession", session.number, "count", { location: loc.code, material: m.code, lot: input.lotCode ?? null, quantity: input.countedQuantity });
      return { countSessionId: session.id, entryIds: [] };
    });
  }

  /**
   * A reader's bulk read at a location, or a batch of such sweeps: each EPC counts one unit, once per session
   * however often and wherever it is read (in a batch, where it was read first). A batch costs a fixed number
   * of statements whatever its size (the session, its locations, the mappings, one insert of the reads with
   * their lines), so uploading many sweeps at once is what makes a whole warehouse's count fast.
   */
  recordReads(input: RfidReadsInput, principal: Principal, key?: string | null) {
    return this.run(principal, "recordRfidReads", key, input, async (tx): Promise<RfidReadsResult> => {
      const sweeps = sweepsOf(input);
      const { session, warehouse } = await this.lock(tx, sessionRef(input), principal, "SHARE");
      assertMay("count", session);
      const locations = await this.sweepLocations(tx, session, warehouse, sweeps.map((s) => namedIn("Location", s, "location")));
      const tags = new Map<string, ReadEpc & { locationId: number }>();
      let tagsRead = 0;
      sweeps.forEach((s, i) => {
        const field = input.sweeps ? `sweeps[${i}].epcs` : "epcs";
        if (s.epcs.length === 0) throw badInput("epcs must name at least one tag", { field });
        tagsRead += s.epcs.length;
        for (const raw of s.epcs) {
          const seen = raw.trim().toUpperCase();
          if (!tags.has(seen)) tags.set(seen, { ...readEpc(raw, field), locationId: locations[i].id });
        }
      });
      const { reads, unknown } = await this.resolveTags(tx, [...tags.values()]);
      const counted = await store.recordTags(tx, session.id, reads.map((r) => ({ ...r, locationId: tags.get(r.epc)!.locationId })), principal.id);
      await writeAudit(tx, principal, "CountSession", session.number, "rfid", {
        locations: [...new Set(locations.map((l) => l.code))], tags: tagsRead, counted, unknown: unknown.length,
      });
      return { countSessionId: session.id, tagsRead, counted, alreadyCounted: reads.length - counted, unknownEpcs: unknown };
    });
  }

  /** The locations of a batch's sweeps, each of the session: read at once (a failing one is looked up alone for its error). */
  private async sweepLocations(tx: Tx, session: store.SessionRow, warehouse: stock.WarehouseRef, refs: readonly Ref[]) {
    const all = await this.sites.locationsOfWarehouses(tx, [warehouse.code]);
    const byId = new Map(all.map((l) => [l.id, l]));
    const byCode = new Map(all.map((l) => [l.code, l]));
    const counted = new Set(await store.locationIdsOf(tx, session.id));
    const found: { id: number; code: string }[] = [];
    for (const ref of refs) {
      const l = "id" in ref ? byId.get(ref.id) : byCode.get(ref.code.trim().toUpperCase());
      found.push(l && l.active && counted.has(l.id) ? l : await this.locationOf(tx, session, warehouse, ref, "location"));
    }
    return found;
  }

  /**
   * A COUNT scan (the `scan` mutation, the MQTT scans topic) goes into the session counting its location:
   * a barcode's quantity is entered for its material (and lot); an RFID tag counts one unit once. No
   * session counting the location: NO_COUNT_SESSION.
   */
  async recordScan(tx: Tx, scan: stock.ScanInput, principal: Principal): Promise<void> {
    const w = await stock.warehouse(tx, { code: scan.warehouseCode }, principal, "warehouse");
    const loc = await stock.location(tx, w, { code: scan.locationCode });
    const counting = await store.sessionCounting(tx, loc.id);
    const session = counting && (await store.lockSession(tx, { id: counting.id }, "SHARE"));
    if (!session || session.status !== "COUNTING") throw noCountSession(w.code, loc.code);
    if ((scan.code == null) === (scan.epc == null)) throw badInput("give either code or epc", { field: "code" });
    if (scan.epc != null) {
      const { reads, unknown } = await this.resolveTags(tx, [readEpc(scan.epc, "epc")]);
      if (unknown.length) throw badInput(`EPC ${unknown[0]} names no material here: map it (mapEpc, mapGtin)`, { field: "epc" });
      await store.recordTags(tx, session.id, reads.map((r) => ({ ...r, locationId: loc.id })), principal.id);
    } else {
      const { materialCode, lotCode } = stock.decodeScan(scan.code, null);
      const m = await stock.material(tx, { code: materialCode });
      await this.enter(tx, session, loc.id, m, { lotCode, countedQuantity: scan.quantity, uom: scan.uom, field: "quantity" }, principal);
    }
    await writeAudit(tx, principal, "CountSession", session.number, "scan", { device: scan.deviceId, location: loc.code, code: scan.code ?? null, epc: scan.epc ?? null, quantity: scan.quantity });
  }

  /**
   * Counting is done: every line gets its counted quantity (entered + tags; stock on the books that nobody
   * counted: 0) and the book quantity. Lines beyond the tolerance not yet recounted COUNT_MAX_RECOUNTS times
   * are asked to be counted again (the session stays COUNTING); else the session goes to REVIEW.
   */
  submit(args: SessionArgs, principal: Principal, key?: string | null) {
    return this.run(principal, "submitCountSession", key, args, async (tx): Promise<CountResult> => {
      const { session, warehouse } = await this.lock(tx, sessionRef(args), principal, "UPDATE");
      assertMay("submit", session);
      const book = await stock.stockAtLocations(tx, await store.locationIdsOf(tx, session.id));
      const counted = new Set((await store.linesOf(tx, session.id)).map(lineKey));
      await store.addUncountedLines(tx, session.id, book.filter((b) => !counted.has(lineKey(b))));
      const bookOf = new Map(book.map((b) => [lineKey(b), b.onHand]));
      const lines = (await store.linesOf(tx, session.id)).map((l) => ({
        ...l, counted: new Decimal(l.enteredQuantity ?? 0).plus(l.tagsRead), book: new Decimal(bookOf.get(lineKey(l)) ?? 0),
      }));
      await store.saveReview(tx, lines.map((l) => ({ id: l.id, counted: l.counted.toFixed(6), book: l.book.toFixed(6) })));
      const recount = lines.filter((l) => l.recounts < this.policy.maxRecounts && !withinTolerance(l.book, l.counted, this.policy.tolerance)).map((l) => l.id);
      if (recount.length > 0) {
        await store.requestRecount(tx, session.id, recount);
        await writeAudit(tx, principal, "CountSession", session.number, "recount", { lines: recount.length });
        await writeEvent(tx, "count.session", { countSessionId: session.id, number: session.number, warehouseCode: warehouse.code, status: "COUNTING" });
      } else {
        await this.changed(tx, principal, await store.setStatus(tx, session.id, "REVIEW", { submitted: true }), warehouse.code, "submit", { lines: lines.length });
      }
      return { countSessionId: session.id, entryIds: [], recountLines: recount.length };
    });
  }

  /**
   * Approval (once, however many approve at the same time: the session row is locked and the second finds
   * it APPROVED): the locations are released, each line's difference against the book is posted to the
   * ledger as COUNT (reason CYCLE_COUNT, linked to the session), and the count's accuracy is recorded.
   */
  approve(args: SessionArgs, principal: Principal, key?: string | null) {
    return this.run(principal, "approveCountSession", key, args, async (tx): Promise<CountResult> => {
      const { session, warehouse } = await this.lock(tx, sessionRef(args), principal, "UPDATE");
      assertMay("approve", session);
      await stock.releaseCountBlocks(tx, session.id);
      const locationIds = await store.locationIdsOf(tx, session.id);
      const onHand = new Map((await stock.stockAtLocations(tx, locationIds, { forUpdate: true })).map((b) => [lineKey(b), b.onHand]));
      const lines = await store.linesOf(tx, session.id);
      const entryIds = await stock.postCountDifferences(
        tx,
        lines.map((l) => ({ ...l, warehouseId: session.warehouseId, delta: new Decimal(l.countedQuantity!).minus(onHand.get(lineKey(l)) ?? 0) })),
        session.id,
        principal.id,
      );
      const judged = lines.map((l) => ({ withinTolerance: withinTolerance(new Decimal(l.bookQuantity!), new Decimal(l.countedQuantity!), this.policy.tolerance) }));
      const share = accuracy(judged);
      const within = judged.filter((j) => j.withinTolerance).length;
      const approved = await store.setStatus(tx, session.id, "APPROVED", { closedBy: principal.id, accuracy: { lines: lines.length, within, share: share.toFixed(4) } });
      await this.changed(tx, principal, approved, warehouse.code, "approve", { accuracy: share.toString(), entriesPosted: entryIds.length }, { accuracy: share.toString(), entriesPosted: entryIds.length });
      return { countSessionId: session.id, entryIds };
    });
  }

  cancel(args: SessionArgs, principal: Principal, key?: string | null) {
    return this.run(principal, "cancelCountSession", key, args, async (tx): Promise<CountResult> => {
      const { session, warehouse } = await this.lock(tx, sessionRef(args), principal, "UPDATE");
      assertMay("cancel", session);
      await stock.releaseCountBlocks(tx, session.id);
      await this.changed(tx, principal, await store.setStatus(tx, session.id, "CANCELLED", { closedBy: principal.id }), warehouse.code, "cancel", {});
      return { countSessionId: session.id, entryIds: [] };
    });
  }

  /** Names the material (and lot) of an RFID tag that does not carry it readably. */
  mapEpc(input: EpcMappingInput, principal: Principal, key?: string | null) {
    return this.run(principal, "mapEpc", key, input, async (tx) => {
      const { epc } = readEpc(input.epc, "epc");
      const m = await stock.material(tx, namedIn("Material", input, "material"));
      stock.assertLotRule(m, input.lotCode);
      const lot = input.lotCode ? await stock.lotByCode(tx, m, input.lotCode) : null;
      await store.saveEpcMapping(tx, epc, m.id, lot?.id ?? null, principal.id);
      await writeAudit(tx, principal, "EpcMapping", epc, "map", { material: m.code, lot: lot?.code ?? null });
      return { epc, materialId: m.id, lotId: lot?.id ?? null };
    });
  }

  /** Names the material of a GTIN (SGTIN-96 tags carry one); a lot-tracked material's tags need mapEpc (a GTIN names no lot). */
  mapGtin(input: GtinMappingInput, principal: Principal, key?: string | null) {
    return this.run(principal, "mapGtin", key, input, async (tx) => {
      const gtin = normalizeGtin(input.gtin);
      const m = await stock.material(tx, namedIn("Material", input, "material"));
      await store.saveGtinMapping(tx, gtin, m.id, principal.id);
      await writeAudit(tx, principal, "GtinMapping", gtin, "map", { material: m.code });
      return { gtin, materialId: m.id };
    });
  }

  // ───────────── helpers

  /** Locks the session named; another warehouse's is NOT_FOUND. */
  private async lock(tx: Tx, ref: Ref, principal: Principal, mode: "UPDATE" | "SHARE") {
    const session = await store.lockSession(tx, ref, mode);
    if (!session) throw sessionNotFound(ref);
    const [w] = await this.sites.warehousesByIds(tx, [session.warehouseId]);
    assertVisible(principal, w.code, "CountSession", "id" in ref ? ref.id : ref.code);
    return { session, warehouse: { id: w.id, code: w.code } };
  }

  /** A location of the session's warehouse that the session counts. */
  private async locationOf(tx: Tx, session: store.SessionRow, warehouse: stock.WarehouseRef, ref: Ref, prefix: string) {
    const loc = await stock.location(tx, warehouse, ref, prefix);
    if (!(await store.hasLocation(tx, session.id, loc.id))) throw notInSession(session.number, loc.code, "id" in ref ? `${prefix}Id` : `${prefix}Code`);
    return loc;
  }

  private async enter(
    tx: Tx, session: store.SessionRow, locationId: number, m: stock.MaterialRef,
    c: { lotCode?: string | null; countedQuantity: string; uom?: string | null; field?: string }, principal: Principal,
  ) {
    stock.assertLotRule(m, c.lotCode);
    const lot = c.lotCode ? await stock.lotByCode(tx, m, c.lotCode) : null;
    const quantity = await stock.quantityIn(tx, m, c.countedQuantity, { field: c.field ?? "countedQuantity", uom: c.uom, allowZero: true });
    await store.enterCount(tx, session.id, { locationId, materialId: m.id, lotId: lot?.id ?? null }, quantity.toFixed(6), principal.id);
  }

  /**
   * The material (and lot) of each tag: its EPC mapping, else an SGTIN-96's GTIN mapping, else the hub's
   * text encoding. Tags naming nothing, an unknown lot, or a lot-tracked material without a lot are unknown.
   */
  private async resolveTags(tx: Tx, tags: readonly ReadEpc[]): Promise<{ reads: TagMaterial[]; unknown: string[] }> {
    const mapped = await store.epcMappings(tx, tags.map((t) => t.epc));
    const loose = tags.filter((t) => !mapped.has(t.epc));
    const gtins = [...new Set(loose.flatMap((t) => (t.kind === "SGTIN" ? [t.gtin] : [])))];
    const byGtin = gtins.length ? await store.gtinMappings(tx, gtins) : new Map<string, number>();
    const texts = loose.flatMap((t) => (t.kind === "TEXT" ? [t] : []));
    const byCode = texts.length ? await this.materials.materialsByCode(tx, [...new Set(texts.map((t) => t.materialCode))]) : new Map<string, never>();
    const lotIds = await stock.lotIdsByCodes(tx, texts.flatMap((t) => (t.lotCode && byCode.has(t.materialCode) ? [{ materialId: byCode.get(t.materialCode)!.id, code: t.lotCode }] : [])));
    const found = tags.map((t): TagMaterial | string => {
      const m = mapped.get(t.epc);
      if (m) return { epc: t.epc, ...m };
      if (t.kind === "SGTIN" && byGtin.has(t.gtin)) return { epc: t.epc, materialId: byGtin.get(t.gtin)!, lotId: null };
      const material = t.kind === "TEXT" ? byCode.get(t.materialCode) : undefined;
      if (t.kind !== "TEXT" || !material || material.archived) return t.epc;
      const lotId = t.lotCode ? lotIds.get(`${material.id}/${t.lotCode}`) : null;
      return lotId === undefined ? t.epc : { epc: t.epc, materialId: material.id, lotId };
    });
    const reads = found.filter((f): f is TagMaterial => typeof f !== "string");
    const lotTracked = new Map((await this.materials.summaries(tx, [...new Set(reads.map((r) => r.materialId))])).map((m) => [m.id, m.lotTracked]));
    const fits = (r: TagMaterial) => lotTracked.get(r.materialId) === (r.lotId !== null);
    return { reads: reads.filter(fits), unknown: [...found.filter((f): f is string => typeof f === "string"), ...reads.filter((r) => !fits(r)).map((r) => r.epc)] };
  }

  /** Audit record and `count.session` event of a state change. */
  private async changed(tx: Tx, principal: Principal, s: store.SessionRow, warehouseCode: string, action: string, changes: Record<string, unknown>, extra: { accuracy?: string; entriesPosted?: number } = {}) {
    await writeAudit(tx, principal, "CountSession", s.number, action, { status: s.status, ...changes });
    await writeEvent(tx, "count.session", { countSessionId: s.id, number: s.number, warehouseCode, status: s.status, ...extra });
  }
}
