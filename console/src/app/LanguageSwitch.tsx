import { useTranslation } from "react-i18next";
import { currentLanguage, setLanguage, type Language } from "../i18n";

const NAMES: Record<Language, string> = { zh: "中文", en: "English" };

export function LanguageSwitch() {
  const { t } = useTranslation("shell");
  return (
    <label className="language">
      <span className="visually-hidden">{t("language.label")}</span>
      <select aria-label={t("language.label")} value={currentLanguage()} onChange={(e) => setLanguage(e.target.value as Language)} data-testid="language">
        {(Object.keys(NAMES) as Language[]).map((l) => (
          <option key={l} value={l} lang={l === "zh" ? "zh-CN" : "en"}>
            {NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
