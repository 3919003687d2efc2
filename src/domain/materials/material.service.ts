/**
 * Materials. For bulk import of alternative units: `validateMaterialUnit(input)` (pure) lists every field
 * problem of a row; `upsertMaterialUnit(tx, input, principal)` writes one inside the caller's transaction.
 * Other areas resolve material codes with `requireMaterial(tx, code, field)` in their own transaction.
 */
import type { Principal } from "../../auth/principal";
import type { Database } from "../../db/database";
import type { Tx } from "../../db/transaction";
import { bomComponentsOf, bomParentsOf } from "../bom/bom.store";
import { runCommand, unkeyed } from "../idempotency/command";
import { badInput, conflict, DomainError, notFound } from "../shared/domain-error";
import { validValue } from "../shared/field-errors";
import { keyOf, type Ref } from "../shared/ref";
import { writeAudit } from "../security/audit";
import * as refs from "../stock/stock-refs";
import { requireUnit } from "../units/units.service";
import { readMaterialUnit, validateMaterialUnit, type MaterialUnitInput } from "./material-units";
import { MATERIAL_DEFAULTS, type MaterialRecord, type MaterialWrite } from "./material.bulk";
import { buyerExists, findMaterials, materialBuyers, materialsByCodes, type MaterialFilter } from "./material.queries";
import * as store from "./material.store";
import { normalizeCode, validateMaterial, type MaterialFields } from "./material.validation";
import { materialArchived, materialsPlanningChanged } from "./planning-changed";
import { parseQuantity } from "../shared/quantity";

export interface CreateMaterial extends MaterialFields {
  code: string;
  name: string;
  uomCode: string;
  type: "MAKE" | "BUY";
}

/** Material master data: create, update (optimistic concurrency), archive. Every change is audited. */
export class MaterialService {
  constructor(private readonly db: Database) {}

  /** A page of materials, in id order. */
  find(filter: MaterialFilter, afterId: number, limit: number) {
    return findMaterials(this.db.sql, filter, afterId, limit);
  }

  /** The material a caller named (id or code); archived ones only when asked for, else NOT_FOUND. */
  named(ref: Ref, opts: { archived?: boolean } = {}) {
    return refs.material(this.db.sql, ref, opts);
  }

  readonly validateMaterialUnit = validateMaterialUnit;

  /** Materials named by id or code, with their buyer (what a buyer's webhook is filtered on). */
  buyersOf(ids: readonly number[], codes: readonly string[]) {
    return materialBuyers(this.db.sql, ids, codes);
  }

  /** A buyer code as stored: BAD_USER_INPUT naming `field` unless some live material has it. */
  async requireBuyer(tx: Tx, buyer: string, field: string): Promise<string> {
    const code = normalizeCode(buyer, field);
    if (!(await buyerExists(tx, code))) throw badInput(`no material has the buyer ${JSON.stringify(code)}`, { field });
    return code;
  }

  /** A live material by code; BAD_USER_INPUT naming `field` when unknown or archived. */
  async requireMaterial(tx: Tx, code: string, field: string): Promise<store.MaterialKey> {
    const m = await store.materialKeyByCode(tx, code.trim().toUpperCase());
    if (!m) throw badInput(`unknown material ${JSON.stringify(code)}`, { field });
    if (m.archived) throw badInput(`material ${m.code} is archived`, { field });
    return m;
  }

  /** Materials by code (unknown ones are missing from the map). */
  async materialsByCode(tx: Tx, codes: string[]): Promise<Map<string, store.MaterialKey>> {
    return new Map((await store.materialKeysByCodes(tx, codes)).map((m) => [m.code, m]));
  }

  /** A live material named by id or code, with its unit weight, in the caller's transaction; NOT_FOUND when missing or archived. */
  async weightOf(tx: Tx, ref: Ref): Promise<store.MaterialWeight> {
    const m = await store.materialWeight(tx, "id" in ref ? ref : { code: ref.code.trim().toUpperCase() });
    if (!m || m.archived) throw notFound("Material", keyOf(ref));
    return m;
  }

