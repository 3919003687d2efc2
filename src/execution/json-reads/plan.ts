/**
 * Turns a `materials` selection (the connection, its materials with their unit, BOM lines, components and
 * balances, in one warehouse or all) into one SQL statement whose single value is the field's JSON text, built
 * by PostgreSQL in the order and shape graphql-js would answer. Anything it does not know — a field read by a
 * resolver it does not model (lots, units, suppliers…), arguments it would refuse, directives, fragments on
 * other types — makes the plan null, and the resolvers answer as before (json-reads.ts).
 *
 * The SQL names no table: each area's queries file gives its FROM/WHERE and column expressions, so the
 * statement reads exactly the rows, columns, order and visibility the loaders read. Each nested list is read once
 * for all its parents, as the loaders batch them (Planner.nested).
 */
import {
  Kind,
  getArgumentValues,
  getNamedType,
  isEnumType,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
} from "graphql";
import { BALANCE_ORDER, balanceColumn, balancesOfMaterialsWhere, type BalanceRow } from "../../domain/stock/inventory.queries";
import { LINE_ORDER, lineColumn, linesOfParentsWhere, type BomLineRow } from "../../domain/bom/bom.queries";
import { materialColumn, materialFilterConditions, materialsWhere, type MaterialFilter, type MaterialRow } from "../../domain/materials/material.queries";
import { materialJoin } from "../../domain/materials/material.store";
import { optionalRefOf } from "../../domain/shared/ref";
import { sqlVisible } from "../../domain/shared/visible-sql";
import { unitOfCodeWhere } from "../../domain/units/units.store";
import { BALANCE_SHAPE, BOM_LINE_SHAPE, MATERIAL_SHAPE } from "../../resolvers/row-shapes";
import type { RowShape } from "../../resolvers/look-ahead";

/** What one `materials` field reads: its validated page window, filter and the caller's warehouse scope. */
export interface MaterialsRead {
  limit: number;
  afterId: number;
  filter: MaterialFilter;
  /** warehouse codes the caller is limited to, null = all */
  scope: readonly string[] | null;
  /** the operation's coerced variables, for the arguments of nested fields */
  variables: Record<string, unknown>;
}

export interface SqlPlan {
  text: string;
  params: unknown[];
}

/** Response key → the field nodes answering it, in the order graphql-js answers them. */
type Fields = Map<string, FieldNode[]>;

class Planner {
  readonly params: unknown[] = [];
  /** the statement's nested lists, as WITH queries (nested), each before those that read it */
  readonly lists: string[] = [];
  private aliases = 0;
  private scopeParam: string | undefined;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
    private readonly scope: readonly string[] | null,
    private readonly variables: Record<string, unknown>,
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

  /**
   * A JSON object of the selected fields, each value an SQL expression of JSON text; null if one is not covered.
   * Fields given arguments are covered only when named in `withArguments` (their `value` reads them).
   */
  object(
    nodes: readonly FieldNode[],
    type: GraphQLObjectType,
    value: (name: string, nodes: FieldNode[]) => string | null,
    withArguments: ReadonlySet<string> = NONE,
  ): string | null {
    const fields = this.fields(nodes, type);
    if (!fields) return null;
    const parts: string[] = [];
    for (const [key, keyNodes] of fields) {
      const name = keyNodes[0].name.value;
      const json = name === "__typename" ? `'"${type.name}"'` : keyNodes.some((n) => n.arguments?.length) && !withArguments.has(name) ? null : value(name, keyNodes);
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
      case "DateTimeISO": // Date#toISOString of the column (TIMESTAMP(3), UTC) as `pg` reads it on a UTC host
        return UTC_HOST ? `coalesce('"' || to_char(${sql}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"', 'null')` : null;
      default:
        return null;
    }
  }

  /** A field its row type reads straight from a column (not through a field resolver). */
  column<C extends string>(shape: RowShape<C>, field: string): field is C {
    return shape.isColumn(field) && !Object.hasOwn(shape.resolvers, field);
  }

  /** The arguments given to `field` of `type` (merged nodes have the same ones); null when graphql-js or `check` refuses them. */
  args<T>(type: GraphQLObjectType, nodes: readonly FieldNode[], check: (args: Record<string, unknown>) => T): T | null {
    try {
      return check(getArgumentValues(type.getFields()[nodes[0].name.value], nodes[0], this.variables));
    } catch {
      return null; // the resolver refuses them with its own error
    }
  }

  /** Material `m`, one of those whose ids the subquery `ids` selects (the statement's materials at its level). */
  material(nodes: readonly FieldNode[], m: string, ids: string): string | null {
    const type = this.type("Material");
    return this.object(nodes, type, (name, fieldNodes) => {
      if (name === "bomLines") return this.lines(fieldNodes, m, ids);
      if (name === "balances") return this.balances(fieldNodes, m, ids);
      if (name === "uom") return this.unit(fieldNodes, m);
      return this.column(MATERIAL_SHAPE, name) ? this.scalar(type, name, materialColumn(m, name as keyof MaterialRow)) : null;
    }, BALANCES);
  }

  /** The unit of measure of material `m` (every material has one: a foreign key). */
  unit(nodes: readonly FieldNode[], m: string): string | null {
    const type = this.type("UnitOfMeasure");
    const u = this.alias();
    const unit = this.object(nodes, type, (name) => (UNIT_COLUMNS.has(name) ? this.scalar(type, name, `${u}.${name}`) : null));
    return unit && `(SELECT ${unit} ${unitOfCodeWhere(u, materialColumn(m, "uomCode"))})`;
  }

