/**
 * The signed-in console, a chunk of its own (App.tsx loads it with a credential): a GraphQL client with the
 * credential, the viewer from the graph (`me`: its roles decide the menu), then the shell. A refused credential
 * signs out with its reason. The sign-in page loads none of it (urql, graphql-ws, the typed operations, the shell).
 */
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Provider, useQuery } from "urql";
import { ErrorBanner, errorsOf } from "../components/ErrorBanner";
import { ViewerDocument } from "../generated/graphql";
import { createConsoleClient, type ConsoleClient } from "./client";
import type { Credential } from "./credential";
import { useSession } from "./session";
import { Shell } from "./Shell";
import { SigningIn } from "./SignIn";
import { useLoaded } from "./loaded";
import { ViewerProvider } from "./viewer";
import { viewerOf } from "./viewer-request";

export default function Connected({ credential }: { credential: Credential }) {
  const { signOut } = useSession();
  const [client, setClient] = useState<ConsoleClient | null>(null);
  useEffect(() => {
    const created = createConsoleClient(credential, () => signOut("UNAUTHENTICATED"));
    setClient(created);
    return () => created.dispose();
  }, [credential, signOut]);
  if (!client) return <SigningIn />;
  return (
    <Provider value={client.client}>
      <ViewerGate credential={credential} />
    </Provider>
  );
}

/** The viewer asked as the console started (viewer-request.ts) or, when that did not answer it, through the client. */
function ViewerGate({ credential }: { credential: Credential }) {
  const { t } = useTranslation("shell");
  const { signOut } = useSession();
  // undefined while asked, null when not answered
  const early = useLoaded(viewerOf(credential));
  const [{ data, error }] = useQuery({ query: ViewerDocument, pause: early !== null });
  const refused = error && errorsOf(error).find((e) => e.code === "UNAUTHENTICATED" || e.code === "FORBIDDEN");
  useEffect(() => {
    if (refused) signOut(refused.code);
  }, [refused, signOut]);
  const me = early ?? data?.me;
  if (me) {
    return (
      <ViewerProvider me={me}>
        <Shell />
      </ViewerProvider>
    );
  }
  if (!error) return <SigningIn />;
  // e.g. the hub cannot be reached: say so, and let the viewer try another credential
  return (
    <main className="sign-in">
      <ErrorBanner error={error} />
      <button type="button" onClick={() => signOut()}>
        {t("viewer.signOut")}
      </button>
    </main>
  );
}