  /** Sets a material's unit weight (kilograms per base unit) inside the caller's transaction; audited as an update. */
  async setUnitWeight(tx: Tx, materialCode: string, unitWeight: string, actor: Principal): Promise<void> {
    const m = await this.requireMaterial(tx, materialCode, "materialCode");
    const weight = parseQuantity(unitWeight, { field: "unitWeight", precision: 6 }).toFixed();
    await store.setUnitWeight(tx, m.id, weight, actor.id);
    await writeAudit(tx, actor, "Material", m.id, "update", { unitWeight: weight });
  }

  /** Unit weights of materials by id (archived ones too). */
  weightsOf(tx: Tx, ids: readonly number[]) {
    return store.materialWeights(tx, ids);
  }

  /** The alternative unit of a material, or null. */
  alternativeUnit(tx: Tx, materialId: number, uomCode: string) {
    return store.materialUnit(tx, materialId, uomCode);
  }

  async upsertMaterialUnit(tx: Tx, input: MaterialUnitInput, principal: Principal) {
    const v = validValue(readMaterialUnit(input));
    const m = await this.requireMaterial(tx, v.materialCode, "materialCode");
    await requireUnit(tx, v.uomCode, "uomCode");
    if (v.uomCode === m.uomCode) throw badInput(`${v.uomCode} is the base unit of ${m.code}`, { field: "uomCode" });
    const created = await store.upsertMaterialUnit(tx, m.id, v.uomCode, v.factor.toFixed());
    await writeAudit(tx, principal, "MaterialUnit", `${m.code}/${v.uomCode}`, created ? "create" : "update", { factor: v.factor.toFixed() });
    return (await store.materialUnit(tx, m.id, v.uomCode))!;
  }

  setUnit(input: MaterialUnitInput, principal: Principal) {
    return runCommand(this.db, unkeyed(principal, "setMaterialUnit"), (tx) => this.upsertMaterialUnit(tx, input, principal));
  }

  async deleteUnit(materialCode: string, uomCode: string, principal: Principal): Promise<boolean> {
    const { deleted } = await runCommand(this.db, unkeyed(principal, "deleteMaterialUnit"), async (tx) => {
      const m = await this.requireMaterial(tx, materialCode, "materialCode");
      const code = uomCode.trim().toUpperCase();
      if (!(await store.deleteMaterialUnit(tx, m.id, code))) throw notFound("MaterialUnit", `${m.code}/${code}`);
      await writeAudit(tx, principal, "MaterialUnit", `${m.code}/${code}`, "delete", {});
      return { deleted: true };
    });
    return deleted;
  }

  summaries(tx: Tx, ids: readonly number[]) {
    return store.materialSummaries(tx, ids);
  }

  unitsOf(materialIds: readonly number[]) {
    return store.materialUnits(this.db.sql, materialIds);
  }

  create(input: CreateMaterial, actor: Principal) {
    return runCommand(this.db, unkeyed(actor, "createMaterial"), async (tx) => {
      const uom = await requireUnit(tx, input.uomCode, "uomCode");
      const data = validateMaterial(input, { lotSizing: "LOT_FOR_LOT", ...input }, uom.precision);
      const m = await store.insertMaterial(tx, data, actor.id);
      if (!m) throw conflict(`material ${data.code as string} already exists`, { field: "code" });
      await writeAudit(tx, actor, "Material", m.id, "create", data);
      await materialsPlanningChanged(tx, [], [m.id]);
      return m;
    });
  }

