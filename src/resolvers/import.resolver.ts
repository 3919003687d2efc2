import { Arg, Authorized, Ctx, ID, Mutation, Resolver, Root, Subscription } from "type-graphql";
import { IMPORT } from "../auth/roles";
import type { RequestContext } from "../context";
import type { HubEvent } from "../events";
import { ImportFormat, ImportProgressEvent, ImportResult } from "../schema/import.types";
import { flatten, subscribeTo } from "./events.resolver";

@Resolver()
export class ImportResolver {
  @Authorized(...IMPORT)
  @Mutation(() => ImportResult, {
    description: "Imports a file given inline (up to MAX_BODY_BYTES; larger files: POST /import/<kind>): every row is validated first, nothing is written unless all are valid",
  })
  importData(
    @Arg("kind", { description: "materials, boms, opening-stock…" }) kind: string,
    @Arg("format", () => ImportFormat) format: ImportFormat,
    @Arg("content") content: string,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.imports.run(kind, format, content, ctx.principal!);
  }

  @Authorized(...IMPORT)
  @Subscription(() => ImportProgressEvent, {
    description: "Progress of imports; with importId, of that import from its start",
    subscribe: subscribeTo("import.progress", IMPORT, (p, a) => !a.importId || String(p.importId) === String(a.importId), (a) => (a.importId ? 0 : undefined)),
  })
  importProgress(
    @Root() e: HubEvent<"import.progress">,
    @Arg("importId", () => ID, { nullable: true }) _importId?: string,
    @Arg("afterEventId", () => ID, { nullable: true }) _after?: string,
  ) {
    return flatten(e);
  }
}
