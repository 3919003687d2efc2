import { DomainError } from "../domain/shared/domain-error";
import type { RequestContext } from "../context";
import { decodeCursor, type PageArgs } from "../schema/connection";
import { MAX_ROW_ID } from "./row-id";

/** Validated page size and starting id from Relay arguments (`maxId`: the largest id of the listed rows). */
export function pageWindow(args: PageArgs, ctx: RequestContext, maxId = MAX_ROW_ID): { limit: number; afterId: number } {
  const max = ctx.config.limits.maxPageSize;
  const limit = args.first ?? Math.min(50, max);
  if (!Number.isInteger(limit) || limit < 0) throw new DomainError("BAD_USER_INPUT", "first must be a non-negative whole number", { field: "first" });
  if (limit > max) throw new DomainError("LIMIT_EXCEEDED", `first may be at most ${max}`, { field: "first", max });
  let afterId = 0;
  if (args.after !== undefined && args.after !== null) {
    const id = decodeCursor(args.after);
    if (id === null || id > maxId) throw new DomainError("BAD_USER_INPUT", "after is not a cursor from this API", { field: "after" });
    afterId = id;
  }
  return { limit, afterId };
}