  /**
   * New materials inside the caller's transaction, set-based (each validated as by `create`, audited): how
   * the demo plant is built. A code that exists is CONFLICT.
   */
  async createAll(tx: Tx, inputs: readonly CreateMaterial[], actor: Principal, units: { requireUnit(tx: Tx, code: string, field: string): Promise<{ precision: number }> }) {
    const precisions = new Map<string, number>();
    const writes: MaterialWrite[] = [];
    for (const input of inputs) {
      const uomCode = input.uomCode.trim().toUpperCase();
      if (!precisions.has(uomCode)) precisions.set(uomCode, (await units.requireUnit(tx, uomCode, "uomCode")).precision);
      const valid = validateMaterial(input, { lotSizing: "LOT_FOR_LOT", ...input }, precisions.get(uomCode)!);
      // decimals as exact text, as stored
      const record = { ...MATERIAL_DEFAULTS, ...Object.fromEntries(Object.entries(valid).map(([k, v]) => [k, v !== null && typeof v === "object" ? String(v) : v])) } as MaterialRecord;
      writes.push({ record, changes: record });
    }
    await materialsPlanningChanged(tx, [], await store.writeMaterials(tx, writes, actor, {}));
  }

  update(id: number, patch: MaterialFields, actor: Principal, expectedVersion?: number) {
    return runCommand(this.db, unkeyed(actor, "updateMaterial"), async (tx) => {
      // concurrent changes of one material go one after the other, each on the version before it
      const current = await store.lockMaterial(tx, id);
      if (!current) throw notFound("Material", id);
      if (expectedVersion !== undefined && expectedVersion !== current.version) {
        throw conflict(`material ${current.code} was changed by someone else (version ${current.version}, expected ${expectedVersion})`, {
          field: "version",
        });
      }
      if (patch.code !== undefined && normalizeCode(patch.code) !== current.code) {
        throw badInput("a material's code cannot change; archive it and create a new one", { field: "code" });
      }
      const uom = await requireUnit(tx, patch.uomCode ?? current.uomCode, "uomCode");
      const merged = { ...stringified(current), ...patch };
      const data = validateMaterial(patch, merged, uom.precision);
      delete data.code;
      const m = await store.updateMaterial(tx, current, data, actor.id);
      await writeAudit(tx, actor, "Material", id, "update", data);
      await materialsPlanningChanged(tx, [{ id, fields: data }]);
      return m;
    });
  }

  /**
   * Creates the material or, when its code exists, changes the given fields: what an ERP sending its
   * material master needs, without knowing what the hub has. Two syncs of a new code at once create it
   * once (the later one changes it). An archived material is INVALID_STATE.
   */
  async sync(input: CreateMaterial, actor: Principal) {
    const code = normalizeCode(input.code);
    const [existing] = await materialsByCodes(this.db.sql, [code]);
    if (!existing) {
      try {
        return await this.create(input, actor);
      } catch (e) {
        if (!(e instanceof DomainError && e.code === "CONFLICT")) throw e;
      }
    }
    const current = existing ?? (await materialsByCodes(this.db.sql, [code]))[0];
    if (current.archivedAt) throw new DomainError("INVALID_STATE", `material ${code} is archived`, { field: "code" });
    return this.update(current.id, input, actor);
  }

  /** Archived materials leave lists and cannot go into new BOMs; history keeps pointing at them. */
  archive(id: number, actor: Principal) {
    return runCommand(this.db, unkeyed(actor, "archiveMaterial"), async (tx) => {
      const current = await store.lockMaterial(tx, id);
      if (!current) throw notFound("Material", id);
      if (current.archivedAt) return current;
      const usedBy = await store.firstLiveCode(tx, await bomParentsOf(tx, id));
      if (usedBy) throw conflict(`material ${current.code} is a component of ${usedBy}; change that BOM first`);
      const m = await store.archiveMaterial(tx, id, actor.id);
      await writeAudit(tx, actor, "Material", id, "archive", {});
      await materialArchived(tx, id, await bomComponentsOf(tx, id));
      return m;
    });
  }
}

/** A stored material with decimals as strings, to merge with a patch for cross-field validation. */
function stringified(m: object): MaterialFields & { lotSizing: MaterialFields["lotSizing"] & string } {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(m)) out[k] = v !== null && typeof v === "object" && "toFixed" in v ? String(v) : v;
  return out as unknown as ReturnType<typeof stringified>;
}
