/**
 * The signed-in console: a header (product, language, who is signed in, sign out), the navigation of the pages
 * the viewer's roles are offered (routes.tsx) plus the explorer in development, and the page. A page owns the
 * paths under its own (`<path>/*`), so it may route inside itself.
 */
import { useTranslation } from "react-i18next";
import { Navigate, NavLink, Outlet, Route, Routes } from "react-router";
import { config } from "../config";
import { LanguageSwitch } from "./LanguageSwitch";
import { routes } from "./routes";
import { useSession } from "./session";
import { useViewer } from "./viewer";

function Layout() {
  const { t } = useTranslation();
  const viewer = useViewer();
  const { signOut } = useSession();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t("shell:skip")}
      </a>
      <header className="topbar">
        <span className="brand">
          {t("shell:product")} · {t("shell:title")}
        </span>
        <span className="topbar-end">
          <LanguageSwitch />
          <span className="viewer" title={t("shell:viewer.roles", { roles: viewer.roles.join(", ") })}>
            {t("shell:viewer.signedInAs", { id: viewer.id })}
          </span>
          <button type="button" onClick={() => signOut()}>
            {t("shell:viewer.signOut")}
          </button>
        </span>
      </header>
      <nav className="sidenav" aria-label={t("shell:nav.label")}>
        <ul>
          {routes
            .filter((r) => viewer.can(r.roles))
            .map((r) => (
              <li key={r.path}>
                <NavLink to={`/${r.path}`}>{t(r.label)}</NavLink>
              </li>
            ))}
          {config.explorerPath && (
            <li>
              <a href={config.explorerPath}>{t("shell:nav.explorer")}</a>
            </li>
          )}
        </ul>
      </nav>
      <main id="main" className="content">
        <Outlet />
      </main>
    </div>
  );
}

function NotFound() {
  const { t } = useTranslation("shell");
  return (
    <section>
      <h1>{t("notFound.heading")}</h1>
      <NavLink to="/">{t("notFound.back")}</NavLink>
    </section>
  );
}

function NotOffered() {
  const { t } = useTranslation("shell");
  return <p role="alert">{t("notOffered")}</p>;
}

export function Shell() {
  const viewer = useViewer();
  const first = routes.find((r) => viewer.can(r.roles));
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={first ? <Navigate to={`/${first.path}`} replace /> : <NotOffered />} />
        {routes.map((r) => (
          <Route key={r.path} path={`${r.path}/*`} element={viewer.can(r.roles) ? <r.page /> : <NotOffered />} />
        ))}
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
