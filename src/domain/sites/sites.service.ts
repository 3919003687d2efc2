/**
 * Warehouses and their locations. For bulk import: `validateWarehouse` / `validateLocation` (pure) list
 * every field problem of a row; `upsertWarehouse(tx, …)` / `upsertLocation(tx, …)` write one row inside
 * the caller's transaction (audited) and throw a DomainError naming the field when it cannot be written.
 */
import type { Principal } from "../../auth/principal";
import { assertMayUse, assertVisible } from "../../auth/warehouse-scope";
import type { Database } from "../../db/database";
import type { Tx } from "../../db/transaction";
import { locationHasDevices } from "../devices/device-location.store";
import { runCommand, unkeyed } from "../idempotency/command";
import { writeAudit } from "../security/audit";
import { badInput, conflict, DomainError, notFound } from "../shared/domain-error";
import { validValue, type UpsertMode } from "../shared/field-errors";
import { locationHasStock, locationIsReferenced, warehouseHasStock } from "../stock";
import { readLocation, readWarehouse, validateLocation, validateWarehouse, type LocationInput, type WarehouseInput } from "./site.rules";
import * as store from "./sites.store";
import * as refs from "../stock/stock-refs";
import { keyOf, type Ref } from "../shared/ref";

export class SiteService {
  constructor(private readonly db: Database) {}

  /** Every warehouse, in code order. */
  allWarehouses() {
    return store.allWarehouses(this.db.sql);
  }

  /** The warehouse a caller named (id or code), if the caller may use it. */
  warehouseNamed(ref: Ref, principal: Principal) {
    return refs.warehouse(this.db.sql, ref, principal);
  }

  /**
   * The warehouse code a listing or subscription is filtered on (none: all the caller may see). A code is
   * taken as given — one out of scope or unknown lists nothing, as before; an id is looked up: NOT_FOUND when
   * missing or out of scope.
   */
  async codeToFilter(ref: Ref | undefined, principal: Principal): Promise<string | undefined> {
    if (!ref) return undefined;
    return "code" in ref ? ref.code.toUpperCase() : (await this.warehouseNamed(ref, principal)).code;
  }

  readonly validateWarehouse = validateWarehouse;
  readonly validateLocation = validateLocation;

  async upsertWarehouse(tx: Tx, input: WarehouseInput, principal: Principal, mode: UpsertMode = "sync"): Promise<store.WarehouseRow> {
    const w = validValue(readWarehouse(input));
    assertMayUse(principal, w.code);
    if (mode !== "update") {
      const created = await store.insertWarehouse(tx, w);
      if (created) {
        await writeAudit(tx, principal, "Warehouse", w.code, "create", { ...w });
        return created;
      }
      if (mode === "create") throw conflict(`warehouse ${w.code} already exists`, { field: "code" });
    }
    const current = await store.lockWarehouse(tx, w.code);
    if (!current) throw notFound("Warehouse", w.code);
    if (current.active && !w.active && (await warehouseHasStock(tx, current.id))) {
      throw badInput(`warehouse ${w.code} holds stock; move it out before deactivating`, { field: "active" });
    }
    const row = await store.updateWarehouse(tx, w);
    await writeAudit(tx, principal, "Warehouse", w.code, "update", { ...w });
    return row;
  }

  async upsertLocation(tx: Tx, input: LocationInput, principal: Principal, mode: UpsertMode = "sync"): Promise<store.LocationRow> {
    const l = validValue(readLocation(input));
    const warehouse = await this.requireWarehouse(tx, l.warehouseCode, "warehouseCode", principal);
    const key = `${warehouse.code}/${l.code}`;
    if (mode !== "update") {
      const created = await store.insertLocation(tx, warehouse.id, l);
      if (created) {
        await writeAudit(tx, principal, "Location", key, "create", { ...l });
        return created;
      }
      if (mode === "create") throw conflict(`location ${key} already exists`, { field: "code" });
    }
    const current = await store.lockLocation(tx, warehouse.id, l.code);
    if (!current) throw notFound("Location", key);
    const changesUse = current.kind !== l.kind || (current.active && !l.active);
    if (changesUse && (await locationHasStock(tx, current.id))) {
      const field = current.kind !== l.kind ? "kind" : "active";
      throw badInput(`location ${key} holds stock: its ${field} cannot change until it is empty`, { field });
    }
    const row = await store.updateLocation(tx, current.id, l);
    await writeAudit(tx, principal, "Location", key, "update", { ...l });
    return row;
  }

