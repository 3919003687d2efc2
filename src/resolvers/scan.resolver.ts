import { Arg, Authorized, Ctx, Mutation, Resolver } from "type-graphql";
import { STOCK } from "../auth/roles";
import type { RequestContext } from "../context";
import { ScanInput, StockMovementResult } from "../schema/stock.types";

@Resolver()
export class ScanResolver {
  @Authorized(...STOCK)
  @Mutation(() => StockMovementResult, { description: "A barcode/RFID read posted as a receipt, issue, move or count; send an idempotencyKey so a repeated read posts once" })
  scan(
    @Arg("input") input: ScanInput,
    @Arg("idempotencyKey", () => String, { nullable: true }) key: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.scans.scan(input, ctx.principal!, key);
  }
}
