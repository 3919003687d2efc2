import { DomainError } from "../domain/shared/domain-error";
import type { RequestContext } from "../context";
import { decodeCursor, type PageArgs } from "../schema/connection";
import { MAX_ROW_ID } from "../domain/shared/ref";

/** Validated page size and starting id from Relay arguments (`maxId`: the largest id of the listed rows). */
export function pageWindow(args: PageArgs, ctx: RequestContext, maxId = MAX_ROW_ID): { limit: number; afterId: number } {
  // pages above MAX_PAGE_SIZE are refused before the operation runs (src/security/query-limits.ts)
  const limit = args.first ?? Math.min(50, ctx.config.limits.maxPageSize);
  if (!Number.isInteger(limit) || limit < 0) throw new DomainError("BAD_USER_INPUT", "first must be a non-negative whole number", { field: "first" });
  let afterId = 0;
  if (args.after !== undefined && args.after !== null) {
    const id = decodeCursor(args.after);
    if (id === null || id > maxId) throw new DomainError("BAD_USER_INPUT", "after is not a cursor from this API", { field: "after" });
    afterId = id;
  }
  return { limit, afterId };
}
