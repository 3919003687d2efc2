import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { Connection } from "./connection";
import { AbcClass } from "./material.types";
import { DecimalScalar } from "./scalars";

export enum CountSessionStatus { OPEN = "OPEN", COUNTING = "COUNTING", REVIEW = "REVIEW", APPROVED = "APPROVED", CANCELLED = "CANCELLED" }
export enum CountScope { WAREHOUSE = "WAREHOUSE", ZONE = "ZONE", LOCATIONS = "LOCATIONS", ABC_CLASS = "ABC_CLASS" }
registerEnumType(CountSessionStatus, {
  name: "CountSessionStatus",
  description: "OPEN → COUNTING (its locations take no stock movements: LOCATION_BEING_COUNTED) → REVIEW → APPROVED (differences posted) | CANCELLED",
});
registerEnumType(CountScope, { name: "CountScope", description: "how the session's locations were chosen" });

@ObjectType({ description: "A cycle count of some locations of a warehouse" })
export class CountSession {
  @Field(() => ID) id!: number;
  @Field() number!: string;
  @Field(() => CountSessionStatus) status!: CountSessionStatus;
  @Field(() => CountScope) scope!: CountScope;
  @Field(() => String, { nullable: true, description: "ZONE: the location code prefix counted" }) zone!: string | null;
  @Field(() => AbcClass, { nullable: true, description: "ABC_CLASS: the class whose due locations are counted" }) abcClass!: AbcClass | null;
  @Field({ description: "book quantities are hidden from all but PLANNER and ADMIN" }) blind!: boolean;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => DecimalScalar, { nullable: true, description: "APPROVED: lines within tolerance / lines (count accuracy)" }) accuracy!: string | null;
  @Field(() => Int, { nullable: true, description: "APPROVED: lines counted" }) linesCounted!: number | null;
  @Field(() => Int, { nullable: true, description: "APPROVED: lines within tolerance" }) linesWithinTolerance!: number | null;
  @Field() createdAt!: Date;
  @Field() createdBy!: string;
  @Field(() => Date, { nullable: true }) startedAt!: Date | null;
  @Field(() => Date, { nullable: true }) submittedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: "approved or cancelled" }) closedAt!: Date | null;
  @Field(() => String, { nullable: true }) closedBy!: string | null;
}

export const CountSessionConnection = Connection(CountSession);
export type CountSessionConnection = InstanceType<typeof CountSessionConnection>;

@ObjectType({ description: "What was counted of one material (and lot) at one location; book quantities are null for those who may not see them (blind counts)" })
export class CountLine {
  @Field(() => ID) id!: number;
  @Field(() => DecimalScalar, { nullable: true, description: "entered by hand or by a barcode scan" }) enteredQuantity!: string | null;
  @Field(() => Int, { description: "RFID tags read (each EPC once per session, one unit each)" }) tagsRead!: number;
  @Field(() => DecimalScalar, { nullable: true, description: "entered + tags read; null while nothing is counted" }) countedQuantity!: string | null;
  @Field(() => DecimalScalar, { nullable: true, description: "on the books: live while counting, as reviewed after" }) bookQuantity!: string | null;
  @Field(() => DecimalScalar, { nullable: true, description: "counted − book" }) difference!: string | null;
  @Field(() => DecimalScalar, { nullable: true, description: "the difference at today's standard cost" }) value!: string | null;
  @Field(() => String, { nullable: true }) currency!: string | null;
  @Field(() => Boolean, { nullable: true, description: "within COUNT_TOLERANCE_QUANTITY or COUNT_TOLERANCE_PCT of the book quantity" }) withinTolerance!: boolean | null;
  @Field({ description: "to be counted again (it was beyond the tolerance)" }) recountRequested!: boolean;
  @Field(() => Int) recounts!: number;
}

@ObjectType({ description: "What a count command did; a replay (same idempotency key) returns the first result" })
export class CountSessionResult {
  @Field() replayed!: boolean;
}

@ObjectType({ description: "A bulk RFID read" })
export class RfidReadsResult {
  @Field() replayed!: boolean;
  @Field(() => Int, { description: "tags in the read, repeats included" }) tagsRead!: number;
  @Field(() => Int, { description: "tags counted now for the first time in the session" }) counted!: number;
  @Field(() => Int, { description: "known tags counted before in this session" }) alreadyCounted!: number;
  @Field(() => [String], { description: "EPCs naming no material (map them: mapEpc, mapGtin), or a lot-tracked material without a lot" }) unknownEpcs!: string[];
}

