/**
 * Languages: Simplified Chinese and English, switchable, the choice kept in localStorage. The shell's and the
 * errors' dictionaries are in the entry; each page's own (console/src/pages/<page>/i18n.ts, its namespace) is
 * fetched with the page's chunk and added then (`addDictionary`, app/routes.tsx), both languages at once so that
 * switching stays immediate.
 */
import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import shell from "../app/i18n";
import errors from "../components/errors-i18n";

/** A namespace's words in both languages (`dictionary(en, zh)`, ./dictionary.ts). */
export interface Dictionary {
  en: object;
  zh: object;
}

const namespaces: Record<string, Dictionary> = { shell, errors };

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

/** A page's dictionary, under its namespace: before the page renders (its components look their words up at once). */
export function addDictionary(namespace: string, words: Dictionary): void {
  i18next.addResourceBundle("en", namespace, words.en);
  i18next.addResourceBundle("zh", namespace, words.zh);
}

export function setLanguage(language: Language): void {
  localStorage.setItem(STORAGE_KEY, language);
  void i18next.changeLanguage(language);
  document.documentElement.lang = htmlLang(language);
}

export const currentLanguage = (): Language => (i18next.language === "zh" ? "zh" : "en");

const htmlLang = (language: Language) => (language === "zh" ? "zh-CN" : "en");
