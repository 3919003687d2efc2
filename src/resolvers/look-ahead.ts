import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from "graphql";

/**
 * Look-ahead: which columns a list field's rows need, read from the query's selection under the field,
 * so a loader can fetch only those (decoding unused columns — dates above all — dominated large reads).
 *
 * `fields` says, for each field of the row's GraphQL type, the columns it reads: a plain field reads its
 * own column, a field resolver the columns it uses. A selected field missing from it (one added later,
 * say) makes the answer null: then the caller reads whole rows, as without look-ahead.
 */
export interface RowShape<C extends string> {
  isColumn(field: string): field is C;
  /** columns read by the type's field resolvers */
  resolvers: Readonly<Record<string, readonly C[]>>;
  /** columns the loader itself needs (its grouping key, filters) */
  always: readonly C[];
}

// Keyed by the fieldNodes array: graphql-jit reuses one per compiled field, graphql-js makes new ones.
const cache = new WeakMap<readonly FieldNode[], Map<string, WeakMap<RowShape<string>, readonly string[] | null>>>();

/** Columns for the rows of the field being resolved. */
export function columnsFor<C extends string>(info: GraphQLResolveInfo, shape: RowShape<C>): readonly C[] | null {
  return cached(info, "", shape, () => compute(info.fieldNodes, info, shape));
}

/**
 * Columns for the rows of its field `child` one level down (e.g. a BOM line's component), so a loader
 * can read both levels in one statement; null when `child` is not selected or cannot be narrowed.
 */
export function columnsUnder<C extends string>(info: GraphQLResolveInfo, child: string, shape: RowShape<C>): readonly C[] | null {
  return cached(info, child, shape, () => {
    const nodes = fieldsIn(info.fieldNodes, info).filter((f) => f.name.value === child);
    return nodes.length ? compute(nodes, info, shape) : null;
  });
}

function cached<C extends string>(info: GraphQLResolveInfo, child: string, shape: RowShape<C>, make: () => C[] | null): readonly C[] | null {
  let byChild = cache.get(info.fieldNodes);
  if (!byChild) cache.set(info.fieldNodes, (byChild = new Map()));
  let byShape = byChild.get(child);
  if (!byShape) byChild.set(child, (byShape = new WeakMap()));
  let columns = byShape.get(shape);
  if (columns === undefined) byShape.set(shape, (columns = make()));
  return columns as readonly C[] | null;
}

function compute<C extends string>(nodes: readonly FieldNode[], info: GraphQLResolveInfo, shape: RowShape<C>): C[] | null {
  const columns = new Set<C>(shape.always);
  for (const { name: { value: name } } of fieldsIn(nodes, info)) {
    if (name === "__typename") continue;
    const viaResolver = Object.hasOwn(shape.resolvers, name) ? shape.resolvers[name] : undefined;
    if (viaResolver) viaResolver.forEach((c) => columns.add(c));
    else if (shape.isColumn(name)) columns.add(name);
    else return null;
  }
  return [...columns].sort();
}

/** The fields selected under `nodes`, through fragments; @skip/@include are ignored (reads a superset). */
function fieldsIn(nodes: readonly FieldNode[], info: GraphQLResolveInfo): FieldNode[] {
  const fields: FieldNode[] = [];
  const visit = (set: SelectionSetNode | undefined) => {
    for (const s of set?.selections ?? []) {
      if (s.kind === Kind.FIELD) fields.push(s);
      else if (s.kind === Kind.INLINE_FRAGMENT) visit(s.selectionSet);
      else visit(info.fragments[s.name.value]?.selectionSet);
    }
  };
  for (const node of nodes) visit(node.selectionSet);
  return fields;
}
