import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App, BASENAME } from "./app/App";
import { preloadPage } from "./app/routes";
import { storedCredential } from "./app/session";
import { initI18n } from "./i18n";
import "./app/console.css";

initI18n();
// signed in and opened at a page (a reload, a link): its code and words load alongside the signed-in console's
// chunk and the graph's answer to who is signed in, not after them
if (storedCredential()) preloadPage(window.location.pathname, BASENAME);
createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
