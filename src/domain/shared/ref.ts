import { badInput, notFound, type Entity } from "./domain-error";

/**
 * How callers name a material, warehouse, location or order: by its id or by its code (orders: their
 * number), exactly one. Resolved against the database by the owning area (stock-refs, work-order-lock…).
 */
export type Ref = { id: number } | { code: string };

/** The pair of arguments naming one thing, e.g. `materialId` / `materialCode`. */
export interface RefArgs {
  id?: string | number | null;
  code?: string | null;
}

/**
 * Exactly one of id and code; `field` names the pair in errors ("material" → "materialId or materialCode").
 * A malformed id names nothing that exists: NOT_FOUND.
 */
export function refOf(entity: Entity, field: string, args: RefArgs, codeName = "Code"): Ref {
  const ref = optionalRefOf(entity, field, args, codeName);
  if (!ref) throw badInput(`give ${pairName(field, codeName)}`, { field: field || "id" });
  return ref;
}

/** As refOf, for a filter or default that may be left out. */
export function optionalRefOf(entity: Entity, field: string, args: RefArgs, codeName = "Code"): Ref | undefined {
  const hasId = args.id != null;
  const hasCode = args.code != null;
  if (hasId && hasCode) throw badInput(`give ${pairName(field, codeName)}, not both`, { field: field || "id" });
  if (hasId) return { id: idOf(entity, args.id!) };
  if (hasCode) return { code: args.code!.trim() };
  return undefined;
}

/** Row ids are PostgreSQL integers (int4), except the stock ledger's (bigint). */
export const MAX_ROW_ID = 2_147_483_647;

/** The row id an `ID` names; anything that is not a positive int4 names no row (NOT_FOUND). */
export function idOf(entity: Entity, id: string | number): number {
  const n = Number(id);
  if (!Number.isInteger(n) || n <= 0 || n > MAX_ROW_ID) throw notFound(entity, id);
  return n;
}

/** What a NOT_FOUND names as its key: the id or code the caller gave. */
export const keyOf = (ref: Ref) => ("id" in ref ? ref.id : ref.code);

const pairName = (field: string, codeName: string) =>
  field === "" ? `id or ${codeName.toLowerCase()}` : `${field}Id or ${field}${codeName}`;

/** The two fields naming one thing in an input: `<prefix>Id` and `<prefix>Code` (orders: `<prefix>Number`). */
export type Named<P extends string, C extends string = "Code"> = { [K in `${P}Id`]?: string | number | null } & { [K in `${P}${C}`]?: string | null };

/** The pair `<prefix>Id` / `<prefix><codeName>` of an input, as RefArgs. */
export function pairOf<P extends string, C extends string = "Code">(input: Named<P, C>, prefix: P, codeName: C = "Code" as C): RefArgs {
  const fields = input as Record<string, string | number | null | undefined>;
  return { id: fields[`${prefix}Id`], code: fields[`${prefix}${codeName}`] as string | null | undefined };
}

/** Exactly one of `<prefix>Id` / `<prefix>Code` of an input. */
export const namedIn = <P extends string>(entity: Entity, input: Named<P>, prefix: P): Ref => refOf(entity, prefix, pairOf(input, prefix));

/** At most one of `<prefix>Id` / `<prefix>Code` of an input. */
export const optionalNamedIn = <P extends string>(entity: Entity, input: Named<P>, prefix: P): Ref | undefined =>
  optionalRefOf(entity, prefix, pairOf(input, prefix));

/** At most one of `<prefix>Id` / `<prefix>Number` of an input (orders). */
export const optionalOrderIn = <P extends string>(entity: Entity, input: Named<P, "Number">, prefix: P): Ref | undefined =>
  optionalRefOf(entity, prefix, pairOf(input, prefix, "Number"), "Number");

/** A thing named by the top-level arguments `id` / `code` (exactly one). */
export const codeArg = (entity: Entity, id: string | number | null | undefined, code: string | null | undefined): Ref => refOf(entity, "", { id, code });

/** An order named by the top-level arguments `id` / `number` (exactly one). */
export const orderArg = (entity: Entity, id: string | number | null | undefined, number: string | null | undefined): Ref =>
  refOf(entity, "", { id, code: number }, "Number");
