import type { Principal } from "../../auth/principal";
import type { Sql } from "../../db/database";
import type { Prisma, PrismaClient } from "../../generated/prisma/client";
import { writeAudit } from "../security/audit";
import { badInput, notFound } from "../shared/domain-error";
import { parseQuantity } from "../shared/quantity";
import { keyOf, pairOf, refOf, type Named, type Ref } from "../shared/ref";
import { BomCycleError } from "./bom.errors";
import { linesAbove, linesBelow, toEdge, type BomLineRow } from "./bom.queries";
import { explodeBom, whereUsed } from "./explode-bom";
import { computeLowLevelCodes } from "./low-level-codes";

export type BomLineInput = Named<"component"> & {
  quantityPer: string;
  scrapPct?: string;
  operationSeq?: number | null;
  validFrom?: Date | null;
  validTo?: Date | null;
};

/** Serialises BOM changes so that two concurrent edits cannot build a cycle between them. */
const BOM_LOCK = 74_260_002;

export class BomService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly sql: Sql,
  ) {}

  /**
   * Creates or replaces the BOM of the material with `lines`, after checking every component, quantity
   * and the whole BOM graph for cycles; recomputes the low-level code of every material whose code changes.
   * All or nothing: bad input writes nothing.
   */
  replace(material: Ref, lines: BomLineInput[], baseQuantityText: string, actor: Principal) {
    return this.prisma.$transaction((tx) => this.replaceIn(tx, material, lines, baseQuantityText, actor), { timeout: 30_000 });
  }

  /** `replace` inside the caller's transaction (the demo plant is built in one). */
  async replaceIn(tx: Prisma.TransactionClient, material: Ref, lines: BomLineInput[], baseQuantityText: string, actor: Principal) {
    const baseQuantity = parseQuantity(baseQuantityText, { field: "baseQuantity" });
    if (lines.length > 500) throw badInput("a BOM has at most 500 lines", { field: "lines" });
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${BOM_LOCK})`;
    const parent = await tx.material.findUnique({ where: "id" in material ? { id: material.id } : { code: material.code.toUpperCase() } });
    if (!parent) throw notFound("Material", keyOf(material));
    if (parent.type !== "MAKE") throw badInput(`${parent.code} is bought, not made: it cannot have a BOM`, { field: "materialCode" });
    if (parent.archivedAt) throw badInput(`${parent.code} is archived`, { field: "materialCode" });

    const refs = lines.map((line, i) => refOf("Material", `lines[${i}].component`, pairOf(line, "component")));
    const ids = refs.flatMap((r) => ("id" in r ? [r.id] : []));
    const codes = refs.flatMap((r) => ("code" in r ? [r.code.toUpperCase()] : []));
    const components = await tx.material.findMany({ where: { OR: [{ id: { in: ids } }, { code: { in: codes } }] }, include: { uom: true } });
    const byKey = new Map(components.flatMap((c) => [[`id:${c.id}`, c] as const, [`code:${c.code}`, c] as const]));
    const found = refs.map((r) => byKey.get("id" in r ? `id:${r.id}` : `code:${r.code.toUpperCase()}`));
    const present = found.filter((c) => c !== undefined);
    if (new Set(present.map((c) => c.id)).size !== present.length) throw badInput("a component appears twice in the BOM", { field: "lines" });
    const data = lines.map((line, i) => {
      const field = `lines[${i}]`;
      const c = found[i];
      if (!c) throw notFound("Material", keyOf(refs[i]));
      if (c.archivedAt) throw badInput(`${c.code} is archived`, { field });
      const scrapPct = parseQuantity(line.scrapPct ?? "0", { field: `${field}.scrapPct`, precision: 4, allowZero: true });
      if (scrapPct.greaterThanOrEqualTo(100)) throw badInput("scrapPct must be below 100", { field: `${field}.scrapPct` });
      if (line.validFrom && line.validTo && line.validTo <= line.validFrom) {
        throw badInput("validTo must be after validFrom", { field: `${field}.validTo` });
      }
      if (line.operationSeq != null && (!Number.isInteger(line.operationSeq) || line.operationSeq < 1)) {
        throw badInput("operationSeq must be a positive whole number", { field: `${field}.operationSeq` });
      }
      return {
        position: i + 1,
        componentId: c.id,
        quantityPer: parseQuantity(line.quantityPer, { field: `${field}.quantityPer` }),
        scrapPct,
        operationSeq: line.operationSeq ?? null,
        validFrom: line.validFrom ?? null,
        validTo: line.validTo ?? null,
      };
    });

    const levels = await this.checkGraph(tx, parent.id, data.map((d) => d.componentId));
    const bom = await tx.bom.upsert({
      where: { materialId: parent.id },
      create: { materialId: parent.id, baseQuantity, createdBy: actor.id, updatedBy: actor.id },
      update: { baseQuantity, revision: { increment: 1 }, updatedBy: actor.id },
    });
    await tx.bomLine.deleteMany({ where: { bomId: bom.id } });
    await tx.bomLine.createMany({ data: data.map((d) => ({ ...d, bomId: bom.id })) });
    await this.storeLowLevelCodes(tx, levels);
    await writeAudit(tx, actor, "Bom", parent.code, "replace", {
      baseQuantity: baseQuantity.toString(),
      lines: lines.map(({ componentId: _named, ...l }, i) => ({ ...l, componentCode: found[i]!.code })),
    });
    return bom;
  }

  /** Low-level codes of the graph with the parent's lines replaced; throws BomCycleError naming codes. */
  private async checkGraph(tx: Prisma.TransactionClient, parentId: number, componentIds: number[]) {
    const edges = await tx.$queryRaw<{ parentId: number; componentId: number }[]>`
      SELECT b.material_id AS "parentId", l.component_id AS "componentId"
        FROM bom_line l JOIN bom b ON b.id = l.bom_id WHERE b.material_id <> ${parentId}`;
    for (const componentId of componentIds) edges.push({ parentId, componentId });
    const ids = (await tx.$queryRaw<{ id: number }[]>`SELECT id FROM material`).map((r) => r.id);
    try {
      return computeLowLevelCodes(ids, edges);
    } catch (e) {
      if (!(e instanceof BomCycleError)) throw e;
      const codes = new Map(
        (await tx.material.findMany({ where: { id: { in: e.path } }, select: { id: true, code: true } })).map((m) => [m.id, m.code]),
      );
      throw new BomCycleError(e.path, (id) => codes.get(id) ?? String(id));
    }
  }

  private async storeLowLevelCodes(tx: Prisma.TransactionClient, levels: Map<number, number>) {
    const ids = [...levels.keys()];
    const codes = ids.map((id) => levels.get(id)!);
    await tx.$executeRaw`
      UPDATE material m SET low_level_code = u.code
        FROM unnest(${ids}::int[], ${codes}::int[]) AS u(id, code)
       WHERE m.id = u.id AND m.low_level_code <> u.code`;
  }

  async explode(materialId: number, quantity: string, asOf = new Date()) {
    const q = parseQuantity(quantity, { field: "quantity" });
    const rows = await linesBelow(this.sql, materialId, asOf);
    return explodeBom(materialId, q, indexBy(rows, (r) => r.parentId));
  }

  async whereUsed(materialId: number, asOf = new Date()) {
    const rows = await linesAbove(this.sql, materialId, asOf);
    return whereUsed(materialId, indexBy(rows, (r) => r.componentId));
  }
}

function indexBy(rows: BomLineRow[], key: (r: BomLineRow) => number) {
  const map = new Map<number, ReturnType<typeof toEdge>[]>();
  for (const r of rows) {
    let list = map.get(key(r));
    if (!list) map.set(key(r), (list = []));
    list.push(toEdge(r));
  }
  return (id: number) => map.get(id) ?? [];
}