  /** The BOM lines of material `parent` (of `parentIds`); a selected component is joined to them under an alias of its own. */
  lines(nodes: readonly FieldNode[], parent: string, parentIds: string): string | null {
    const type = this.type("BomLine");
    let component: string | undefined;
    const line = this.object(nodes, type, (name, fieldNodes) => {
      if (name === "component") return this.material(fieldNodes, (component ??= this.alias()), `SELECT ${lineColumn("componentId")} ${linesOfParentsWhere(parentIds)}`);
      return this.column(BOM_LINE_SHAPE, name) ? this.scalar(type, name, lineColumn(name as keyof BomLineRow)) : null;
    });
    return line && this.nested(parent, line, LINE_ORDER, lineColumn("parentId"), linesOfParentsWhere(parentIds, component ? materialJoin(component, "l.component_id") : ""));
  }

  /** The balances of material `m` (of `ids`) the caller may see, in the warehouse `balances(warehouseId/warehouseCode)` names. */
  balances(nodes: readonly FieldNode[], m: string, ids: string): string | null {
    const material = this.type("Material");
    const type = this.type("StockBalance");
    // as the resolver: one of the two or neither, a malformed id refused (NOT_FOUND), a code trimmed and in upper case
    const args = this.args(material, nodes, (a) => ({ warehouse: optionalRefOf("Warehouse", "warehouse", { id: a.warehouseId as string | undefined, code: a.warehouseCode as string | undefined }) }));
    if (!args) return null;
    const { warehouse } = args;
    const balance = this.object(nodes, type, (name) => (this.column(BALANCE_SHAPE, name) ? this.scalar(type, name, balanceColumn(name as keyof BalanceRow)) : null));
    const where = [balancesOfMaterialsWhere(ids), sqlVisible(balanceColumn("warehouseCode"), this.scopeSql())];
    if (warehouse && "id" in warehouse) where.push(`${balanceColumn("warehouseId")} = ${this.param(warehouse.id, "int")}`);
    if (warehouse && "code" in warehouse) where.push(`${balanceColumn("warehouseCode")} = ${this.param(warehouse.code.toUpperCase(), "text")}`);
    return balance && this.nested(m, balance, BALANCE_ORDER, balanceColumn("materialId"), where.join(" AND "));
  }

  /**
   * The JSON array of the items of a list nested in `parent`, `key` being the parent's id in the rows of `from`.
   * A subquery per parent row ran 300 times for bench/graphql-read's page (4.1 ms of PostgreSQL a request). Instead
   * a WITH query reads the list for every parent at once, as a jsonb object from a parent's id to its items' JSON
   * text, and each parent looks its own up (2.0–2.4 ms). A map, not a join: joined, the lists are planned well only
   * with statistics, and without them (the embedded database never gathers any) nested loops took 20 times as long.
   */
  nested(parent: string, item: string, order: string, key: string, from: string): string {
    const name = `list${this.lists.length + 1}`;
    this.lists.push(`${name} AS (SELECT jsonb_object_agg(k, items) AS map FROM (SELECT ${key} AS k, string_agg(${item}, ',' ORDER BY ${order}) AS items ${from} GROUP BY 1) s)`);
    return `'[' || coalesce((SELECT map FROM ${name}) ->> ${parent}.id::text, '') || ']'`;
  }

  private type(name: string): GraphQLObjectType {
    return this.schema.getType(name) as GraphQLObjectType;
  }
}

const NONE: ReadonlySet<string> = new Set();
/** Material's field whose arguments the plan reads (the others have none) */
const BALANCES: ReadonlySet<string> = new Set(["balances"]);

/** UnitOfMeasure's fields, each its column of the same name. */
const UNIT_COLUMNS = new Set(["code", "name", "precision"]);

/**
 * `pg` reads a TIMESTAMP (without time zone) as the host's local time, so the resolvers print the stored UTC time
 * only on a UTC host; elsewhere timestamps are left to them, to answer exactly as they do.
 */
const UTC_HOST = [0, 6].every((month) => new Date(Date.UTC(2026, month, 1)).getTimezoneOffset() === 0);

/** The ids of the page's materials (the WITH query `shown`). */
const SHOWN_IDS = "SELECT id FROM shown";

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
  const p = new Planner(schema, fragments, read.scope, read.variables);
  const filter = materialFilterConditions(read.filter, p.params);
  const after = p.param(read.afterId, "int");
  const limit = p.param(read.limit, "int");
  const connection = schema.getType("MaterialConnection") as GraphQLObjectType;
  const json = p.object(nodes, connection, (name, fieldNodes) => {
    switch (name) {
      case "nodes": {
        const material = p.material(fieldNodes, "m", SHOWN_IDS);
        return material && list(material, "m.id", "FROM shown m");
      }
      case "edges": {
        const edge = p.object(fieldNodes, schema.getType("MaterialEdge") as GraphQLObjectType, (edgeField, edgeNodes) =>
          edgeField === "cursor" ? cursor("m.id") : edgeField === "node" ? p.material(edgeNodes, "m", SHOWN_IDS) : null,
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
    shown AS (SELECT * FROM page ORDER BY id LIMIT ${limit})${p.lists.map((l) => `,\n    ${l}`).join("")}
    SELECT ${json} AS json`;
  return { text, params: p.params };
}
