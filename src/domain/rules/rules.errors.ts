import { DomainError } from "../shared/domain-error";

export const nameTaken = (name: string) => new DomainError("CONFLICT", `a rule named ${name} exists`, { field: "name" });
export const chainTooDeep = (depth: number, max: number) => `a chain of rules ${depth} deep was stopped (at most ${max})`;
