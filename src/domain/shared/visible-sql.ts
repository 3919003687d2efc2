/**
 * `canSee` (src/auth/warehouse-scope.ts, which re-exports this) as an SQL condition: `codeExpr` is the
 * object's warehouse code (NULL = of no warehouse), `param` the placeholder bound to the caller's scope
 * (its warehouse codes, NULL = all). Here, below auth, so that the shared kernel's queries can use it.
 */
export const sqlVisible = (codeExpr: string, param: string) => `(${param}::text[] IS NULL OR ${codeExpr} IS NULL OR ${codeExpr} = ANY(${param}::text[]))`;
