import { MASTER_DATA } from "../../../auth/roles";
import {
  changedFields, MATERIAL_DEFAULTS, materialsPlanningChanged, normalizeCode, storedMaterialsByCode, validateMaterial, writeMaterials, type MaterialFields, type MaterialRecord, type MaterialWrite,
} from "../../materials";
import { DomainError } from "../../shared/domain-error";
import { allUnits } from "../../units";
import type { ImportKind } from "../import.types";

type Input = MaterialFields & { code: string };
type Ready = MaterialWrite | null;

const COLUMNS = ["code", "name", "description", "uomCode", "type", "leadTimeDays", "lotSizing", "lotSizeFixed", "lotSizeMin", "lotSizeMultiple",
  "lotSizeMax", "periodsOfSupply", "safetyStock", "abcClass", "lotTracked"] as const;

/**
 * Materials by code: a new code is created, a known one gets the values of the file's columns (columns the
 * file does not have keep their values; an empty cell sets the default / no value).
 */
export const materialsKind: ImportKind<Input, Ready> = {
  name: "materials",
  roles: MASTER_DATA,
  columns: COLUMNS,
  required: ["code", "name", "uomCode", "type"],
  batchSize: 5_000,

  parse(r) {
    const text = (f: (typeof COLUMNS)[number]) => (r.has(f) ? r.text(f) : undefined);
    const code = r.check("code", () => normalizeCode(r.text("code", { required: true })));
    const input: Input = { code, name: r.text("name", { required: true, max: 200 }), uomCode: r.text("uomCode", { required: true }).toUpperCase() };
    if (r.text("type", { required: true })) input.type = r.oneOf("type", ["MAKE", "BUY"]) ?? undefined;
    if (r.has("description")) input.description = r.text("description");
    if (r.has("leadTimeDays")) input.leadTimeDays = r.int("leadTimeDays", 0, 3650) ?? MATERIAL_DEFAULTS.leadTimeDays;
    if (r.has("lotSizing")) input.lotSizing = r.oneOf("lotSizing", ["LOT_FOR_LOT", "FIXED", "MIN_MULTIPLE_MAX", "PERIODS_OF_SUPPLY"]) ?? "LOT_FOR_LOT";
    for (const f of ["lotSizeFixed", "lotSizeMin", "lotSizeMultiple", "lotSizeMax"] as const) if (r.has(f)) input[f] = text(f);
    if (r.has("periodsOfSupply")) input.periodsOfSupply = r.int("periodsOfSupply", 1, 104);
    if (r.has("safetyStock")) input.safetyStock = text("safetyStock") ?? MATERIAL_DEFAULTS.safetyStock;
    if (r.has("abcClass")) input.abcClass = r.oneOf("abcClass", ["A", "B", "C"]);
    if (r.has("lotTracked")) input.lotTracked = r.bool("lotTracked") ?? MATERIAL_DEFAULTS.lotTracked;
    return input;
  },

  key: (input) => ({ field: "code", value: input.code }),

  async prepare(sql, rows, report) {
    const units = new Map((await allUnits(sql)).map((u) => [u.code, u.precision]));
    const existing = await storedMaterialsByCode(sql, rows.map((r) => r.input.code));
    return rows.map(({ line, input }): Ready => {
      try {
        const precision = units.get(input.uomCode!);
        if (precision === undefined) throw new DomainError("NOT_FOUND", `unknown unit of measure ${JSON.stringify(input.uomCode)}`, { field: "uomCode" });
        const current = existing.get(input.code);
        if (current?.archived) throw new DomainError("INVALID_STATE", `material ${input.code} is archived`, { field: "code" });
        const before: MaterialRecord = current ?? { code: input.code, name: "", uomCode: "", type: "", ...MATERIAL_DEFAULTS };
        const merged = { ...before, ...input } as MaterialFields & { lotSizing: NonNullable<MaterialFields["lotSizing"]> };
        const valid = validateMaterial(input, merged, precision);
        // decimals as exact text, as stored
        const record = { ...before } as Record<string, unknown>;
        for (const k in valid) {
          const v = (valid as Record<string, unknown>)[k];
          record[k] = v !== null && typeof v === "object" ? String(v) : v;
        }
        if (!current) return { record: record as unknown as MaterialRecord, changes: record };
        const changes = changedFields(current, record as unknown as MaterialRecord);
        return Object.keys(changes).length === 0 ? null : { current, record: record as unknown as MaterialRecord, changes };
      } catch (e) {
        report(line, e, "code");
        return null;
      }
    });
  },

  async apply(tx, batch, { importId, actor }) {
    const writes = batch.filter((w): w is MaterialWrite => w !== null);
    const createdIds = await writeMaterials(tx, writes, actor, { importId });
    await materialsPlanningChanged(tx, writes.flatMap((w) => (w.current ? [{ id: w.current.id, fields: w.changes }] : [])), createdIds);
    const created = writes.filter((w) => !w.current).length;
    return { created, updated: writes.length - created, unchanged: batch.length - writes.length };
  },
};
