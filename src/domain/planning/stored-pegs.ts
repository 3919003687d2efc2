import { isTransferDemand, type Peg } from "../mrp";
import type { CopyText } from "../../db/copy-text";
import { isForecastDemand } from "../forecasting/forecast-demand";
import type { StoredPeg } from "./planning.types";

/** Pegs as stored: the forecast's and planned transfers' demand by kind (FORECAST, TRANSFER), others by id. */
export const storedPegs = (pegs: readonly Peg[]): StoredPeg[] => pegs.map((p) => [storedDemand(p.demandId), p.quantity]);

const storedDemand = (id: Peg["demandId"]) => (isForecastDemand(id) ? "FORECAST" : isTransferDemand(id) ? "TRANSFER" : id);

/**
 * `JSON.stringify(storedPegs(pegs))`, written out directly: the arrays and the generic stringify were most of this
 * process's CPU in writing a plan (a 10k plan has 455k pegs; docs/benchmarks.md). A peg's quantity is a decimal
 * string (formatQuantity's digits and point), which JSON needs no escape for.
 */
export function storedPegsJson(pegs: readonly Peg[]): string {
  let json = "[";
  for (let i = 0; i < pegs.length; i++) {
    const demand = storedDemand(pegs[i].demandId);
    json += `${i ? "," : ""}[${typeof demand === "number" ? demand : JSON.stringify(demand)},"${pegs[i].quantity}"]`;
  }
  return `${json}]`;
}

const COMMA = 44;
const QUOTE = 34;
const OPEN = 91;
const CLOSE = 93;

/** The same JSON as storedPegsJson, as a field of COPY text: written into its bytes, no string made. */
export function copyPegs(text: CopyText, pegs: readonly Peg[]): void {
  text.byte(OPEN);
  for (let i = 0; i < pegs.length; i++) {
    if (i) text.byte(COMMA);
    const demand = storedDemand(pegs[i].demandId);
    text.byte(OPEN);
    if (typeof demand === "number") text.int(demand);
    else text.text(JSON.stringify(demand));
    text.byte(COMMA).byte(QUOTE).text(pegs[i].quantity).byte(QUOTE).byte(CLOSE);
  }
  text.byte(CLOSE);
}
