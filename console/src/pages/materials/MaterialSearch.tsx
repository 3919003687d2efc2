/** Search by part of a code or name (the graph's `materials(filter: { search })`), as the user types. */
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useQuery } from "urql";
import { ErrorBanner } from "../../components/ErrorBanner";
import { Table } from "../../components/Table";
import { MaterialsSearchDocument, type MaterialsSearchQuery } from "../../generated/graphql";

const PAGE = 25;
/** typing pauses this long before the search runs */
const DEBOUNCE_MS = 250;

type Row = MaterialsSearchQuery["materials"]["nodes"][number];

export function MaterialSearch() {
  const { t } = useTranslation("materials");
  const selected = useParams()["*"];
  const [text, setText] = useState("");
  const [search, setSearch] = useState("");
  const [shown, setShown] = useState(PAGE);
  useEffect(() => {
    const timer = setTimeout(() => {
      setSearch(text.trim());
      setShown(PAGE);
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  const [{ data, error, fetching }] = useQuery({ query: MaterialsSearchDocument, variables: { search: search || null, first: shown } });
  const materials = data?.materials;
  return (
    <div className="panel materials-search">
      <form role="search" onSubmit={(e) => e.preventDefault()}>
        <label className="field">
          <span>{t("search.label")}</span>
          <input type="search" name="search" value={text} placeholder={t("search.placeholder")} onChange={(e) => setText(e.target.value)} />
        </label>
      </form>
      <ErrorBanner error={error} />
      {materials && (
        <>
          <p className="hint" aria-live="polite">
            {t("search.results", { count: materials.totalCount })}
          </p>
          <Table<Row>
            caption={t("search.label")}
            captionHidden
            rows={materials.nodes}
            rowKey={(m) => m.id}
            rowClassName={(m) => (m.code === selected ? "selected" : undefined)}
            empty={t("search.none")}
            columns={[
              {
                key: "code",
                header: t("column.code"),
                cell: (m) => (
                  <Link to={`/materials/${encodeURIComponent(m.code)}`} aria-current={m.code === selected ? "page" : undefined}>
                    {m.code}
                  </Link>
                ),
              },
              { key: "name", header: t("column.name"), cell: (m) => m.name },
              { key: "type", header: t("column.type"), cell: (m) => t(`type.${m.type}`) },
              { key: "class", header: `${t("column.abc")}/${t("column.xyz")}`, cell: (m) => [m.abcClass, m.xyzClass].filter(Boolean).join("") || "—" },
            ]}
          />
          {materials.pageInfo.hasNextPage && (
            <button type="button" disabled={fetching} onClick={() => setShown((n) => n + PAGE)}>
              {t("search.more")}
            </button>
          )}
        </>
      )}
    </div>
  );
}
