/** The rules area: rules managed through RulesService (ctx.services.rules), run from the outbox by RuleRunner. */
export { RulesService, type DryRunFiring } from "./rules.service";
export { RuleRunner, MAX_CHAIN_DEPTH } from "./rule-runner";
export { ruleActor } from "./rule-actions";
export type { ActionInput, RuleInput } from "./rule-definition";
export type { FiringRow, RuleRow, RuleVersionRow } from "./rules.store";
export type { PlannedAction, RuleDefinition } from "./rule.types";
