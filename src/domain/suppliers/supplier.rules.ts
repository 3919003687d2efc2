import { FieldChecks, type FieldError } from "../shared/field-errors";
import type { Decimal } from "../shared/quantity";

export interface SupplierInput { code: string; name: string; contact?: string | null; email?: string | null; phone?: string | null; leadTimeDays?: number | null; active?: boolean | null }
export interface SupplierItemInput {
  supplierCode: string;
  materialCode: string;
  supplierMaterialCode?: string | null;
  /** overrides the supplier's lead time for this material */
  leadTimeDays?: number | null;
  minOrderQuantity?: string | null;
  orderMultiple?: string | null;
  /** the material's preferred supplier (the one before loses the mark) */
  preferred?: boolean | null;
}
export interface SupplierPriceInput { supplierCode: string; materialCode: string; price: string; currency: string; validFrom: Date | string; validTo?: Date | string | null }

export function readSupplier(input: SupplierInput) {
  const c = new FieldChecks();
  const code = c.code(input.code, "code");
  const name = c.text(input.name, "name");
  const contact = c.optionalText(input.contact, "contact");
  const email = c.optionalText(input.email, "email");
  if (email && !/^[^@\s]+@[^@\s]+$/.test(email)) c.fail("email", "email is not an e-mail address");
  const phone = c.optionalText(input.phone, "phone", 40);
  const leadTimeDays = c.int(input.leadTimeDays ?? 0, "leadTimeDays", 0, 3650);
  const value = c.errors.length ? null : { code: code!, name: name!, contact: contact ?? null, email: email ?? null, phone: phone ?? null, leadTimeDays: leadTimeDays!, active: input.active ?? true };
  return { value, errors: c.errors };
}

export function readSupplierItem(input: SupplierItemInput) {
  const c = new FieldChecks();
  const supplierCode = c.code(input.supplierCode, "supplierCode");
  const materialCode = c.code(input.materialCode, "materialCode");
  const supplierMaterialCode = c.optionalText(input.supplierMaterialCode, "supplierMaterialCode", 64);
  const leadTimeDays = input.leadTimeDays == null ? null : c.int(input.leadTimeDays, "leadTimeDays", 0, 3650);
  // quantities are in the material's base unit; their decimals are checked against it by the service
  const minOrderQuantity = input.minOrderQuantity == null ? null : c.decimal(input.minOrderQuantity, "minOrderQuantity");
  const orderMultiple = input.orderMultiple == null ? null : c.decimal(input.orderMultiple, "orderMultiple");
  const value = c.errors.length
    ? null
    : { supplierCode: supplierCode!, materialCode: materialCode!, supplierMaterialCode: supplierMaterialCode ?? null, leadTimeDays: leadTimeDays ?? null,
        minOrderQuantity: minOrderQuantity ?? null, orderMultiple: orderMultiple ?? null, preferred: input.preferred ?? false };
  return { value, errors: c.errors };
}

export function readSupplierPrice(input: SupplierPriceInput) {
  const c = new FieldChecks();
  const supplierCode = c.code(input.supplierCode, "supplierCode");
  const materialCode = c.code(input.materialCode, "materialCode");
  const price = c.decimal(input.price, "price", { allowZero: true });
  const currency = c.currency(input.currency, "currency");
  const validFrom = c.date(input.validFrom, "validFrom");
  const validTo = input.validTo == null ? null : c.date(input.validTo, "validTo");
  if (validFrom && validTo && validTo <= validFrom) c.fail("validTo", "validTo must be after validFrom");
  const value = c.errors.length ? null : { supplierCode: supplierCode!, materialCode: materialCode!, price: price!, currency: currency!, validFrom: validFrom!, validTo: validTo ?? null };
  return { value, errors: c.errors };
}

export const validateSupplier = (input: SupplierInput): FieldError[] => readSupplier(input).errors;
export const validateSupplierItem = (input: SupplierItemInput): FieldError[] => readSupplierItem(input).errors;
export const validateSupplierPrice = (input: SupplierPriceInput): FieldError[] => readSupplierPrice(input).errors;

/** What MRP plans a bought material with. */
export interface PlanningTerms {
  leadTimeDays: number;
  lotSizing: "LOT_FOR_LOT" | "FIXED" | "MIN_MULTIPLE_MAX" | "PERIODS_OF_SUPPLY";
  lotSizeMin?: string | null;
  lotSizeMultiple?: string | null;
  lotSizeMax?: string | null;
}

export interface SupplierTerms { leadTimeDays: number; minOrderQuantity: string | null; orderMultiple: string | null }

/**
 * A material's planning terms under its preferred supplier: the supplier's lead time; its minimum order
 * quantity and order multiple bind lot-for-lot and min/multiple/max orders (the larger minimum wins, the
 * supplier's multiple replaces the material's). Fixed lots and periods of supply keep their own sizes.
 */
export function termsWithSupplier<T extends PlanningTerms>(material: T, supplier: SupplierTerms): T {
  const out = { ...material, leadTimeDays: supplier.leadTimeDays };
  if (material.lotSizing !== "LOT_FOR_LOT" && material.lotSizing !== "MIN_MULTIPLE_MAX") return out;
  if (supplier.minOrderQuantity === null && supplier.orderMultiple === null) return out;
  const larger = (a: string | null | undefined, b: string | null) => (a == null ? b : b == null ? a : (Number(a) >= Number(b) ? a : b));
  return {
    ...out,
    lotSizing: "MIN_MULTIPLE_MAX",
    lotSizeMin: larger(material.lotSizeMin, supplier.minOrderQuantity),
    lotSizeMultiple: supplier.orderMultiple ?? material.lotSizeMultiple ?? null,
  };
}

export type { Decimal };
