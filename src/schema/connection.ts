import { ArgsType, ClassType, Field, Int, ObjectType } from "type-graphql";

/**
 * Relay cursor pagination (forward). Cursors are opaque; clients must not parse them.
 * `simpleResolvers` on plain data types: their fields are read straight off the object, with no
 * per-field middleware call (none applies: access is decided per operation), which a nested read of
 * thousands of fields notices.
 */
@ObjectType({ simpleResolvers: true })
export class PageInfo {
  @Field() hasNextPage!: boolean;
  @Field() hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: "page size (default 50; at most MAX_PAGE_SIZE)" })
  first?: number;

  @Field(() => String, { nullable: true, description: "return items after this cursor" })
  after?: string;
}

/** A page of rows in id order after a cursor, as the query functions return it, with the filtered total. */
export interface IdPage {
  rows: readonly { id: number | string }[];
  hasNextPage: boolean;
  /** the filtered total, or how to count it: then it is counted only when a client asks for totalCount */
  total: number | (() => Promise<number>);
}

export function Connection<T extends object>(node: ClassType<T>, name = node.name) {
  @ObjectType(`${name}Edge`, { simpleResolvers: true })
  class Edge {
    @Field() cursor!: string;
    @Field(() => node) node!: T;
  }

  @ObjectType(`${name}Connection`, { simpleResolvers: true })
  class ConnectionType {
    @Field(() => [Edge]) edges!: Edge[];
    @Field(() => [node]) nodes!: T[];
    @Field(() => PageInfo) pageInfo!: PageInfo;
    // not simple: its value may be a promise (a count run only when asked for), which only a resolver awaits
    @Field(() => Int, { simple: false }) totalCount!: number;

    /** The connection of a page that started after `afterId` (0: the first page); cursors carry row ids. */
    static from(page: IdPage, afterId: number): ConnectionType {
      const nodes = page.rows as unknown as T[];
      const edges = page.rows.map((r, i) => ({ cursor: encodeCursor(r.id), node: nodes[i] }));
      const connection = {
        edges,
        nodes,
        pageInfo: {
          hasNextPage: page.hasNextPage,
          hasPreviousPage: afterId > 0,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges[edges.length - 1]?.cursor ?? null,
        },
      };
      const { total } = page;
      if (typeof total === "number") return { ...connection, totalCount: total };
      // a getter, read only when totalCount is selected
      let counted: Promise<number> | undefined;
      return Object.defineProperty(connection, "totalCount", { get: () => (counted ??= total()), enumerable: true }) as ConnectionType;
    }
  }
  return ConnectionType;
}

export const encodeCursor = (id: number | string) => Buffer.from(`c:${id}`).toString("base64url");

/** The id inside a cursor, or null for a cursor this server did not make. */
export function decodeCursor(cursor: string): number | null {
  const m = /^c:(\d{1,15})$/.exec(Buffer.from(cursor, "base64url").toString());
  return m ? Number(m[1]) : null;
}
