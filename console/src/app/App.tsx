/**
 * The console: signed out, the sign-in page; signed in, the signed-in console (Connected.tsx: the graph's client,
 * the viewer, the shell), loaded as a chunk of its own so that the sign-in page's entry does not carry it.
 */
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { BrowserRouter } from "react-router";
import { loading, useLoaded } from "./loaded";
import { SessionProvider, useSession } from "./session";
import { SignIn, SigningIn } from "./SignIn";

export const BASENAME = "/console";

let connected: Promise<typeof import("./Connected")> | undefined;
/** The signed-in console's chunk, fetched once (main.tsx starts it as the console starts with a credential). */
export const loadConnected = () => (connected ??= loading(import("./Connected")));

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
  const Connected = useLoaded(credential ? loadConnected() : undefined)?.default;
  useTitle();
  if (!credential) return <SignIn />;
  return Connected ? <Connected credential={credential} /> : <SigningIn />;
}

function useTitle() {
  const { t, i18n } = useTranslation("shell");
  useEffect(() => {
    document.title = `${t("product")} · ${t("title")}`;
  }, [t, i18n.language]);
}
