/**
 * The shortage policy: what happens when a work order cannot reserve a component (AUTO: substitutes, transfers,
 * purchase suggestions or expedites; SUGGEST_ONLY: the shortage recorded with suggestions), per material,
 * warehouse or globally, and the transit lanes its NEAREST source selection reads. The service configures it;
 * the work-orders area reads it inside its transactions (`policiesFor`, `orderSources`, `transitDaysTo`).
 */
export { ShortagePolicyService, type PolicyScope, type ShortagePolicyInput, type TransitLaneInput } from "./shortage-policy.service";
export { DEFAULT_POLICY, orderSources, policyFor, type ShortageMode, type ShortagePolicy, type SourceCandidate, type SourceSelection } from "./shortage-policy.rules";
export { policiesFor, transitDaysTo, type LaneRow, type PolicyRow } from "./shortage-policy.store";
