/**
 * Turns a `materials` selection (the connection, its materials, their BOM lines, components and balances)
 * into one SQL statement whose single value is the field's JSON text, built by PostgreSQL in the order and
 * shape graphql-js would answer. Anything it does not know — a field read by a resolver it does not model,
 * arguments on nested fields, directives, fragments on other types, timestamps — makes the plan null, and
 * the resolvers answer as before (src/execution/json-reads/json-reads.ts).
 *
 * The SQL names no table: each area's queries file gives its FROM/WHERE and column expressions, so the
 * statement reads exactly the rows, columns, order and visibility the loaders read.
 */
import {
  Kind,
  getNamedType,
  isEnumType,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
} from "graphql";
import { BALANCE_ORDER, balanceColumn, balancesOfMaterialWhere, type BalanceRow } from "../../domain/stock/inventory.queries";
import { LINE_ORDER, lineColumn, linesOfParentWhere, type BomLineRow } from "../../domain/bom/bom.queries";
import { materialColumn, materialFilterConditions, materialsWhere, type MaterialFilter, type MaterialRow } from "../../domain/materials/material.queries";
import { materialJoin } from "../../domain/materials/material.store";
import { sqlVisible } from "../../domain/shared/visible-sql";
import { BALANCE_SHAPE, BOM_LINE_SHAPE, MATERIAL_SHAPE } from "../../resolvers/row-shapes";
import type { RowShape } from "../../resolvers/look-ahead";

/** What one `materials` field reads: its validated page window, filter and the caller's warehouse scope. */
export interface MaterialsRead {
  limit: number;
  afterId: number;
  filter: MaterialFilter;
  /** warehouse codes the caller is limited to, null = all */
  scope: readonly string[] | null;
}

export interface SqlPlan {
  text: string;
  params: unknown[];
}

/** Response key → the field nodes answering it, in the order graphql-js answers them. */
type Fields = Map<string, FieldNode[]>;

class Planner {
  readonly params: unknown[] = [];
  private aliases = 0;
  private scopeParam: string | undefined;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
    private readonly scope: readonly string[] | null,
  ) {}

  param(value: unknown, cast: string): string {
    this.params.push(value);
    return `$${this.params.length}::${cast}`;
  }

  alias(): string {
    return `m${++this.aliases}`;
  }

  /** The scope's placeholder, bound once for every balance list of the statement. */
  scopeSql(): string {
    return (this.scopeParam ??= this.param(this.scope, "text[]"));
  }

  /** The fields of `type` selected under `nodes`, merged by response key; null for what the plan does not cover. */
  fields(nodes: readonly FieldNode[], type: GraphQLObjectType): Fields | null {
    const fields: Fields = new Map();
    const visit = (set: SelectionSetNode | undefined): boolean => {
      for (const s of set?.selections ?? []) {
        if (s.directives?.length) return false;
        if (s.kind === Kind.FIELD) {
          const key = s.alias?.value ?? s.name.value;
          fields.set(key, [...(fields.get(key) ?? []), s]);
        } else {
          const fragment = s.kind === Kind.INLINE_FRAGMENT ? s : this.fragments.get(s.name.value);
          if (!fragment || (fragment.typeCondition && fragment.typeCondition.name.value !== type.name) || !visit(fragment.selectionSet)) return false;
        }
      }
      return true;
    };
    return nodes.every((n) => visit(n.selectionSet)) ? fields : null;
  }

  /** A JSON object of the selected fields, each value an SQL expression of JSON text; null if one is not covered. */
  object(nodes: readonly FieldNode[], type: GraphQLObjectType, value: (name: string, nodes: FieldNode[]) => string | null): string | null {
    const fields = this.fields(nodes, type);
    if (!fields) return null;
    const parts: string[] = [];
    for (const [key, keyNodes] of fields) {
      const name = keyNodes[0].name.value;
      const json = name === "__typename" ? `'"${type.name}"'` : keyNodes.some((n) => n.arguments?.length) ? null : value(name, keyNodes);
      if (json === null) return null;
      // response keys are GraphQL names ([_A-Za-z][_0-9A-Za-z]*): safe inside an SQL string literal
      parts.push(`'${parts.length ? "," : "{"}"${key}":' || ${json}`);
    }
    return `${parts.join(" || ")} || '}'`;
  }

  /** A column's value as JSON text, as the field's scalar serializes it; null for a scalar the plan does not cover. */
  scalar(type: GraphQLObjectType, field: string, sql: string): string | null {
    const definition = type.getFields()[field];
    if (!definition) return null;
    const named = getNamedType(definition.type);
    if (isEnumType(named)) return `coalesce(to_json(${sql})::text, 'null')`;
    switch (named.name) {
      case "ID":
        return `coalesce('"' || ${sql} || '"', 'null')`;
      case "Int":
      case "Boolean":
        return `coalesce((${sql})::text, 'null')`;
      case "String":
        return `coalesce(to_json(${sql})::text, 'null')`;
      case "Decimal": // the Decimal scalar's canonical text: no trailing zeros
        return `coalesce('"' || trim_scale(${sql}) || '"', 'null')`;
      default:
        return null;
    }
  }

  /** A field its row type reads straight from a column (not through a field resolver). */
  column<C extends string>(shape: RowShape<C>, field: string): field is C {
    return shape.isColumn(field) && !Object.hasOwn(shape.resolvers, field);
  }

  material(nodes: readonly FieldNode[], m: string): string | null {
    const type = this.type("Material");
    return this.object(nodes, type, (name, fieldNodes) => {
      if (name === "bomLines") return this.lines(fieldNodes, m);
      if (name === "balances") return this.balances(fieldNodes, m);
      return this.column(MATERIAL_SHAPE, name) ? this.scalar(type, name, materialColumn(m, name as keyof MaterialRow)) : null;
    });
  }

  /** The BOM lines of material `parent`; a selected component is joined to them under an alias of its own. */
  lines(nodes: readonly FieldNode[], parent: string): string | null {
    const type = this.type("BomLine");
    let component: string | undefined;
    const line = this.object(nodes, type, (name, fieldNodes) => {
      if (name === "component") return this.material(fieldNodes, (component ??= this.alias()));
      return this.column(BOM_LINE_SHAPE, name) ? this.scalar(type, name, lineColumn(name as keyof BomLineRow)) : null;
    });
    return line && list(line, LINE_ORDER, linesOfParentWhere(`${parent}.id`, component ? materialJoin(component, "l.component_id") : ""));
  }

  /** The balances of material `m` the caller may see (balances(warehouseId/warehouseCode) are left to the resolver). */
  balances(nodes: readonly FieldNode[], m: string): string | null {
    const type = this.type("StockBalance");
    const balance = this.object(nodes, type, (name) => (this.column(BALANCE_SHAPE, name) ? this.scalar(type, name, balanceColumn(name as keyof BalanceRow)) : null));
    return balance && list(balance, BALANCE_ORDER, `${balancesOfMaterialWhere(`${m}.id`)} AND ${sqlVisible("w.code", this.scopeSql())}`);
  }

  private type(name: string): GraphQLObjectType {
    return this.schema.getType(name) as GraphQLObjectType;
  }
}

