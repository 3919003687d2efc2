/**
 * The events area's public face for the graph's resolvers: the typed topics, types only. Resolvers reach
 * the events themselves through `ctx.services.events`.
 */
export type { HubEvent, Topic, Topics } from "./topics";
