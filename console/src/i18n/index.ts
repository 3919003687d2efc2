/**
 * Languages: Simplified Chinese and English, switchable, the choice kept in localStorage. Each page has its own
 * dictionary (console/src/pages/<page>/i18n.ts) under its namespace, registered below — one line per page.
 */
import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import shell from "../app/i18n";
import errors from "../components/errors-i18n";
import overview from "../pages/overview/i18n";
import materials from "../pages/materials/i18n";
import planning from "../pages/planning/i18n";
import workOrders from "../pages/work-orders/i18n";
import exceptions from "../pages/exceptions/i18n";
import devices from "../pages/devices/i18n";
import integrations from "../pages/integrations/i18n";
import storekeeper from "../pages/storekeeper/i18n";

const namespaces = {
  shell,
  errors,
  overview,
  materials,
  planning,
  workOrders,
  exceptions,
  devices,
  integrations,
  storekeeper,
};

export const LANGUAGES = ["zh", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = "console.language";

function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === "zh" || stored === "en") return stored;
  return navigator.language.toLowerCase().startsWith("zh") ? "zh" : "en";
}

export function initI18n(): void {
  const resources: Record<string, Record<string, object>> = { en: {}, zh: {} };
  for (const [ns, dict] of Object.entries(namespaces)) {
    resources.en[ns] = dict.en;
    resources.zh[ns] = dict.zh;
  }
  void i18next.use(initReactI18next).init({
    resources,
    lng: initialLanguage(),
    fallbackLng: "en",
    ns: Object.keys(namespaces),
    defaultNS: "shell",
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  document.documentElement.lang = htmlLang(i18next.language as Language);
}

export function setLanguage(language: Language): void {
  localStorage.setItem(STORAGE_KEY, language);
  void i18next.changeLanguage(language);
  document.documentElement.lang = htmlLang(language);
}

export const currentLanguage = (): Language => (i18next.language === "zh" ? "zh" : "en");

const htmlLang = (language: Language) => (language === "zh" ? "zh-CN" : "en");
