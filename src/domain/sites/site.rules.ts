import { FieldChecks, type FieldError } from "../shared/field-errors";

export type WarehouseKind = "PLANT" | "STORE";
export type LocationKind = "STORAGE" | "RECEIVING" | "SHIPPING" | "PRODUCTION" | "QUARANTINE";
const WAREHOUSE_KINDS: readonly string[] = ["PLANT", "STORE"];
const LOCATION_KINDS: readonly string[] = ["STORAGE", "RECEIVING", "SHIPPING", "PRODUCTION", "QUARANTINE"];

export interface WarehouseInput { code: string; name: string; kind?: WarehouseKind | null; active?: boolean | null }
export interface LocationInput {
  warehouseCode: string;
  code: string;
  name: string;
  kind?: LocationKind | null;
  pickSequence?: number | null;
  x?: string | null;
  y?: string | null;
  capacity?: string | null;
  active?: boolean | null;
}

export interface WarehouseValues { code: string; name: string; kind: WarehouseKind; active: boolean }
export interface LocationValues {
  warehouseCode: string; code: string; name: string; kind: LocationKind; pickSequence: number | null;
  x: string | null; y: string | null; capacity: string | null; active: boolean;
}

export function readWarehouse(input: WarehouseInput): { value: WarehouseValues | null; errors: FieldError[] } {
  const c = new FieldChecks();
  const code = c.code(input.code, "code");
  const name = c.text(input.name, "name");
  const kind = input.kind ?? "STORE";
  if (!WAREHOUSE_KINDS.includes(kind)) c.fail("kind", `kind must be one of ${WAREHOUSE_KINDS.join(", ")}`);
  return { value: c.errors.length ? null : { code: code!, name: name!, kind, active: input.active ?? true }, errors: c.errors };
}

const coordinate = (c: FieldChecks, v: string | null | undefined, field: string) =>
  v == null ? null : c.decimal(v, field, { precision: 3, allowZero: true })?.toFixed() ?? null;

export function readLocation(input: LocationInput): { value: LocationValues | null; errors: FieldError[] } {
  const c = new FieldChecks();
  const warehouseCode = c.code(input.warehouseCode, "warehouseCode");
  const code = c.code(input.code, "code");
  const name = c.text(input.name, "name");
  const kind = input.kind ?? "STORAGE";
  if (!LOCATION_KINDS.includes(kind)) c.fail("kind", `kind must be one of ${LOCATION_KINDS.join(", ")}`);
  const pickSequence = input.pickSequence == null ? null : c.int(input.pickSequence, "pickSequence", 0, 1_000_000) ?? null;
  const x = coordinate(c, input.x, "x");
  const y = coordinate(c, input.y, "y");
  const capacity = input.capacity == null ? null : c.decimal(input.capacity, "capacity")?.toFixed() ?? null;
  if (c.errors.length) return { value: null, errors: c.errors };
  return { value: { warehouseCode: warehouseCode!, code: code!, name: name!, kind, pickSequence, x, y, capacity, active: input.active ?? true }, errors: [] };
}

export const validateWarehouse = (input: WarehouseInput) => readWarehouse(input).errors;
export const validateLocation = (input: LocationInput) => readLocation(input).errors;
