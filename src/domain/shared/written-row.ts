/**
 * A command's result may carry the row it wrote, as the command left it: the answer then shows it without reading
 * it again after the commit. It sits under a symbol key so that the response idempotency stores (JSON) leaves it
 * out: a replay reads the row as it is then.
 */
export const WRITTEN_ROW = Symbol("written row");

export type WithWrittenRow<R> = { [WRITTEN_ROW]?: R };
