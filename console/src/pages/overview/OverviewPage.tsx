import { useTranslation } from "react-i18next";

export default function OverviewPage() {
  const { t } = useTranslation("overview");
  return (
    <section>
      <h1>{t("heading")}</h1>
    </section>
  );
}
