import type { Tx } from "../../db/transaction";

/** The only file whose SQL names supplier, supplier_item and supplier_price. */
export interface SupplierRow { id: number; code: string; name: string; contact: string | null; email: string | null; phone: string | null; leadTimeDays: number; active: boolean }
export interface SupplierItemRow {
  id: number; supplierId: number; supplierCode: string; materialId: number; supplierMaterialCode: string | null; leadTimeDays: number | null;
  minOrderQuantity: string | null; orderMultiple: string | null; preferred: boolean;
}
export interface SupplierPriceRow { id: number; supplierId: number; supplierCode: string; materialId: number; price: string; currency: string; validFrom: Date; validTo: Date | null }

const S = `id, code, name, contact, email, phone, lead_time_days AS "leadTimeDays", active`;
const I = `i.id, i.supplier_id AS "supplierId", s.code AS "supplierCode", i.material_id AS "materialId", i.supplier_material_code AS "supplierMaterialCode",
  i.lead_time_days AS "leadTimeDays", i.min_order_quantity::text AS "minOrderQuantity", i.order_multiple::text AS "orderMultiple", i.preferred`;
const P = `p.id, p.supplier_id AS "supplierId", s.code AS "supplierCode", p.material_id AS "materialId", p.price::text AS price, p.currency,
  p.valid_from AS "validFrom", p.valid_to AS "validTo"`;

type SupplierValues = Omit<SupplierRow, "id">;
const values = (v: SupplierValues) => [v.code, v.name, v.contact, v.email, v.phone, v.leadTimeDays, v.active];

export async function supplierByCode(tx: Tx, code: string, lock = false): Promise<SupplierRow | null> {
  const [row] = await tx.query<SupplierRow>(`SELECT ${S} FROM supplier WHERE code = $1${lock ? " FOR UPDATE" : ""}`, [code]);
  return row ?? null;
}

export async function insertSupplier(tx: Tx, v: SupplierValues): Promise<SupplierRow | null> {
  const [row] = await tx.query<SupplierRow>(
    `INSERT INTO supplier (code, name, contact, email, phone, lead_time_days, active) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (code) DO NOTHING RETURNING ${S}`,
    values(v),
  );
  return row ?? null;
}

export async function updateSupplier(tx: Tx, v: SupplierValues): Promise<SupplierRow> {
  const [row] = await tx.query<SupplierRow>(
    `UPDATE supplier SET name = $2, contact = $3, email = $4, phone = $5, lead_time_days = $6, active = $7, updated_at = now() WHERE code = $1 RETURNING ${S}`,
    values(v),
  );
  return row;
}

/** The materials this supplier is the preferred one of. */
export async function preferredMaterialsOf(tx: Tx, supplierId: number): Promise<number[]> {
  return (await tx.query<{ materialId: number }>(`SELECT material_id AS "materialId" FROM supplier_item WHERE supplier_id = $1 AND preferred ORDER BY material_id`, [supplierId])).map((r) => r.materialId);
}

export const suppliersByCodes = (tx: Tx, codes: readonly string[]) => tx.query<SupplierRow>(`SELECT ${S} FROM supplier WHERE code = ANY($1::text[])`, [codes]);

export const allSuppliers = (tx: Tx) => tx.query<SupplierRow>(`SELECT ${S} FROM supplier ORDER BY code`);

/** Serialises changes of one material's supplier items, so that one stays preferred. */
export async function lockMaterialItems(tx: Tx, materialId: number): Promise<void> {
  await tx.query(`SELECT 1 AS locked FROM pg_advisory_xact_lock(74260010, $1)`, [materialId]);
}

export async function clearPreferred(tx: Tx, materialId: number, exceptSupplierId: number): Promise<void> {
  await tx.query(`UPDATE supplier_item SET preferred = false WHERE material_id = $1 AND supplier_id <> $2 AND preferred`, [materialId, exceptSupplierId]);
}

