export { UnitService } from "./units.service";
export { readUnit, validateUnit, type UnitInput } from "./unit.rules";
export type { UnitRow } from "./units.store";
