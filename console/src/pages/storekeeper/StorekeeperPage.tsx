import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, Route, Routes } from "react-router";
import { useQuery } from "urql";
import { STOCK, type Role } from "../../app/roles";
import { useViewer } from "../../app/viewer";
import { StorekeeperLocationsDocument, StorekeeperWarehousesDocument } from "../../generated/graphql";
import { CountSessions, CountSessionView } from "./CountFlow";
import { IssueFlow } from "./IssueFlow";
import { MoveFlow } from "./MoveFlow";
import { ProblemBanner } from "./parts";
import { PickLists, PickWalk } from "./PickFlow";
import { graphProblem } from "./problem";
import { ReceiveFlow } from "./ReceiveFlow";
import { StorekeeperContext, type Storekeeping } from "./storekeeper-context";
import "./storekeeper.css";

/** pick lists and counts: the stock roles and planners (src/resolvers/picking.resolver.ts, counting.resolver.ts) */
const FLOOR: readonly Role[] = [...STOCK, "PLANNER"];
const REMEMBERED = "console.storekeeper.warehouse";

type Flow = { path: string; may: (s: Storekeeping) => boolean };
const FLOWS: Flow[] = [
  { path: "receive", may: (s) => s.mayMoveStock },
  { path: "issue", may: (s) => s.mayMoveStock },
  { path: "move", may: (s) => s.mayMoveStock },
  { path: "pick", may: (s) => s.mayPickAndCount },
  { path: "count", may: (s) => s.mayPickAndCount },
];

/**
 * The storekeeper's phone: choose the warehouse, then receive, issue, move, pick or count, each a scan-driven
 * flow (the scanner types into the focused scan field). Flows the viewer's roles may not run are not offered.
 */
export default function StorekeeperPage() {
  const { t } = useTranslation("storekeeper");
  const viewer = useViewer();
  const [houses] = useQuery({ query: StorekeeperWarehousesDocument });
  const visible = useMemo(() => {
    const scope = viewer.warehouses;
    return (houses.data?.warehouses ?? []).filter((w) => w.active && (!scope || scope.includes(w.code)));
  }, [houses.data, viewer.warehouses]);
  const [warehouseCode, setWarehouseCode] = useState<string | null>(() => localStorage.getItem(REMEMBERED));
  useEffect(() => {
    if (visible.length && !visible.some((w) => w.code === warehouseCode)) setWarehouseCode(visible[0].code);
  }, [visible, warehouseCode]);
  useEffect(() => void (warehouseCode && localStorage.setItem(REMEMBERED, warehouseCode)), [warehouseCode]);
  const [locations] = useQuery({ query: StorekeeperLocationsDocument, variables: { warehouseCode: warehouseCode ?? "" }, pause: !warehouseCode });

  const context = useMemo<Storekeeping | null>(() => {
    const house = locations.data?.warehouse;
    if (!warehouseCode || !house || house.code !== warehouseCode) return null;
    return {
      warehouseCode,
      locationCodes: new Set(house.locations.filter((l) => l.active).map((l) => l.code)),
      mayMoveStock: viewer.can(STOCK),
      mayPickAndCount: viewer.can(FLOOR),
    };
  }, [locations.data, warehouseCode, viewer]);

  const failed = houses.error ?? locations.error;
  const flows = context ? FLOWS.filter((f) => f.may(context)) : [];
  return (
    <div className="storekeeper">
      <header className="sk-header">
        <h1><Link to="." className="sk-home">{t("title")}</Link></h1>
        <label className="sk-warehouse">
          <span>{t("warehouse")}</span>
          <select value={warehouseCode ?? ""} onChange={(e) => setWarehouseCode(e.target.value)}>
            {visible.map((w) => <option key={w.code} value={w.code}>{w.code} — {w.name}</option>)}
          </select>
        </label>
      </header>
      {failed && <ProblemBanner problem={graphProblem(failed)} />}
      {!context ? (
        <p className="sk-empty">{t("loading")}</p>
      ) : (
        <StorekeeperContext.Provider value={context} key={context.warehouseCode}>
          {flows.length === 0 ? (
            <p className="sk-note">{t("notAllowed")}</p>
          ) : (
            <Routes>
              <Route index element={<Home flows={flows} />} />
              {flows.some((f) => f.path === "receive") && <Route path="receive" element={<ReceiveFlow />} />}
              {flows.some((f) => f.path === "issue") && <Route path="issue" element={<IssueFlow />} />}
              {flows.some((f) => f.path === "move") && <Route path="move" element={<MoveFlow />} />}
              {flows.some((f) => f.path === "pick") && <Route path="pick" element={<PickLists />} />}
              {flows.some((f) => f.path === "pick") && <Route path="pick/:number" element={<PickWalk />} />}
              {flows.some((f) => f.path === "count") && <Route path="count" element={<CountSessions />} />}
              {flows.some((f) => f.path === "count") && <Route path="count/:number" element={<CountSessionView />} />}
              <Route path="*" element={<Home flows={flows} />} />
            </Routes>
          )}
        </StorekeeperContext.Provider>
      )}
    </div>
  );
}

function Home({ flows }: { flows: Flow[] }) {
  const { t } = useTranslation("storekeeper");
  return (
    <nav className="sk-tiles" aria-label={t("title")}>
      {flows.map((f) => (
        <Link key={f.path} to={f.path} className="sk-tile">
          <strong>{t(`${f.path}.title`)}</strong>
          <span>{t(`${f.path}.hint`)}</span>
        </Link>
      ))}
    </nav>
  );
}
