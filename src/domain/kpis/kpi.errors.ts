import { DomainError } from "../shared/domain-error";

/** The longest period a KPI query or refresh covers, in days. */
export const MAX_DAYS = 366;

export const periodReversed = () => new DomainError("BAD_USER_INPUT", "from must not be after to", { field: "from" });
export const periodTooLong = (days: number) => new DomainError("BAD_USER_INPUT", `the period covers ${days} days; at most ${MAX_DAYS} are allowed`, { field: "from", max: MAX_DAYS });
export const unknownMaterial = (code: string) => new DomainError("BAD_USER_INPUT", `unknown material ${JSON.stringify(code)}`, { field: "materialCode" });
