/**
 * Sign-in: a bearer token or an API key; in development the hub's demo credential in one click. `SigningIn`: what
 * shows while the signed-in console loads and the graph says who is signed in.
 */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ErrorBanner } from "../components/ErrorBanner";
import { config } from "../config";
import { LanguageSwitch } from "./LanguageSwitch";
import { credentialFrom, demoCredential } from "./credential";
import { useSession } from "./session";

export function SignIn() {
  const { t } = useTranslation("shell");
  const { signIn, refused } = useSession();
  const [kind, setKind] = useState<"token" | "apiKey">("token");
  const [value, setValue] = useState("");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (value.trim()) signIn(credentialFrom(kind, value));
  };
  return (
    <div className="sign-in-page">
      <header className="sign-in-top">
        <span className="brand">{t("product")}</span>
        <LanguageSwitch />
      </header>
      <main className="sign-in" id="main">
        <h1>{t("signIn.heading")}</h1>
        <p>{t("signIn.intro")}</p>
        <ErrorBanner code={refused} />
        {config.demoHeaders && (
          <div className="demo-sign-in">
            <button type="button" className="primary" onClick={() => signIn(demoCredential(config.demoHeaders!))}>
              {t("signIn.demo")}
            </button>
            <p className="hint">{t("signIn.demoHint")}</p>
          </div>
        )}
        <form onSubmit={submit} className="sign-in-form">
          <fieldset>
            <legend>{t("signIn.kind")}</legend>
            <label>
              <input type="radio" name="kind" checked={kind === "token"} onChange={() => setKind("token")} /> {t("signIn.token")}
            </label>
            <label>
              <input type="radio" name="kind" checked={kind === "apiKey"} onChange={() => setKind("apiKey")} /> {t("signIn.apiKey")}
            </label>
          </fieldset>
          <label className="field">
            <span>{t("signIn.value")}</span>
            <input type="password" name="credential" autoComplete="off" value={value} onChange={(e) => setValue(e.target.value)} required />
          </label>
          <button type="submit" className={config.demoHeaders ? undefined : "primary"}>
            {t("signIn.submit")}
          </button>
        </form>
      </main>
    </div>
  );
}

export function SigningIn() {
  const { t } = useTranslation("shell");
  return (
    <main className="sign-in">
      <p className="loading">{t("signIn.checking")}</p>
    </main>
  );
}