@ObjectType({ description: "A location due for counting" })
export class CountDueLocation {
  @Field(() => AbcClass, { description: "the best class of what it holds (no class: C)" }) abcClass!: AbcClass;
  @Field(() => Date, { nullable: true }) lastCountedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: "null: never counted" }) dueSince!: Date | null;
}

@ObjectType({ description: "An ABC class's cycle counting in a warehouse: how often, and how many locations are due today" })
export class CountDueByClass {
  @Field(() => AbcClass) abcClass!: AbcClass;
  @Field(() => Int, { description: "days between counts: classificationSettings.countEveryDays, else COUNT_EVERY_DAYS_<class>" }) everyDays!: number;
  @Field(() => Int, { description: "locations whose best class is this one, due today (createCountSession with abcClass counts them)" }) locationsDue!: number;
}

@ObjectType()
export class EpcMapping {
  @Field() epc!: string;
}

@ObjectType()
export class GtinMapping {
  @Field({ description: "as GTIN-14" }) gtin!: string;
}

@InputType()
export class CreateCountSessionInput {
  @Field(() => ID, { nullable: true }) warehouseId?: string;
  @Field(() => String, { nullable: true }) warehouseCode?: string;
  @Field(() => String, { nullable: true, description: "count the locations whose code starts with it" }) zone?: string;
  @Field(() => [String], { nullable: true, description: "count these locations" }) locationCodes?: string[];
  @Field(() => AbcClass, { nullable: true, description: "count the locations due for counting whose best class is this" }) abcClass?: AbcClass;
  @Field(() => Boolean, { nullable: true, description: "default true: counters do not see book quantities" }) blind?: boolean;
  @Field(() => String, { nullable: true }) note?: string;
}

@InputType({ description: "A counted quantity of a material (and lot) at a location of the session (replaces what was entered before)" })
export class RecordCountInput {
  @Field(() => ID, { nullable: true, description: "the session" }) id?: string;
  @Field(() => String, { nullable: true, description: "the session" }) number?: string;
  @Field(() => ID, { nullable: true }) locationId?: string;
  @Field(() => String, { nullable: true }) locationCode?: string;
  @Field(() => ID, { nullable: true }) materialId?: string;
  @Field(() => String, { nullable: true }) materialCode?: string;
  @Field(() => String, { nullable: true }) lotCode?: string;
  @Field(() => DecimalScalar) countedQuantity!: string;
  @Field(() => String, { nullable: true, description: "the base unit or an alternative unit of the material" }) uom?: string;
}

@InputType({ description: "Tags a reader read at one location of the session (EPCs in hex)" })
export class RfidSweepInput {
  @Field(() => ID, { nullable: true }) locationId?: string;
  @Field(() => String, { nullable: true }) locationCode?: string;
  @Field(() => [String]) epcs!: string[];
}

@InputType({ description: "Tags read at a location of the session (location and epcs), or a batch of such sweeps (sweeps: fastest for a whole warehouse)" })
export class RfidReadsInput {
  @Field(() => ID, { nullable: true, description: "the session" }) id?: string;
  @Field(() => String, { nullable: true, description: "the session" }) number?: string;
  @Field(() => ID, { nullable: true }) locationId?: string;
  @Field(() => String, { nullable: true }) locationCode?: string;
  @Field(() => [String], { nullable: true, description: "EPCs in hex, read at the location" }) epcs?: string[];
  @Field(() => [RfidSweepInput], { nullable: true, description: "up to 5,000 sweeps instead of location and epcs; an EPC read in several counts where it was read first" }) sweeps?: RfidSweepInput[];
}

@InputType()
export class EpcMappingInput {
  @Field({ description: "hex" }) epc!: string;
  @Field(() => ID, { nullable: true }) materialId?: string;
  @Field(() => String, { nullable: true }) materialCode?: string;
  @Field(() => String, { nullable: true, description: "required for a lot-tracked material" }) lotCode?: string;
}

@InputType()
export class GtinMappingInput {
  @Field({ description: "GTIN-8, -12, -13 or -14 with its check digit" }) gtin!: string;
  @Field(() => ID, { nullable: true }) materialId?: string;
  @Field(() => String, { nullable: true }) materialCode?: string;
}
