import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { READ, Role } from "../auth/roles";
import type { RequestContext } from "../context";
import { ApiKey, CreateApiKeyInput, CreatedApiKey, Identity } from "../schema/security.types";
import { idOf } from "../domain/shared/ref";

@Resolver()
export class SecurityResolver {
  @Authorized(...READ)
  @Query(() => Identity, { description: "Who the hub thinks you are" })
  me(@Ctx() ctx: RequestContext): Identity {
    const p = ctx.principal!;
    return { id: p.id, kind: p.kind, roles: [...p.roles], warehouses: p.warehouses ? [...p.warehouses] : null };
  }

  @Authorized(Role.ADMIN)
  @Query(() => [ApiKey])
  apiKeys(@Ctx() ctx: RequestContext) {
    return ctx.services.apiKeys.list(ctx.principal!);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => CreatedApiKey, { description: "Creates a key for a system; the returned key is shown only this once" })
  async createApiKey(@Arg("input") input: CreateApiKeyInput, @Ctx() ctx: RequestContext) {
    const { key, record } = await ctx.services.apiKeys.create(input, ctx.principal!);
    return { key, apiKey: record };
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ApiKey)
  revokeApiKey(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return ctx.services.apiKeys.revoke(idOf("ApiKey", id), ctx.principal!);
  }
}
