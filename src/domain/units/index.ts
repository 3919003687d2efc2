export { requireUnit, UnitService } from "./units.service";
export { readUnit, validateUnit, type UnitInput } from "./unit.rules";
export { allUnits, unitJoin, unitsByCodes, type UnitRow } from "./units.store";
