/**
 * What an equipment failure report names. Work centers are master data of no warehouse, while the work
 * orders that run on them belong to one: a failure is of a work center in one warehouse (or of one
 * operation, named by its work order and sequence, whose warehouse is the order's).
 */
import { badInput } from "../shared/domain-error";
import { FieldChecks, assertValid } from "../shared/field-errors";
import { optionalRefOf, pairOf, type Named, type Ref } from "../shared/ref";
import { MAX_NOTE } from "./exception.rules";

export type FailureReportInput = Named<"workCenter"> & Named<"warehouse"> & Named<"workOrder", "Number"> & {
  sequence?: number | null;
  description: string;
};

export type FailureTarget =
  | { kind: "workCenter"; workCenter: Ref; warehouse: Ref }
  | { kind: "operation"; workOrder: Ref; sequence: number };

export function readFailureReport(input: FailureReportInput): { target: FailureTarget; description: string } {
  const checks = new FieldChecks();
  const description = checks.text(input.description, "description", MAX_NOTE);
  assertValid(checks.errors);
  const workCenter = optionalRefOf("WorkCenter", "workCenter", pairOf(input, "workCenter"));
  const workOrder = optionalRefOf("WorkOrder", "workOrder", pairOf(input, "workOrder", "Number"), "Number");
  if (workCenter && workOrder) throw badInput("name the work center or the operation (workOrderNumber and sequence), not both", { field: "workOrderNumber" });
  if (workCenter) {
    if (input.sequence != null) throw badInput("sequence names an operation of a work order: give workOrderNumber with it", { field: "sequence" });
    const warehouse = optionalRefOf("Warehouse", "warehouse", pairOf(input, "warehouse"));
    if (!warehouse) throw badInput("name the warehouse the work center stopped in: warehouseId or warehouseCode", { field: "warehouseCode" });
    return { target: { kind: "workCenter", workCenter, warehouse }, description: description! };
  }
  if (!workOrder) throw badInput("name the failed work center (workCenterId or workCenterCode) or operation (workOrderNumber and sequence)", { field: "workCenterCode" });
  if (input.warehouseId != null || input.warehouseCode != null) throw badInput("an operation's warehouse is its work order's: leave the warehouse out", { field: "warehouseCode" });
  if (input.sequence == null || !Number.isInteger(input.sequence) || input.sequence <= 0) throw badInput("sequence must name an operation of the work order", { field: "sequence" });
  return { target: { kind: "operation", workOrder, sequence: input.sequence }, description: description! };
}
