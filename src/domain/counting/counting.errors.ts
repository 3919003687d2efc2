import { badInput, DomainError, notFound } from "../shared/domain-error";
import type { Ref } from "../shared/ref";

/** The typed refusals of the counting area. */

export const sessionNotFound = (ref: Ref) => notFound("CountSession", "id" in ref ? ref.id : ref.code);

/** A count (a scan) at a location that no count session is counting. */
export const noCountSession = (warehouseCode: string, locationCode: string) =>
  new DomainError("NO_COUNT_SESSION", `no count session is counting ${warehouseCode}/${locationCode}: start one (startCountSession) before counting there`, {
    warehouse: warehouseCode, location: locationCode,
  });

export const notInSession = (number: string, locationCode: string, field: string) =>
  badInput(`location ${locationCode} is not counted in count session ${number}`, { field });
