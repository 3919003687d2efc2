/**
 * The console: signed out, the sign-in page; signed in, a GraphQL client with the credential, the viewer from
 * the graph (`me`: its roles decide the menu), then the shell. A refused credential signs out with its reason.
 */
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { BrowserRouter } from "react-router";
import { Provider, useQuery } from "urql";
import { ErrorBanner, errorsOf } from "../components/ErrorBanner";
import { ViewerDocument } from "../generated/graphql";
import { createConsoleClient, type ConsoleClient } from "./client";
import { SessionProvider, useSession, type Credential } from "./session";
import { Shell } from "./Shell";
import { SignIn } from "./SignIn";
import { ViewerProvider } from "./viewer";

export const BASENAME = "/console";

export function App() {
  return (
    <SessionProvider>
      <BrowserRouter basename={BASENAME}>
        <Signed />
      </BrowserRouter>
    </SessionProvider>
  );
}

function Signed() {
  const { credential } = useSession();
  useTitle();
  return credential ? <Connected credential={credential} /> : <SignIn />;
}

function Connected({ credential }: { credential: Credential }) {
  const { signOut } = useSession();
  const [client, setClient] = useState<ConsoleClient | null>(null);
  useEffect(() => {
    const created = createConsoleClient(credential, () => signOut("UNAUTHENTICATED"));
    setClient(created);
    return () => created.dispose();
  }, [credential, signOut]);
  if (!client) return null;
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
  return <main className="sign-in">{error ? <ErrorBanner error={error} /> : <p className="loading">{t("signIn.checking")}</p>}</main>;
}

function useTitle() {
  const { t, i18n } = useTranslation("shell");
  useEffect(() => {
    document.title = `${t("product")} · ${t("title")}`;
  }, [t, i18n.language]);
}
