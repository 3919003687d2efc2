import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App, BASENAME, loadConnected } from "./app/App";
import { preloadPage } from "./app/routes";
import { storedCredential } from "./app/session";
import { viewerOf } from "./app/viewer-request";
import { initI18n } from "./i18n";
import "./app/console.css";

// signed in and opened at a page (a reload, a link): the graph is asked who is signed in first, and the page's
// code and words load alongside the signed-in console's chunk, rather than each after the other
const credential = storedCredential();
if (credential) void viewerOf(credential);
initI18n();
if (credential) {
  void loadConnected();
  preloadPage(window.location.pathname, BASENAME);
}
createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
