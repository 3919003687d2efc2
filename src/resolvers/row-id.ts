import { notFound } from "../domain/shared/domain-error";

/** Row ids are PostgreSQL integers (int4), except the stock ledger's (bigint). */
export const MAX_ROW_ID = 2_147_483_647;

/** The row id an `ID` argument names; anything that is not a positive int4 names no row (NOT_FOUND). */
export function toId(id: string | number): number {
  const n = Number(id);
  if (!Number.isInteger(n) || n <= 0 || n > MAX_ROW_ID) throw notFound("id", id);
  return n;
}