  /** Deletes an empty location that never held stock; one with stock is CONFLICT, one with history INVALID_STATE (deactivate it). */
  async deleteLocation(warehouseCode: string, code: string, principal: Principal): Promise<boolean> {
    const { deleted } = await runCommand(this.db, unkeyed(principal, "deleteLocation"), async (tx) => {
      const warehouse = await this.requireWarehouse(tx, warehouseCode, "warehouseCode", principal);
      const key = `${warehouse.code}/${code.trim().toUpperCase()}`;
      const current = await store.lockLocation(tx, warehouse.id, code.trim().toUpperCase());
      if (!current) throw notFound("Location", key);
      if (await locationHasStock(tx, current.id)) throw conflict(`location ${key} holds stock and cannot be deleted`, { field: "code" });
      if ((await locationIsReferenced(tx, current.id)) || (await locationHasDevices(tx, current.id))) {
        throw new DomainError("INVALID_STATE", `location ${key} has history; deactivate it instead`, { field: "code" });
      }
      await store.deleteLocation(tx, current.id);
      await writeAudit(tx, principal, "Location", key, "delete", {});
      return { deleted: true };
    });
    return deleted;
  }

  /** A warehouse by code in the caller's transaction; BAD_USER_INPUT naming `field` when unknown. */
  async requireWarehouse(tx: Tx, code: string, field: string, principal: Principal): Promise<store.WarehouseRow> {
    const c = code.trim().toUpperCase();
    assertMayUse(principal, c);
    const w = await store.warehouseByCode(tx, c);
    if (!w) throw badInput(`unknown warehouse ${JSON.stringify(code)}`, { field });
    return w;
  }

  /** Warehouses and locations by code, for comparing with what an import would write. */
  warehousesByCodes(tx: Tx, codes: readonly string[]) {
    return store.warehousesByCodes(tx, codes);
  }

  locationsOfWarehouses(tx: Tx, warehouseCodes: readonly string[]) {
    return store.locationsOfWarehouses(tx, warehouseCodes);
  }

  warehousesByIds(tx: Tx, ids: readonly number[]) {
    return store.warehousesByIds(tx, ids);
  }

  locationsByIds(tx: Tx, ids: readonly number[]) {
    return store.locationsByIds(tx, ids);
  }

  /**
   * The warehouse a caller named (id or code) in the caller's transaction, if the caller may use it: a code out
   * of scope is FORBIDDEN whether it exists or not, an id out of scope NOT_FOUND like a missing one.
   */
  async warehouseIn(tx: Tx, ref: Ref, principal: Principal): Promise<store.WarehouseRow> {
    if ("code" in ref) assertMayUse(principal, ref.code.trim().toUpperCase());
    const [w] = "id" in ref ? await store.warehousesByIds(tx, [ref.id]) : [await store.warehouseByCode(tx, ref.code.trim().toUpperCase())];
    if (!w) throw notFound("Warehouse", keyOf(ref));
    assertVisible(principal, w.code, "Warehouse", keyOf(ref));
    return w;
  }

  /** A location of the warehouse named by id or code (active or not); one of another warehouse is NOT_FOUND within it. */
  async locationIn(tx: Tx, warehouse: { id: number; code: string }, ref: Ref): Promise<store.LocationRow> {
    const [l] = "id" in ref ? await store.locationsByIds(tx, [ref.id]) : [await store.locationByCode(tx, warehouse.id, ref.code.trim().toUpperCase())];
    if (!l || l.warehouseId !== warehouse.id) throw notFound("Location", keyOf(ref), warehouse.code);
    return l;
  }

  saveWarehouse(input: WarehouseInput, principal: Principal, mode: UpsertMode) {
    return runCommand(this.db, unkeyed(principal, "saveWarehouse"), (tx) => this.upsertWarehouse(tx, input, principal, mode));
  }

  saveLocation(input: LocationInput, principal: Principal, mode: UpsertMode) {
    return runCommand(this.db, unkeyed(principal, "saveLocation"), (tx) => this.upsertLocation(tx, input, principal, mode));
  }
}

