/**
 * Materials: search on the left, the chosen material on the right (/console/materials/<code>): its stock by
 * warehouse, location and lot, BOM explosion and where-used, ledger with filters, lots with their genealogy
 * traced both ways, and its forecast and inventory policy figures.
 */
import { useTranslation } from "react-i18next";
import { Route, Routes } from "react-router";
import { MaterialDetail } from "./MaterialDetail";
import { MaterialSearch } from "./MaterialSearch";
import "../../components/forms.css";
import "./materials.css";

export default function MaterialsPage() {
  const { t } = useTranslation("materials");
  return (
    <section>
      <h1>{t("heading")}</h1>
      <div className="materials-layout">
        <MaterialSearch />
        <Routes>
          <Route index element={<p className="panel hint">{t("choose")}</p>} />
          <Route path=":code" element={<MaterialDetail />} />
        </Routes>
      </div>
    </section>
  );
}
