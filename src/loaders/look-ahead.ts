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
const cache = new WeakMap<readonly FieldNode[], WeakMap<RowShape<string>, readonly string[] | null>>();

export function columnsFor<C extends string>(info: GraphQLResolveInfo, shape: RowShape<C>): readonly C[] | null {
  let byShape = cache.get(info.fieldNodes);
  if (!byShape) cache.set(info.fieldNodes, (byShape = new WeakMap()));
  let columns = byShape.get(shape);
  if (columns === undefined) byShape.set(shape, (columns = compute(info, shape)));
  return columns as readonly C[] | null;
}

function compute<C extends string>(info: GraphQLResolveInfo, shape: RowShape<C>): C[] | null {
  const columns = new Set<C>(shape.always);
  for (const name of selectedNames(info)) {
    if (name === "__typename") continue;
    const viaResolver = Object.hasOwn(shape.resolvers, name) ? shape.resolvers[name] : undefined;
    if (viaResolver) viaResolver.forEach((c) => columns.add(c));
    else if (shape.isColumn(name)) columns.add(name);
    else return null;
  }
  return [...columns].sort();
}

/** Names of the fields selected under the resolved field, through fragments; @skip/@include are ignored (reads a superset). */
function selectedNames(info: GraphQLResolveInfo): Set<string> {
  const names = new Set<string>();
  const visit = (set: SelectionSetNode | undefined) => {
    for (const s of set?.selections ?? []) {
      if (s.kind === Kind.FIELD) names.add(s.name.value);
      else if (s.kind === Kind.INLINE_FRAGMENT) visit(s.selectionSet);
      else visit(info.fragments[s.name.value]?.selectionSet);
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet);
  return names;
}
