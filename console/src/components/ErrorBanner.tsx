/**
 * An error from the graph, shown to the user: each typed error code (extensions.code, src/domain/shared/
 * domain-error.ts) as a translated sentence (dictionary: errors-i18n.ts), followed by the hub's own message,
 * which names the detail (which material, how much is missing). A failed connection says so.
 */
import type { CombinedError } from "urql";
import { useTranslation } from "react-i18next";

export interface ErrorBannerProps {
  error?: CombinedError | Error | null;
  /** an error code without an error (e.g. why a credential was refused) */
  code?: string | null;
  onDismiss?: () => void;
}

interface Shown {
  code: string;
  message: string;
}

/** The errors in a result: one per GraphQL error (its code), or the network failure. */
export function errorsOf(error: CombinedError | Error): Shown[] {
  if ("graphQLErrors" in error && error.graphQLErrors.length > 0) {
    return error.graphQLErrors.map((e) => ({ code: String(e.extensions?.code ?? "INTERNAL_SERVER_ERROR"), message: e.message }));
  }
  if ("networkError" in error && error.networkError) return [{ code: "NETWORK", message: error.networkError.message }];
  return [{ code: "UNKNOWN", message: error.message }];
}

export function ErrorBanner({ error, code, onDismiss }: ErrorBannerProps) {
  const { t } = useTranslation("errors");
  const shown = error ? errorsOf(error) : code ? [{ code, message: "" }] : [];
  if (shown.length === 0) return null;
  return (
    <div className="error-banner" role="alert">
      <ul>
        {shown.map((e, i) => (
          <li key={i} data-code={e.code}>
            <strong>{t(e.code, { defaultValue: t("UNKNOWN") })}</strong>
            {e.message && <span className="error-detail"> {e.message}</span>}
          </li>
        ))}
      </ul>
      {onDismiss && (
        <button type="button" className="link-button" onClick={onDismiss}>
          {t("dismiss")}
        </button>
      )}
    </div>
  );
}
