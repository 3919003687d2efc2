import { FieldChecks, type FieldError } from "../shared/field-errors";

export interface WorkCenterInput { code: string; name: string; hoursPerDay: string; active?: boolean | null; workingDays?: readonly number[] | null }
export interface RoutingOperationInput { sequence: number; name: string; workCenterCode: string; setupMinutes?: string | null; runMinutesPerUnit?: string | null; allowOverlap?: boolean | null }
export interface RoutingInput { materialCode: string; operations: RoutingOperationInput[] }

export function readWorkCenter(input: WorkCenterInput) {
  const c = new FieldChecks();
  const code = c.code(input.code, "code");
  const name = c.text(input.name, "name");
  const hoursPerDay = c.decimal(input.hoursPerDay, "hoursPerDay", { precision: 2, allowZero: true });
  if (hoursPerDay && hoursPerDay.greaterThan(24)) c.fail("hoursPerDay", "hoursPerDay must be at most 24");
  // not given: a new work center works Monday to Friday (the column's default), an existing one keeps its days
  const days = input.workingDays;
  if (days && (days.length === 0 || days.some((d) => !Number.isInteger(d) || d < 1 || d > 7) || new Set(days).size !== days.length)) {
    c.fail("workingDays", "workingDays are distinct ISO weekdays, 1 (Monday) to 7 (Sunday), at least one");
  }
  const workingDays = days ? [...days].sort((a, b) => a - b) : null;
  return { value: c.errors.length ? null : { code: code!, name: name!, hoursPerDay: hoursPerDay!.toFixed(), active: input.active ?? true, workingDays }, errors: c.errors };
}

/** A routing: 1-100 operations with distinct positive sequences, each at a work center, with setup and run minutes. */
export function readRouting(input: RoutingInput) {
  const c = new FieldChecks();
  const materialCode = c.code(input.materialCode, "materialCode");
  const ops = input.operations ?? [];
  if (ops.length === 0 || ops.length > 100) c.fail("operations", "a routing has 1 to 100 operations");
  const seen = new Set<number>();
  const operations = ops.map((o, i) => {
    const f = (name: string) => `operations[${i}].${name}`;
    const sequence = c.int(o.sequence, f("sequence"), 1, 1_000_000);
    if (sequence !== undefined && seen.has(sequence)) c.fail(f("sequence"), `sequence ${sequence} appears twice`);
    if (sequence !== undefined) seen.add(sequence);
    return {
      sequence: sequence!,
      name: c.text(o.name, f("name"))!,
      workCenterCode: c.code(o.workCenterCode, f("workCenterCode"))!,
      setupMinutes: (c.decimal(o.setupMinutes ?? "0", f("setupMinutes"), { precision: 2, allowZero: true }) ?? null)?.toFixed() ?? "0",
      runMinutesPerUnit: (c.decimal(o.runMinutesPerUnit ?? "0", f("runMinutesPerUnit"), { precision: 4, allowZero: true }) ?? null)?.toFixed() ?? "0",
      allowOverlap: o.allowOverlap ?? false,
    };
  });
  operations.sort((a, b) => a.sequence - b.sequence);
  return { value: c.errors.length ? null : { materialCode: materialCode!, operations }, errors: c.errors };
}

export const validateWorkCenter = (input: WorkCenterInput): FieldError[] => readWorkCenter(input).errors;
export const validateRouting = (input: RoutingInput): FieldError[] => readRouting(input).errors;
