/** The rules of cycle counting, as plain functions (no database). */
import { DomainError } from "../shared/domain-error";
import { Decimal } from "../shared/quantity";

export type CountStatus = "OPEN" | "COUNTING" | "REVIEW" | "APPROVED" | "CANCELLED";
export type CountAction = "start" | "count" | "submit" | "approve" | "cancel";
export type AbcClass = "A" | "B" | "C";

/** The states each action may start from: open → counting → review → approved, cancelled from any but approved. */
const FROM: Record<CountAction, readonly CountStatus[]> = {
  start: ["OPEN"],
  count: ["COUNTING"],
  submit: ["COUNTING"],
  approve: ["REVIEW"],
  cancel: ["OPEN", "COUNTING", "REVIEW"],
};

export function assertMay(action: CountAction, session: { number: string; status: CountStatus }): void {
  if (!FROM[action].includes(session.status)) {
    throw new DomainError("INVALID_STATE", `cannot ${action} count session ${session.number}: it is ${session.status}`, {
      status: session.status, allowed: FROM[action],
    });
  }
}

/** How far a count may be off its book quantity and still be right: `quantity` units or `pct` % of the book quantity. */
export interface Tolerance { quantity: Decimal; pct: number }

export function withinTolerance(book: Decimal, counted: Decimal, t: Tolerance): boolean {
  const off = counted.minus(book).abs();
  return off.lte(t.quantity) || off.lte(book.abs().mul(t.pct).div(100));
}

/** Share of lines counted within tolerance (1 for a session without lines: nothing was wrong). */
export function accuracy(lines: readonly { withinTolerance: boolean }[]): Decimal {
  if (lines.length === 0) return new Decimal(1);
  return new Decimal(lines.filter((l) => l.withinTolerance).length).div(lines.length).toDecimalPlaces(4, Decimal.ROUND_HALF_UP);
}

/** Days between counts of a location, by the best ABC class of what it holds. */
export type CountFrequency = Record<AbcClass, number>;

export interface LocationToCount {
  locationId: number;
  /** ABC classes of the materials stocked there (a material without a class counts as C) */
  classes: readonly (AbcClass | null)[];
  lastCountedAt: Date | null;
}

export interface DueLocation { locationId: number; abcClass: AbcClass; lastCountedAt: Date | null; dueSince: Date | null }

const DAY = 86_400_000;

/**
 * The locations due for counting on `today`: each one holding stock takes the frequency of its best class
 * (A before B before C) and is due when never counted or counted that many days ago or more. A first, then
 * the longest overdue, then by id; empty locations are never due.
 */
export function dueForCounting(locations: readonly LocationToCount[], every: CountFrequency, today: Date): DueLocation[] {
  const due: DueLocation[] = [];
  for (const l of locations) {
    if (l.classes.length === 0) continue;
    const abcClass = (["A", "B", "C"] as const).find((c) => l.classes.some((k) => (k ?? "C") === c))!;
    const dueSince = l.lastCountedAt ? new Date(l.lastCountedAt.getTime() + every[abcClass] * DAY) : null;
    if (dueSince === null || dueSince.getTime() <= today.getTime()) due.push({ locationId: l.locationId, abcClass, lastCountedAt: l.lastCountedAt, dueSince });
  }
  return due.sort((a, b) => a.abcClass.localeCompare(b.abcClass) || (a.dueSince?.getTime() ?? -Infinity) - (b.dueSince?.getTime() ?? -Infinity) || a.locationId - b.locationId);
}
