import { badInput, DomainError } from "../shared/domain-error";

/** A message from a device nobody registered. */
export const unknownDevice = (code: string) => new DomainError("NOT_FOUND", `device ${code} is not registered`, { entity: "Device", key: code });

/** A message naming a warehouse that is not its device's (the topic is wrong, or the device was moved). */
export const otherWarehouse = (device: string, belongsTo: string | null, named: string) =>
  new DomainError("FORBIDDEN", `device ${device} belongs to warehouse ${belongsTo ?? "(none)"}, not ${named}`, { device });

/** A message of a kind this device does not send (a scan from a sensor). */
export const wrongKind = (device: string, kind: string, needed: readonly string[]) =>
  badInput(`device ${device} is a ${kind}; this needs a ${needed.join(" or ")}`, { field: "kind" });

/** Moving a device out of a warehouse needs the right to that warehouse too; which one it is stays unsaid. */
export const deviceOutOfScope = (code: string) => new DomainError("FORBIDDEN", `device ${code} belongs to a warehouse you may not use`);

/** A weight sensor compares its shelf's weight with the booked stock, which needs the material's unit weight. */
export const noUnitWeight = (material: string, field: string) =>
  badInput(`material ${material} has no unitWeight (kilograms per base unit): set it before placing a weight sensor on it`, { field });

/** A weight sensor's readings of `weight` are kilograms. */
export const weightNotInKg = (unit: string) => badInput(`a weight is in kg, not ${unit}`, { field: "unit" });
