export { UnitService } from "./units.service";
export { validateUnit, type UnitInput } from "./unit.rules";
export type { UnitRow } from "./units.store";
