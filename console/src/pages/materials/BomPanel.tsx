/**
 * The BOM both ways: the multi-level explosion for a quantity (a tree, sub-assemblies fold), and where the
 * material is used, at every level. Material codes lead to their own page.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";
import { ErrorBanner } from "../../components/ErrorBanner";
import { Table } from "../../components/Table";
import { MaterialBomDocument, type MaterialBomQuery } from "../../generated/graphql";
import { useFormat } from "../../i18n/format";
import { pathKey as key, visibleRows } from "./bom-tree";
import type { MaterialDetailData } from "./MaterialDetail";

type TreeRow = MaterialBomQuery["bomExplosion"]["tree"][number];
type UsedRow = MaterialBomQuery["whereUsed"][number];


/** A material's page, on one of its tabs. */
export function MaterialLink({ code, tab = "bom" }: { code: string; tab?: string }) {
  return <Link to={`/materials/${encodeURIComponent(code)}?tab=${tab}`}>{code}</Link>;
}

export function BomPanel({ material }: { material: MaterialDetailData["material"] }) {
  const { t } = useTranslation("materials");
  const f = useFormat();
  const [quantity, setQuantity] = useState("1");
  const [folded, setFolded] = useState<ReadonlySet<string>>(new Set());
  const valid = /^\d+(\.\d+)?$/.test(quantity.trim()) && Number(quantity) > 0;
  const [{ data, error }] = useQuery({ query: MaterialBomDocument, variables: { code: material.code, quantity: quantity.trim() }, pause: !valid });
  const tree = data?.bomExplosion.tree ?? [];
  const hasChildren = new Set(tree.map((r) => key(r.path.slice(0, -1))));
  const toggle = (path: readonly string[]) =>
    setFolded((s) => {
      const next = new Set(s);
      if (!next.delete(key(path))) next.add(key(path));
      return next;
    });
  return (
    <>
      <ErrorBanner error={error} />
      <section aria-labelledby="bom-explosion">
        <h3 id="bom-explosion">{t("bom.explosion")}</h3>
        <label className="field inline-field">
          <span>{t("bom.quantity")}</span>
          <input type="text" inputMode="decimal" name="bomQuantity" value={quantity} onChange={(e) => setQuantity(e.target.value)} aria-invalid={!valid} />
        </label>
        {data && (
          <Table<TreeRow>
            caption={t("bom.explosion")}
            captionHidden
            rows={visibleRows(tree, folded)}
            rowKey={(r) => key(r.path)}
            empty={t("bom.none")}
            columns={[
              { key: "level", header: t("bom.level"), align: "right", cell: (r) => r.level },
              {
                key: "component",
                header: t("bom.component"),
                cell: (r) => (
                  <span className="tree-cell" style={{ paddingLeft: `${(r.level - 1) * 1.25}rem` }}>
                    {hasChildren.has(key(r.path)) ? (
                      <button type="button" className="fold" aria-expanded={!folded.has(key(r.path))} aria-label={r.component.code} onClick={() => toggle(r.path)}>
                        {folded.has(key(r.path)) ? "▸" : "▾"}
                      </button>
                    ) : (
                      <span className="fold-space" aria-hidden="true" />
                    )}
                    <MaterialLink code={r.component.code} /> <span className="hint">{r.component.name}</span>
                  </span>
                ),
              },
              { key: "per", header: t("bom.quantityPer"), align: "right", cell: (r) => f.quantity(r.quantityPer, r.component.uomCode) },
              { key: "scrap", header: t("bom.scrap"), align: "right", cell: (r) => f.percent(Number(r.scrapPct) / 100) },
              { key: "extended", header: t("bom.extended"), align: "right", cell: (r) => f.quantity(r.extendedQuantity, r.component.uomCode) },
            ]}
          />
        )}
      </section>
      <section aria-labelledby="bom-where-used">
        <h3 id="bom-where-used">{t("bom.whereUsed")}</h3>
        {data && (
          <Table<UsedRow>
            caption={t("bom.whereUsed")}
            captionHidden
            rows={data.whereUsed}
            rowKey={(r) => key(r.path)}
            empty={t("bom.noneUsed")}
            columns={[
              { key: "level", header: t("bom.level"), align: "right", cell: (r) => r.level },
              {
                key: "parent",
                header: t("bom.parent"),
                cell: (r) => (
                  <span style={{ paddingLeft: `${(r.level - 1) * 1.25}rem` }}>
                    <MaterialLink code={r.parent.code} /> <span className="hint">{r.parent.name}</span>
                  </span>
                ),
              },
              { key: "per", header: t("bom.quantityPer"), align: "right", cell: (r) => f.number(r.quantityPer) },
            ]}
          />
        )}
      </section>
    </>
  );
}
