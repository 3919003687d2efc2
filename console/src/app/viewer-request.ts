/**
 * Who is signed in (`me`), asked as soon as the console starts with a credential (main.tsx), beside the fetch of
 * the signed-in console's chunk and the page's rather than once they have loaded and run: the menu and the pages
 * wait for the viewer's roles. A plain request (the entry carries no GraphQL client), used only when it answers
 * the viewer; anything else (a refused credential, an unreachable hub) is asked again through the console's
 * client, which tells why (Connected.tsx).
 */
import hashes from "virtual:trusted-documents";
import viewerQuery from "../../operations/shell/viewer.graphql?raw";
import { config } from "../config";
import type { ViewerQuery } from "../generated/graphql";
import { httpHeaders, type Credential } from "./credential";
import { loading } from "./loaded";

export type Me = ViewerQuery["me"];

let asked: { credential: string; me: Promise<Me | null> } | undefined;

/** The answer for `credential`: the one asked already, or asked now. The same promise until `forgetViewer`. */
export function viewerOf(credential: Credential): Promise<Me | null> {
  const key = JSON.stringify(credential);
  if (asked?.credential !== key) asked = { credential: key, me: loading(ask(credential)) };
  return asked.me;
}

/** Signed out: a later sign-in asks again (the credential may have been refused or revoked meanwhile). */
export function forgetViewer(): void {
  asked = undefined;
}

async function ask(credential: Credential): Promise<Me | null> {
  const extensions = config.persisted && hashes.Viewer ? { persistedQuery: { version: 1, sha256Hash: hashes.Viewer } } : undefined;
  try {
    const res = await fetch(new URL(config.graphqlPath, window.location.href), {
      method: "POST",
      headers: { ...httpHeaders(credential), "content-type": "application/json", accept: "application/graphql-response+json, application/json" },
      body: JSON.stringify({ operationName: "Viewer", variables: {}, ...(extensions ? { extensions } : { query: viewerQuery }) }),
    });
    const answer = res.ok ? ((await res.json()) as { data?: ViewerQuery | null; errors?: unknown[] }) : null;
    return answer?.data?.me && !answer.errors ? answer.data.me : null;
  } catch {
    return null;
  }
}
