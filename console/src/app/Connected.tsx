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
import { useSession, type Credential } from "./session";
import { Shell } from "./Shell";
import { SigningIn } from "./SignIn";
import { ViewerProvider } from "./viewer";

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
      <ViewerGate />
    </Provider>
  );
}

function ViewerGate() {
  const { t } = useTranslation("shell");
  const { signOut } = useSession();
  const [{ data, error }] = useQuery({ query: ViewerDocument });
  const refused = error && errorsOf(error).find((e) => e.code === "UNAUTHENTICATED" || e.code === "FORBIDDEN");
  useEffect(() => {
    if (refused) signOut(refused.code);
  }, [refused, signOut]);
  if (data) {
    return (
      <ViewerProvider me={data.me}>
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
