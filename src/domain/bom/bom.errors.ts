import { badInput, DomainError } from "../shared/domain-error";

/** A BOM edge set that contains a cycle; `path` is the cycle as material ids, first = last. */
export class BomCycleError extends DomainError {
  constructor(readonly path: number[], describe: (id: number) => string = String) {
    super("BOM_CYCLE", `BOM cycle: ${path.map(describe).join(" → ")}`, { path: path.map(describe) });
  }
}

/** A substitute that would close a loop (A for B for A); `path` is the loop as material codes, first = last. */
export const substituteLoop = (path: readonly string[]) =>
  badInput(`substitutes may not go round in a loop: ${path.join(" → ")}`, { field: "substituteCode", path });
