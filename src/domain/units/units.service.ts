/**
 * Units of measure. For bulk import: `validateUnit(input)` (pure) lists every field problem of a row;
 * `upsertUnit(tx, input, principal, mode)` writes one row inside the caller's transaction (audited) and
 * throws a DomainError naming the field when the row cannot be written.
 */
import type { Principal } from "../../auth/principal";
import type { Database } from "../../db/database";
import type { Tx } from "../../db/transaction";
import { runCommand, unkeyed } from "../idempotency/command";
import { writeAudit } from "../security/audit";
import { badInput, conflict, notFound } from "../shared/domain-error";
import { validValue, type UpsertMode } from "../shared/field-errors";
import { materialWithStockFinerThan } from "../stock";
import { readUnit, validateUnit, type UnitInput } from "./unit.rules";
import * as store from "./units.store";

export class UnitService {
  constructor(private readonly db: Database) {}

  readonly validateUnit = validateUnit;

  async upsertUnit(tx: Tx, input: UnitInput, principal: Principal, mode: UpsertMode = "sync"): Promise<store.UnitRow> {
    const u = validValue(readUnit(input));
    if (mode !== "update") {
      const created = await store.insertUnit(tx, u);
      if (created) {
        await writeAudit(tx, principal, "UnitOfMeasure", u.code, "create", { ...u });
        return created;
      }
      if (mode === "create") throw conflict(`unit of measure ${u.code} already exists`, { field: "code" });
    }
    const current = await store.lockUnit(tx, u.code);
    if (!current) throw notFound("UnitOfMeasure", u.code);
    if (u.precision < current.precision) {
      const material = await materialWithStockFinerThan(tx, u.code, u.precision);
      if (material) {
        throw badInput(`precision ${u.precision} would round the stock of ${material}`, { field: "precision", material });
      }
    }
    const row = await store.updateUnit(tx, u);
    await writeAudit(tx, principal, "UnitOfMeasure", u.code, "update", { ...u });
    return row;
  }

  readonly requireUnit = requireUnit;

  save(input: UnitInput, principal: Principal, mode: UpsertMode) {
    return runCommand(this.db, unkeyed(principal, "saveUnit"), (tx) => this.upsertUnit(tx, input, principal, mode));
  }

  list() {
    return store.allUnits(this.db.sql);
  }
}

/** A unit by code inside the caller's transaction; BAD_USER_INPUT naming `field` when it does not exist. */
export async function requireUnit(tx: Tx, code: string, field: string): Promise<store.UnitRow> {
  const u = await store.unitByCode(tx, code.trim().toUpperCase());
  if (!u) throw badInput(`unknown unit of measure ${JSON.stringify(code)}`, { field });
  return u;
}
