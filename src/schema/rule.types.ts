import { Field, ID, InputType, Int, ObjectType } from "type-graphql";

@ObjectType({ description: "An action with its inputs decided (quantities as exact text, dates as ISO days)" })
export class PlannedRuleAction {
  @Field({ description: "PURCHASE_SUGGESTION, PURCHASE_REQUISITION, TRANSFER, ASSIGN_EXCEPTION, ESCALATE_EXCEPTION, QUARANTINE_LOT, START_MRP or NOTIFY" }) type!: string;
  @Field({ description: "the inputs as a JSON object" }) inputs!: string;
}

@ObjectType({ description: "One version of a rule: when (topic), if (conditions), then (actions)" })
export class RuleVersion {
  @Field(() => Int) version!: number;
  @Field() enabled!: boolean;
  @Field({ description: "the event topic that triggers it (events/topics.ts)" }) topic!: string;
  @Field(() => Int, { nullable: true, description: "exception.aging: minutes an exception has been open" }) triggerMinutes!: number | null;
  @Field({ description: "the condition tree as JSON ({all|any: [...]}, {not: …}, {fact, operator, value})" }) conditions!: string;
  @Field({ description: "the actions as JSON" }) actions!: string;
  @Field() createdAt!: Date;
  @Field() createdBy!: string;
}

@ObjectType({ description: "A rule: acts on events of its topic (of its warehouse, or of all) that meet its conditions" })
export class Rule {
  @Field(() => ID) id!: number;
  @Field() name!: string;
  @Field(() => String, { nullable: true, description: "null: every warehouse" }) warehouseCode!: string | null;
  @Field() enabled!: boolean;
  @Field(() => Int, { description: "the current version" }) version!: number;
  @Field() topic!: string;
  @Field(() => Int, { nullable: true }) triggerMinutes!: number | null;
  @Field() conditions!: string;
  @Field() actions!: string;
  @Field() updatedAt!: Date;
  @Field() updatedBy!: string;
}

@ObjectType({ description: "What a rule did (DONE) or failed to do (FAILED, nothing done) for one event" })
export class RuleFiring {
  @Field(() => ID) id!: string;
  @Field(() => ID) ruleId!: number;
  @Field() ruleName!: string;
  @Field(() => Int) ruleVersion!: number;
  @Field(() => ID, { description: "the event's position in the outbox" }) eventId!: string;
  @Field() topic!: string;
  @Field(() => String, { nullable: true }) warehouseCode!: string | null;
  @Field({ description: "DONE or FAILED" }) status!: string;
  @Field(() => [PlannedRuleAction]) actions!: PlannedRuleAction[];
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field() at!: Date;
}

@ObjectType({ description: "What a rule would have done for one past event" })
export class DryRunFiring {
  @Field(() => ID) eventId!: number;
  @Field() topic!: string;
  @Field() at!: Date;
  @Field(() => String, { nullable: true }) warehouseCode!: string | null;
  @Field(() => [PlannedRuleAction]) actions!: PlannedRuleAction[];
  @Field(() => String, { nullable: true, description: "why it would fail" }) error!: string | null;
}

@InputType({ description: "An action; each type reads the fields it needs" })
export class RuleActionInput {
  @Field() type!: string;
  @Field(() => String, { nullable: true, description: "FIXED (quantity), TO_MAX (maxLevel, default twice the safety stock) or EOQ (orderCost, holdingRatePct)" }) quantityPolicy?: string;
  @Field(() => String, { nullable: true }) quantity?: string;
  @Field(() => String, { nullable: true }) maxLevel?: string;
  @Field(() => String, { nullable: true }) orderCost?: string;
  @Field(() => String, { nullable: true }) holdingRatePct?: string;
  @Field(() => Boolean, { nullable: true, description: "PURCHASE_SUGGESTION: release it as a purchase order at once" }) release?: boolean;
  @Field(() => String, { nullable: true, description: "TRANSFER: the source warehouse" }) fromWarehouseCode?: string;
  @Field(() => String, { nullable: true, description: "ASSIGN_EXCEPTION / ESCALATE_EXCEPTION" }) assignee?: string;
  @Field(() => String, { nullable: true, description: "QUARANTINE_LOT" }) reason?: string;
  @Field(() => String, { nullable: true, description: "NOTIFY: {fact} is replaced by its value" }) message?: string;
}

@InputType()
export class RuleInput {
  @Field() name!: string;
  @Field(() => String, { nullable: true, description: "the warehouse whose events it acts on; none: every warehouse (needs an identity limited to none)" }) warehouseCode?: string;
  @Field({ description: "an event topic, e.g. stock.low, exception.raised, exception.aging" }) topic!: string;
  @Field(() => Int, { nullable: true }) triggerMinutes?: number;
  @Field(() => String, { nullable: true, description: "the condition tree as JSON; none: always" }) conditions?: string;
  @Field(() => [RuleActionInput]) actions!: RuleActionInput[];
  @Field(() => Boolean, { nullable: true, description: "default true" }) enabled?: boolean;
}