/** `(SELECT '[' … ']' FROM …)`: the JSON array of `item` over the rows of `from`, in `order`. */
const list = (item: string, order: string, from: string) => `(SELECT '[' || coalesce(string_agg(${item}, ',' ORDER BY ${order}), '') || ']' ${from})`;

/** encodeCursor (src/schema/connection.ts) in SQL: base64url of "c:<id>", unpadded, as a JSON string. */
const cursor = (id: string) => `'"' || rtrim(translate(encode(convert_to('c:' || ${id}, 'UTF8'), 'base64'), '+/', '-_'), '=') || '"'`;

/**
 * The statement answering a `materials` field (`nodes`: its field nodes) for `read`, or null when the
 * selection has something the plan does not cover. Pages as findMaterials does: `limit + 1` rows after
 * `afterId` in id order, the extra one only telling hasNextPage.
 */
export function planMaterials(
  schema: GraphQLSchema,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  nodes: readonly FieldNode[],
  read: MaterialsRead,
): SqlPlan | null {
  const p = new Planner(schema, fragments, read.scope);
  const filter = materialFilterConditions(read.filter, p.params);
  const after = p.param(read.afterId, "int");
  const limit = p.param(read.limit, "int");
  const connection = schema.getType("MaterialConnection") as GraphQLObjectType;
  const json = p.object(nodes, connection, (name, fieldNodes) => {
    switch (name) {
      case "nodes": {
        const material = p.material(fieldNodes, "m");
        return material && list(material, "m.id", "FROM shown m");
      }
      case "edges": {
        const edge = p.object(fieldNodes, schema.getType("MaterialEdge") as GraphQLObjectType, (edgeField, edgeNodes) =>
          edgeField === "cursor" ? cursor("m.id") : edgeField === "node" ? p.material(edgeNodes, "m") : null,
        );
        return edge && list(edge, "m.id", "FROM shown m");
      }
      case "pageInfo":
        return p.object(fieldNodes, schema.getType("PageInfo") as GraphQLObjectType, (info) => {
          if (info === "hasNextPage") return `((SELECT count(*) FROM page) > ${limit})::text`;
          if (info === "hasPreviousPage") return `(${after} > 0)::text`;
          if (info === "startCursor") return `coalesce((SELECT ${cursor("min(id)")} FROM shown), 'null')`;
          if (info === "endCursor") return `coalesce((SELECT ${cursor("max(id)")} FROM shown), 'null')`;
          return null;
        });
      case "totalCount":
        return `(SELECT count(*) ${materialsWhere(filter)})::text`;
      default:
        return null;
    }
  });
  if (!json) return null;
  const text = `WITH page AS (SELECT m.* ${materialsWhere([...filter, `m.id > ${after}`])} ORDER BY m.id LIMIT ${limit} + 1),
    shown AS (SELECT * FROM page ORDER BY id LIMIT ${limit})
    SELECT ${json} AS json`;
  return { text, params: p.params };
}
