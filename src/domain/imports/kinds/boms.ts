import { MASTER_DATA } from "../../../auth/roles";
import { lockBoms, lowLevelCodesWith, storeLowLevelCodes } from "../../bom/bom-graph.store";
import { BomCycleError } from "../../bom/bom.errors";
import { bomsOfMaterials, linesOfParents } from "../../bom/bom.queries";
import { readBom } from "../../bom/bom.rules";
import type { BomService } from "../../bom/bom.service";
import { storedMaterialsByCode } from "../../materials";
import { materialsByIds } from "../../materials/material.queries";
import { recordKind, sameDecimal, sameTime } from "./record-kind";

interface BomFileLine {
  parentCode: string;
  componentCode: string;
  quantityPer: string;
  scrapPct: string | null;
  operationSeq: number | null;
  validFrom: Date | null;
  validTo: Date | null;
  baseQuantity: string | null;
}

type BomInput = { parentCode: string; baseQuantity: string; lines: Omit<BomFileLine, "parentCode" | "baseQuantity">[]; baseQuantities: (string | null)[] };

/**
 * BOMs: one line per BOM line; a parent's lines are its whole BOM (replaced as a whole, positions in file
 * order). The graph the whole file makes is checked for cycles at once (BOM_CYCLE on each line of the
 * cycle); the low-level codes are stored once, after the last BOM.
 */
export const bomsKind = (boms: BomService) =>
  recordKind({
    name: "boms",
    roles: MASTER_DATA,
    columns: ["parentCode", "componentCode", "quantityPer", "scrapPct", "operationSeq", "validFrom", "validTo", "baseQuantity"],
    required: ["parentCode", "componentCode", "quantityPer"],
    parse: (r): BomFileLine => ({
      parentCode: r.text("parentCode")?.toUpperCase() ?? "",
      componentCode: r.text("componentCode")?.toUpperCase() ?? "",
      quantityPer: r.text("quantityPer") ?? "",
      scrapPct: r.text("scrapPct"),
      operationSeq: r.int("operationSeq", 1, 1_000_000),
      validFrom: r.date("validFrom"),
      validTo: r.date("validTo"),
      baseQuantity: r.text("baseQuantity"),
    }),
    key: (l) => ({ field: "componentCode", value: `${l.parentCode}/${l.componentCode}` }),
    group: (l) => l.parentCode,
    input: (lines): BomInput => ({
      parentCode: lines[0].parentCode,
      baseQuantity: lines[0].baseQuantity ?? "1",
      lines: lines.map(({ parentCode: _p, baseQuantity: _b, ...l }) => l),
      baseQuantities: lines.map((l) => l.baseQuantity),
    }),
    read(input) {
      const { value, errors } = readBom(input);
      input.baseQuantities.forEach((b, i) => {
        if ((b ?? "1") !== input.baseQuantity) errors.push({ field: `lines[${i}].baseQuantity`, message: `the lines of ${input.parentCode} name different base quantities` });
      });
      return { value: value && errors.length === 0 ? { parentCode: input.parentCode, baseQuantity: value.baseQuantity, lines: value.lines.map((l, i) => ({ ...l, componentCode: input.lines[i].componentCode })) } : null, errors };
    },
    columnOf: { materialCode: "parentCode", component: "componentCode", lines: "componentCode" },

    async across(sql, records, report) {
      const materials = await storedMaterialsByCode(sql, [...new Set(records.flatMap((r) => [r.value.parentCode, ...r.value.lines.map((l) => l.componentCode)]))]);
      const replaced = new Map<number, number[]>();
      for (const { value } of records) {
        const ids = [value.parentCode, ...value.lines.map((l) => l.componentCode)].map((c) => materials.get(c)?.id);
        // a BOM naming an unknown material is reported by its own check
        if (ids.every((id) => id !== undefined)) replaced.set(ids[0]!, ids.slice(1) as number[]);
      }
      try {
        await lowLevelCodesWith(sql, replaced);
      } catch (e) {
        if (!(e instanceof BomCycleError)) throw e;
        const codes = new Map([...materials.values()].map((m) => [m.id, m.code]));
        for (let i = 0; i + 1 < e.path.length; i++) {
          const record = records.find((r) => r.value.parentCode === codes.get(e.path[i]));
          const line = record?.lines.find((l) => l.input.componentCode === codes.get(e.path[i + 1]));
          if (line) report(line.line, e, "componentCode");
        }
      }
    },

    async stored(sql, values) {
      const parents = await storedMaterialsByCode(sql, values.map((v) => v.parentCode));
      const ids = [...parents.values()].map((m) => m.id);
      const lines = await linesOfParents(sql, ids);
      const codes = new Map((await materialsByIds(sql, [...new Set(lines.map((l) => l.componentId))])).map((m) => [m.id, m.code]));
      const codeOf = new Map([...parents.values()].map((m) => [m.id, m.code]));
      return new Map(
        (await bomsOfMaterials(sql, ids)).map((b) => [
          codeOf.get(b.materialId)!,
          { baseQuantity: b.baseQuantity, lines: lines.filter((l) => l.parentId === b.materialId).map((l) => ({ ...l, componentCode: codes.get(l.componentId)! })) },
        ]),
      );
    },
    recordKey: (v) => v.parentCode,
    // the lines in position order, as the file's
    same: (v, s) =>
      sameDecimal(v.baseQuantity, s.baseQuantity) &&
      v.lines.length === s.lines.length &&
      v.lines.every((l, i) => {
        const o = s.lines[i];
        return l.componentCode === o.componentCode && sameDecimal(l.quantityPer, o.quantityPer) && sameDecimal(l.scrapPct, o.scrapPct) &&
          l.operationSeq === o.operationSeq && sameTime(l.validFrom, o.validFrom) && sameTime(l.validTo, o.validTo);
      }),
    upsert: (tx, b, principal) => boms.upsertBom(tx, { code: b.parentCode }, { baseQuantity: b.baseQuantity, lines: b.lines }, principal, { graph: false }),
    async finish(tx) {
      await lockBoms(tx);
      await storeLowLevelCodes(tx, await lowLevelCodesWith(tx));
    },
  });

