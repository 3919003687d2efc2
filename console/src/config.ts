/**
 * The hub's settings for the console, carried by the page it serves (#console-config, src/web/serve-console.ts):
 * where the graph is, whether operations go by their registered hash, the demo credential and the explorer's
 * address (both development only).
 */
export interface ConsoleConfig {
  graphqlPath: string;
  persisted: boolean;
  demoHeaders: Record<string, string> | null;
  explorerPath: string | null;
}

const element = document.getElementById("console-config");

export const config: ConsoleConfig = {
  graphqlPath: "/graphql",
  persisted: false,
  demoHeaders: null,
  explorerPath: null,
  ...(element?.textContent ? (JSON.parse(element.textContent) as Partial<ConsoleConfig>) : {}),
};
