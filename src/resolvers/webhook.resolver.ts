import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { Role } from "../auth/roles";
import type { RequestContext } from "../context";
import { idOf } from "../domain/shared/ref";
import type { WebhookView } from "../domain/webhooks";
import { Webhook, WebhookDeliveries, WebhookInput } from "../schema/webhook.types";

/** Administrators manage every webhook; planners those of a buyer or a supplier (the service decides which). */
const MANAGE = [Role.PLANNER] as const;

@Resolver(() => Webhook)
export class WebhookResolver {
  @Authorized(...MANAGE)
  @Query(() => [Webhook], { description: "The webhooks the caller may manage, by id" })
  webhooks(@Ctx() ctx: RequestContext) {
    return ctx.services.webhooks.list(ctx.principal!);
  }

  @Authorized(...MANAGE)
  @Query(() => [String], { description: "The topics a webhook may listen to" })
  webhookTopics(@Ctx() ctx: RequestContext) {
    return ctx.services.webhooks.topics;
  }

  @Authorized(...MANAGE)
  @Mutation(() => Webhook)
  createWebhook(@Arg("input") input: WebhookInput, @Ctx() ctx: RequestContext) {
    return ctx.services.webhooks.create(input, ctx.principal!);
  }

  @Authorized(...MANAGE)
  @Mutation(() => Webhook, { description: "Replaces the webhook's fields; a secret left out stays" })
  updateWebhook(@Arg("id", () => ID) id: string, @Arg("input") input: WebhookInput, @Ctx() ctx: RequestContext) {
    return ctx.services.webhooks.update(idOf("Webhook", id), input, ctx.principal!);
  }

  @Authorized(...MANAGE)
  @Mutation(() => Webhook, { description: "Deletes the webhook and its delivery records" })
  deleteWebhook(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return ctx.services.webhooks.delete(idOf("Webhook", id), ctx.principal!);
  }

  @FieldResolver(() => WebhookDeliveries)
  deliveries(@Root() webhook: WebhookView, @Ctx() ctx: RequestContext) {
    return ctx.services.webhooks.deliveryFigures(webhook.id);
  }
}
