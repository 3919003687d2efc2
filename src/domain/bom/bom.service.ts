import type { Principal } from "../../auth/principal";
import type { Database } from "../../db/database";
import type { Tx } from "../../db/transaction";
import { writeEvent } from "../../events/outbox";
import { runCommand, unkeyed } from "../idempotency/command";
import { materialsByCodes, materialsByIds } from "../materials/material.queries";
import { writeAudit } from "../security/audit";
import { badInput, notFound, type DomainError } from "../shared/domain-error";
import { validValue } from "../shared/field-errors";
import { parseQuantity } from "../shared/quantity";
import { keyOf, pairOf, refOf, type Named, type Ref } from "../shared/ref";
import { lockBoms, lowLevelCodesWith, storeLowLevelCodes } from "./bom-graph.store";
import { lineColumnsOfParents, linesAbove, linesBelow, toEdge, type BomLineRow } from "./bom.queries";
import { readBom, type BomLineValuesInput } from "./bom.rules";
import { writeBom, type BomRecord } from "./bom.store";
import { explodeBom, whereUsed } from "./explode-bom";

export type BomLineInput = Named<"component"> & BomLineValuesInput;

export class BomService {
  constructor(private readonly db: Database) {}

  /**
   * Creates or replaces the BOM of the material with `lines`, after checking every component, quantity
   * and the whole BOM graph for cycles; recomputes the low-level code of every material whose code changes.
   * All or nothing: bad input writes nothing.
   */
  replace(material: Ref, lines: BomLineInput[], baseQuantity: string, actor: Principal) {
    return runCommand(this.db, unkeyed(actor, "replaceBom"), (tx) => this.upsertBom(tx, material, { baseQuantity, lines }, actor));
  }

  /**
   * `replace` inside the caller's transaction. With `graph: false` the caller checks the BOM graph for
   * cycles and stores the low-level codes itself, once for many BOMs (`lowLevelCodesWith`, `storeLowLevelCodes`).
   */
  async upsertBom(tx: Tx, material: Ref, input: { baseQuantity: string; lines: BomLineInput[] }, actor: Principal, { graph = true } = {}): Promise<BomRecord> {
    const value = validValue(readBom(input));
    await lockBoms(tx);
    const [parent] = "id" in material ? await materialsByIds(tx, [material.id]) : await materialsByCodes(tx, [material.code.trim().toUpperCase()]);
    if (!parent) throw withField(notFound("Material", keyOf(material)), "materialCode");
    if (parent.type !== "MAKE") throw badInput(`${parent.code} is bought, not made: it cannot have a BOM`, { field: "materialCode" });
    if (parent.archivedAt) throw badInput(`${parent.code} is archived`, { field: "materialCode" });

    const refs = input.lines.map((line, i) => refOf("Material", `lines[${i}].component`, pairOf(line, "component")));
    const ids = refs.flatMap((r) => ("id" in r ? [r.id] : []));
    const codes = refs.flatMap((r) => ("code" in r ? [r.code.toUpperCase()] : []));
    const components = [...(await materialsByIds(tx, ids)), ...(await materialsByCodes(tx, codes))];
    const byKey = new Map(components.flatMap((c) => [[`id:${c.id}`, c] as const, [`code:${c.code}`, c] as const]));
    const found = refs.map((r) => byKey.get("id" in r ? `id:${r.id}` : `code:${r.code.toUpperCase()}`));
    const present = found.filter((c) => c !== undefined);
    if (new Set(present.map((c) => c.id)).size !== present.length) throw badInput("a component appears twice in the BOM", { field: "lines" });
    const data = value.lines.map((line, i) => {
      const c = found[i];
      if (!c) throw withField(notFound("Material", keyOf(refs[i])), `lines[${i}].component`);
      if (c.archivedAt) throw badInput(`${c.code} is archived`, { field: `lines[${i}]` });
      return { ...line, componentId: c.id, quantityPer: line.quantityPer.toFixed(), scrapPct: line.scrapPct.toFixed() };
    });

    const levels = graph ? await lowLevelCodesWith(tx, new Map([[parent.id, data.map((d) => d.componentId)]])) : null;
    const before = await lineColumnsOfParents(tx, [parent.id], ["componentId"]);
    const bom = await writeBom(tx, parent.id, value.baseQuantity.toFixed(), data, actor.id);
    // net-change planning re-plans the parent's components, before and after, in every warehouse
    const materialIds = [...new Set([parent.id, ...before.map((l) => l.componentId), ...data.map((d) => d.componentId)])];
    await writeEvent(tx, "planning.masterChanged", { materialIds, cause: "BOM", warehouseId: null, warehouseCode: null });
    if (levels) await storeLowLevelCodes(tx, levels);
    await writeAudit(tx, actor, "Bom", parent.code, "replace", {
      baseQuantity: value.baseQuantity.toString(),
      lines: input.lines.map(({ componentId: _named, ...l }, i) => ({ ...l, componentCode: found[i]!.code })),
    });
    return bom;
  }

  async explode(materialId: number, quantity: string, asOf = new Date()) {
    const q = parseQuantity(quantity, { field: "quantity" });
    const rows = await linesBelow(this.db.sql, materialId, asOf);
    return explodeBom(materialId, q, indexBy(rows, (r) => r.parentId));
  }

  async whereUsed(materialId: number, asOf = new Date()) {
    const rows = await linesAbove(this.db.sql, materialId, asOf);
    return whereUsed(materialId, indexBy(rows, (r) => r.componentId));
  }
}

const withField = (e: DomainError, field: string) => Object.assign(e, { details: { ...e.details, field } });

function indexBy(rows: BomLineRow[], key: (r: BomLineRow) => number) {
  const map = new Map<number, ReturnType<typeof toEdge>[]>();
  for (const r of rows) {
    let list = map.get(key(r));
    if (!list) map.set(key(r), (list = []));
    list.push(toEdge(r));
  }
  return (id: number) => map.get(id) ?? [];
}

