import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";

export enum ImportFormat { CSV = "CSV", JSON = "JSON", NDJSON = "NDJSON" }
export enum ImportStatus { VALIDATING = "VALIDATING", APPLYING = "APPLYING", COMPLETED = "COMPLETED", INVALID = "INVALID", FAILED = "FAILED" }
registerEnumType(ImportFormat, { name: "ImportFormat", description: "CSV with a header line; JSON: an array of objects; NDJSON: one object per line" });
registerEnumType(ImportStatus, { name: "ImportStatus", description: "INVALID and FAILED imports wrote nothing" });

@ObjectType({ description: "One problem of an import file; `code` is an error code (BAD_USER_INPUT, NOT_FOUND, CONFLICT, BOM_CYCLE…)" })
export class ImportLineError {
  @Field(() => Int, { description: "CSV/NDJSON: the line; JSON array: the object's position (1 = first)" }) line!: number;
  @Field({ description: "the column, or empty for the line as a whole" }) field!: string;
  @Field() code!: string;
  @Field() message!: string;
}

@ObjectType({ description: "What an import did: nothing unless COMPLETED; then how many records it created, updated, left unchanged" })
export class ImportResult {
  @Field(() => ID) importId!: number;
  @Field() kind!: string;
  @Field(() => ImportStatus) status!: ImportStatus;
  @Field(() => Int, { description: "rows read" }) total!: number;
  @Field(() => Int) created!: number;
  @Field(() => Int) updated!: number;
  @Field(() => Int) unchanged!: number;
  @Field(() => Int, { description: "all errors found; `errors` lists the first 1000" }) errorCount!: number;
  @Field(() => [ImportLineError]) errors!: ImportLineError[];
}

@ObjectType({ description: "Progress of an import: rows validated and applied of the total (known once the file is read)" })
export class ImportProgressEvent {
  @Field(() => ID) eventId!: number;
  @Field(() => ID) importId!: number;
  @Field() kind!: string;
  @Field(() => ImportStatus) status!: ImportStatus;
  @Field(() => Int) validated!: number;
  @Field(() => Int) applied!: number;
  @Field(() => Int, { nullable: true }) total!: number | null;
  @Field() createdAt!: Date;
}
