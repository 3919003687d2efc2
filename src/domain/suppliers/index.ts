export { SupplierService } from "./suppliers.service";
export {
  termsWithSupplier, validateSupplier, validateSupplierItem, validateSupplierPrice,
  type SupplierInput, type SupplierItemInput, type SupplierPriceInput, type PlanningTerms,
} from "./supplier.rules";
export type { SupplierItemRow, SupplierPriceRow, SupplierRow, PreferredTerms } from "./suppliers.store";
