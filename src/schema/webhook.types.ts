import { Field, ID, InputType, Int, ObjectType } from "type-graphql";

@ObjectType({ description: "How a webhook's deliveries stand" })
export class WebhookDeliveries {
  @Field(() => Int, { description: "queued, not yet acknowledged" }) pending!: number;
  @Field(() => Int, { description: "acknowledged by the receiver (2xx)" }) delivered!: number;
  @Field(() => Int, { description: "given up on after the retries: kept as dead letters of the `webhooks` connector" }) dead!: number;
  @Field(() => Date, { nullable: true }) lastDeliveredAt!: Date | null;
  @Field(() => String, { nullable: true, description: "the last failure's error" }) lastError!: string | null;
}

@ObjectType({ description: "A webhook subscription: events of its topics that pass its filters are POSTed to its URL, signed with its secret, or e-mailed to a mailto: URL's address (docs/webhooks.md)" })
export class Webhook {
  @Field(() => ID) id!: number;
  @Field() name!: string;
  @Field() url!: string;
  @Field(() => [String], { description: "topics it hears of (see webhookTopics)" }) topics!: string[];
  @Field(() => String, { nullable: true, description: "the secret's first characters: the secret itself is never shown back (null: an e-mail webhook, not signed)" }) secretPrefix!: string | null;
  @Field(() => String, { nullable: true, description: "only events of this warehouse" }) warehouseCode!: string | null;
  @Field(() => String, { nullable: true, description: "only events about this material" }) materialCode!: string | null;
  @Field(() => String, { nullable: true, description: "the buyer it belongs to: only events about materials with this buyer" }) buyer!: string | null;
  @Field(() => String, { nullable: true, description: "the supplier it belongs to: only events about materials it supplies, or naming it" }) supplierCode!: string | null;
  @Field() active!: boolean;
  @Field() createdAt!: Date;
  @Field() createdBy!: string;
  @Field() updatedAt!: Date;
  @Field() updatedBy!: string;
}

@InputType()
export class WebhookInput {
  @Field() name!: string;
  @Field({ description: "http:// or https://, without credentials; or mailto:<one address> to be sent as e-mail through SMTP_URL" }) url!: string;
  @Field(() => [String], { description: "one or more topics of webhookTopics" }) topics!: string[];
  @Field(() => String, { nullable: true, description: "16 to 200 characters; required to create one that POSTs, left out to keep the current one; none for e-mail" }) secret?: string | null;
  @Field(() => String, { nullable: true }) warehouseCode?: string | null;
  @Field(() => String, { nullable: true }) materialCode?: string | null;
  @Field(() => String, { nullable: true, description: "a buyer of some material (not with supplierCode)" }) buyer?: string | null;
  @Field(() => String, { nullable: true, description: "a supplier (not with buyer)" }) supplierCode?: string | null;
  @Field(() => Boolean, { nullable: true, description: "default true" }) active?: boolean | null;
}
