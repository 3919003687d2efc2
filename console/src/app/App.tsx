/**
 * The console: signed out, the sign-in page; signed in, the signed-in console (Connected.tsx: the graph's client,
 * the viewer, the shell), loaded as a chunk of its own so that the sign-in page's entry does not carry it.
 */
import { lazy, Suspense, useEffect } from "react";
import { useTranslation } from "react-i18next";
import { BrowserRouter } from "react-router";
import { SessionProvider, useSession } from "./session";
import { SignIn, SigningIn } from "./SignIn";

export const BASENAME = "/console";

const Connected = lazy(() => import("./Connected"));

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
  if (!credential) return <SignIn />;
  return (
    <Suspense fallback={<SigningIn />}>
      <Connected credential={credential} />
    </Suspense>
  );
}

function useTitle() {
  const { t, i18n } = useTranslation("shell");
  useEffect(() => {
    document.title = `${t("product")} · ${t("title")}`;
  }, [t, i18n.language]);
}
