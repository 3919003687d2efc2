/** The typed errors of the exceptions area (codes: src/domain/shared/domain-error.ts). */
import { badInput, DomainError } from "../shared/domain-error";

export const noteRequired = () =>
  badInput("a resolution note is required: say what was done (EXCEPTION_RESOLUTION_NOTE_REQUIRED)", { field: "note" });

export const invalidTransition = (id: number, status: string, wanted: string) =>
  new DomainError("INVALID_STATE", `exception ${id} is already ${status}`, { status, wanted });

export const alreadyResolved = (id: number) => new DomainError("INVALID_STATE", `exception ${id} is already RESOLVED`, { status: "RESOLVED" });

export const openFailures = (id: number, count: number) =>
  new DomainError("INVALID_STATE", `exception ${id} has ${count} equipment failure(s) not yet repaired: report the repair (reportEquipmentRepaired)`, {
    openFailures: count,
  });

/** A storekeeper acknowledges exceptions of a warehouse; those of none are the planners'. */
export const notAWarehouseException = (id: number) =>
  new DomainError("FORBIDDEN", `exception ${id} belongs to no warehouse: a planner acknowledges it`);

export const alreadyRepaired = (id: number) => new DomainError("INVALID_STATE", `equipment failure ${id} is already repaired`, { status: "REPAIRED" });

export const operationFinished = (number: string, sequence: number, status: string) =>
  new DomainError("INVALID_STATE", `operation ${sequence} of work order ${number} is ${status}: no failure can stop it`, { status, field: "sequence" });
