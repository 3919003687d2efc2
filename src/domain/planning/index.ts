export { MpsService } from "./mps.service";
export { MrpRunService, type MrpRunRequest } from "./mrp-run.service";
export { ReleaseService } from "./release.service";
export type { MpsLineInput, MpsLineRow, MrpRunPhase, MrpRunRow, MrpRunStatus, StoredPeg, SupplyKind, SupplyRow } from "./planning.types";
export type { PushableRun } from "./plan-export.queries";
export type { WhatIfOverrides } from "./what-if";
