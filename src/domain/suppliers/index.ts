export { SupplierService } from "./suppliers.service";
export { preferredTerms as preferredSupplierTerms } from "./suppliers.store";
export {
  readSupplier, readSupplierItem, readSupplierPrice, termsWithSupplier, validateSupplier, validateSupplierItem, validateSupplierPrice,
  type SupplierInput, type SupplierItemInput, type SupplierPriceInput, type PlanningTerms,
} from "./supplier.rules";
export type { SupplierItemRow, SupplierPriceRow, SupplierRow, PreferredTerms } from "./suppliers.store";
