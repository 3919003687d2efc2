import { GraphQLJSON } from "graphql-scalars";
import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { Connection } from "./connection";

export enum ConnectorState {
  STARTING = "STARTING",
  UP = "UP",
  DEGRADED = "DEGRADED",
  DOWN = "DOWN",
  STOPPED = "STOPPED",
}
registerEnumType(ConnectorState, {
  name: "ConnectorState",
  description: "UP: connected and delivering; DEGRADED: connected, but the last message failed; DOWN: the system cannot be reached",
});

@ObjectType({ description: "A link to an external system (ERP, devices) and how it is doing since the hub started" })
export class ConnectorHealth {
  @Field() name!: string;
  @Field(() => ConnectorState) state!: ConnectorState;
  @Field({ description: "where it connects to (no credentials)" }) target!: string;
  @Field(() => Date, { nullable: true }) lastSuccessAt!: Date | null;
  @Field(() => Date, { nullable: true }) lastFailureAt!: Date | null;
  @Field(() => String, { nullable: true }) lastError!: string | null;
  @Field(() => Int, { description: "messages handled" }) succeeded!: number;
  @Field(() => Int, { description: "messages that failed after their retries" }) failed!: number;
  @Field(() => Int, { description: "of the failed, those kept as dead letters" }) deadLettered!: number;
}

@ObjectType({ description: "A message a connector could not deliver after its retries" })
export class DeadLetter {
  @Field(() => ID) id!: number;
  @Field() connector!: string;
  @Field(() => GraphQLJSON, { description: "the message, as the connector would hand it on" }) payload!: unknown;
  @Field() error!: string;
  @Field(() => Int) attempts!: number;
  @Field() createdAt!: Date;
  @Field() lastAttemptAt!: Date;
}

export const DeadLetterConnection = Connection(DeadLetter);
export type DeadLetterConnection = InstanceType<typeof DeadLetterConnection>;

@ObjectType()
export class DeadLetterReplay {
  @Field({ description: "true: the message went through and its dead letter is gone" }) delivered!: boolean;
  @Field(() => DeadLetter, { nullable: true, description: "after a failed replay: the dead letter with the new error" }) deadLetter!: DeadLetter | null;
}
