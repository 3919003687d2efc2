export { MpsService } from "./mps.service";
export { MrpRunService, type MrpRunRequest } from "./mrp-run.service";
export { CapacityService, CAPACITY_CHECK_WEEKS, type CapacityCheck, type CapacityOrder, type CapacityRequest, type WorkCenterLoadView } from "./capacity.service";
export { PromiseService, CTP_HORIZON_DAYS, type PromiseRequest, type PromiseView } from "./promise.service";
export { ReleaseService } from "./release.service";
export type { MpsLineInput, MpsLineRow, MrpRunPhase, MrpRunRow, MrpRunStatus, StoredPeg, SupplyKind, SupplyRow } from "./planning.types";
export type { PushableRun } from "./plan-export.queries";
export type { WhatIfOverrides } from "./what-if";
export type { PlannedTransferRow, TransferFilter } from "./planned-transfer.store";
