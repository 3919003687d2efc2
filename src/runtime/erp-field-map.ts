/**
 * The fields of a pushed purchase-suggestion line, under the hub's names, and the per-site renaming
 * to the ERP's names (`ERP_FIELD_MAP`). Pure: no I/O, so config validation and tests use it directly.
 */
export interface SuggestionLine {
  suggestionId: number;
  runId: number;
  materialCode: string;
  warehouseCode: string;
  /** exact decimal as text, without trailing zeros */
  quantity: string;
  uom: string;
  /** the preferred supplier MRP planned it with, if any */
  supplierCode: string | null;
  /** YYYY-MM-DD */
  orderDate: string;
  dueDate: string;
}

export const LINE_FIELDS: readonly (keyof SuggestionLine)[] = [
  "suggestionId",
  "runId",
  "materialCode",
  "warehouseCode",
  "quantity",
  "uom",
  "supplierCode",
  "orderDate",
  "dueDate",
];

/** hub field → ERP field; fields not named keep the hub's name */
export type FieldMap = Readonly<Record<string, string>>;

/**
 * Reads `ERP_FIELD_MAP`: a JSON object from hub field names to ERP field names. Throws an Error whose
 * message says what is wrong (see checkFieldMap).
 */
export function parseFieldMap(text: string): FieldMap {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error('expected a JSON object such as {"materialCode":"MATNR"}');
  }
  return checkFieldMap(value, LINE_FIELDS);
}

/**
 * A field map over `fields`: throws an Error (its message after `prefix`) when it is not an object, names an
 * unknown field, maps one to an empty name, or would send two fields under the same ERP name.
 */
export function checkFieldMap(value: unknown, fields: readonly string[], prefix = ""): FieldMap {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error(`${prefix}expected a JSON object such as {"materialCode":"MATNR"}`);
  const map = value as Record<string, unknown>;
  for (const [from, to] of Object.entries(map)) {
    if (!fields.includes(from)) throw new Error(`${prefix}unknown field ${JSON.stringify(from)}; the fields are ${fields.join(", ")}`);
    if (typeof to !== "string" || to.trim() === "") throw new Error(`${prefix}${from} must map to a non-empty string`);
  }
  const targets = fields.map((f) => (map[f] as string | undefined) ?? f);
  const twice = targets.find((name, i) => targets.indexOf(name) !== i);
  if (twice !== undefined) throw new Error(`${prefix}two fields would be sent as ${JSON.stringify(twice)}`);
  return map as FieldMap;
}

/** The line under the ERP's field names. */
export function mapLine(line: object, map: FieldMap): Record<string, unknown> {
  return Object.fromEntries(Object.entries(line).map(([field, value]) => [map[field] ?? field, value]));
}
