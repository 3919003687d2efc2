import { Field, ObjectType } from "type-graphql";

/** What an ERP's batch (createWorkOrders, postReceipts) says about an item it did not do. */
@ObjectType({ description: "Why one item of a bulk call was refused: its error code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT…), as the single command would answer" })
export class BulkItemError {
  @Field() code!: string;
  @Field() message!: string;
  @Field(() => String, { nullable: true, description: "the input field at fault, when one is" }) field!: string | null;
}

export const ATOMIC_DESCRIPTION =
  "true (default): all items in one transaction, and the first refused item refuses the call (its error names the item's `index`), nothing written; " +
  "false: each item in its own transaction, the result says per item what was done or why not";

export const ITEM_KEY_DESCRIPTION =
  "this item's own idempotency key, bound to the single command (a key used there replays here); with atomic: false and no key, the call's key + `#<index>`";