export async function upsertItem(
  tx: Tx,
  v: { supplierId: number; materialId: number; supplierMaterialCode: string | null; leadTimeDays: number | null; minOrderQuantity: string | null; orderMultiple: string | null; preferred: boolean },
): Promise<boolean> {
  const [row] = await tx.query<{ created: boolean }>(
    `INSERT INTO supplier_item (supplier_id, material_id, supplier_material_code, lead_time_days, min_order_quantity, order_multiple, preferred)
     VALUES ($1, $2, $3, $4, $5::numeric, $6::numeric, $7)
     ON CONFLICT (supplier_id, material_id) DO UPDATE SET supplier_material_code = EXCLUDED.supplier_material_code, lead_time_days = EXCLUDED.lead_time_days,
       min_order_quantity = EXCLUDED.min_order_quantity, order_multiple = EXCLUDED.order_multiple, preferred = EXCLUDED.preferred
     RETURNING (xmax = 0) AS created`,
    [v.supplierId, v.materialId, v.supplierMaterialCode, v.leadTimeDays, v.minOrderQuantity, v.orderMultiple, v.preferred],
  );
  return row.created;
}

export async function itemOf(tx: Tx, supplierId: number, materialId: number): Promise<SupplierItemRow> {
  const [row] = await tx.query<SupplierItemRow>(`SELECT ${I} FROM supplier_item i JOIN supplier s ON s.id = i.supplier_id WHERE i.supplier_id = $1 AND i.material_id = $2`, [supplierId, materialId]);
  return row;
}

export function itemsOfMaterials(tx: Tx, materialIds: readonly number[]): Promise<SupplierItemRow[]> {
  return tx.query<SupplierItemRow>(
    `SELECT ${I} FROM supplier_item i JOIN supplier s ON s.id = i.supplier_id WHERE i.material_id = ANY($1::int[]) ORDER BY i.material_id, i.preferred DESC, s.code`,
    [materialIds],
  );
}

export async function upsertPrice(tx: Tx, v: { supplierId: number; materialId: number; price: string; currency: string; validFrom: Date; validTo: Date | null }): Promise<boolean> {
  const [row] = await tx.query<{ created: boolean }>(
    `INSERT INTO supplier_price (supplier_id, material_id, price, currency, valid_from, valid_to) VALUES ($1, $2, $3::numeric, $4, $5::date, $6::date)
     ON CONFLICT (supplier_id, material_id, valid_from) DO UPDATE SET price = EXCLUDED.price, currency = EXCLUDED.currency, valid_to = EXCLUDED.valid_to
     RETURNING (xmax = 0) AS created`,
    [v.supplierId, v.materialId, v.price, v.currency, v.validFrom.toISOString().slice(0, 10), v.validTo?.toISOString().slice(0, 10) ?? null],
  );
  return row.created;
}

export async function priceOf(tx: Tx, supplierId: number, materialId: number, validFrom: Date): Promise<SupplierPriceRow> {
  const [row] = await tx.query<SupplierPriceRow>(
    `SELECT ${P} FROM supplier_price p JOIN supplier s ON s.id = p.supplier_id WHERE p.supplier_id = $1 AND p.material_id = $2 AND p.valid_from = $3::date`,
    [supplierId, materialId, validFrom.toISOString().slice(0, 10)],
  );
  return row;
}

export function pricesOfMaterials(tx: Tx, materialIds: readonly number[]): Promise<SupplierPriceRow[]> {
  return tx.query<SupplierPriceRow>(
    `SELECT ${P} FROM supplier_price p JOIN supplier s ON s.id = p.supplier_id WHERE p.material_id = ANY($1::int[]) ORDER BY p.material_id, s.code, p.valid_from`,
    [materialIds],
  );
}

export interface PreferredTerms { materialId: number; supplierCode: string; leadTimeDays: number; minOrderQuantity: string | null; orderMultiple: string | null }

/** Each material's preferred (active) supplier with the terms MRP plans with. */
export function preferredTerms(tx: Tx): Promise<PreferredTerms[]> {
  return tx.query<PreferredTerms>(
    `SELECT i.material_id AS "materialId", s.code AS "supplierCode", COALESCE(i.lead_time_days, s.lead_time_days) AS "leadTimeDays",
            i.min_order_quantity::text AS "minOrderQuantity", i.order_multiple::text AS "orderMultiple"
       FROM supplier_item i JOIN supplier s ON s.id = i.supplier_id WHERE i.preferred AND s.active`,
  );
}
