import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatNumber as num } from "../../i18n/format";
import { Link, useNavigate, useParams } from "react-router";
import { useQuery } from "urql";
import {
  StorekeeperCountSessionDocument, StorekeeperCountSessionsDocument, StorekeeperRecordCountDocument, StorekeeperRecordTagsDocument,
  StorekeeperStartCountDocument, StorekeeperSubmitCountDocument, type StorekeeperCountSessionDetailFragment,
} from "../../generated/graphql";
import { Choices, isQuantity, ProblemBanner, QuantityField, Scan, StepPrompt, Success } from "./parts";
import { graphProblem, problem, type Problem } from "./problem";
import { classifyScan } from "./scan-code";
import { expectLocation, itemText, useItemScan, type ScannedItem } from "./scan-steps";
import { useStorekeeping } from "./storekeeper-context";
import { useCommand } from "./use-command";

/** Count sessions to count: open ones (to start) and those being counted; tap one or scan its number. */
export function CountSessions() {
  const { t } = useTranslation("storekeeper");
  const { warehouseCode } = useStorekeeping();
  const navigate = useNavigate();
  const [{ data, error }] = useQuery({ query: StorekeeperCountSessionsDocument, variables: { warehouseCode }, requestPolicy: "cache-and-network" });
  const [trouble, setTrouble] = useState<Problem | null>(null);
  const sessions = [...(data?.counting.nodes ?? []), ...(data?.open.nodes ?? [])];
  const onScan = (raw: string) => {
    const found = sessions.find((s) => s.number.toUpperCase() === raw.trim().toUpperCase());
    if (found) return navigate(found.number);
    setTrouble(problem("NO_SUCH_COUNT", { code: raw.trim() }));
  };
  return (
    <div className="sk-flow">
      <StepPrompt step={1} of={1}>{t("count.prompt.list")}</StepPrompt>
      <ProblemBanner problem={trouble ?? (error ? graphProblem(error) : null)} />
      <Scan label={t("count.scan.list")} onScan={onScan} />
      <Choices
        items={sessions}
        keyOf={(s) => s.id}
        onChoose={(s) => navigate(s.number)}
        empty={t("count.none")}
        render={(s) => (
          <>
            <strong>{s.number}</strong>
            <span>{t(`count.status.${s.status}`)}{s.blind ? ` · ${t("count.blind")}` : ""}</span>
            <span>{s.locations.map((l) => l.code).join(", ")}</span>
          </>
        )}
      />
    </div>
  );
}

type Session = StorekeeperCountSessionDetailFragment;
type Step = { at: "location" } | { at: "item"; location: string } | { at: "quantity"; location: string; item: ScannedItem };

/** One count session: start it, scan a location, then each item's label (and enter its count) or RFID tags; submit. */
export function CountSessionView() {
  const { t } = useTranslation("storekeeper");
  const { number = "" } = useParams();
  const { locationCodes } = useStorekeeping();
  const [{ data, error }] = useQuery({ query: StorekeeperCountSessionDocument, variables: { number }, requestPolicy: "network-only" });
  const start = useCommand(StorekeeperStartCountDocument);
  const record = useCommand(StorekeeperRecordCountDocument);
  const tags = useCommand(StorekeeperRecordTagsDocument);
  const submit = useCommand(StorekeeperSubmitCountDocument);
  const scanItem = useItemScan();
  const [session, setSession] = useState<Session | null>(null);
  const [step, setStep] = useState<Step>({ at: "location" });
  const [quantity, setQuantity] = useState("");
  const [trouble, setTrouble] = useState<Problem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => void (data?.countSession && setSession(data.countSession)), [data]);

  if (error && !session) return <ProblemBanner problem={graphProblem(error)} />;
  if (!session) return <p className="sk-empty">{t("loading")}</p>;
  const busy = start.busy || record.busy || tags.busy || submit.busy;
  const counted = (s: Session) => s.locations.filter((l) => s.lines.some((x) => x.location.code === l.code)).length;
  const say = (p: Problem | null, message: string | null = null) => { setTrouble(p); setDone(message); };

  const onScan = async (raw: string) => {
    say(null);
    const scan = classifyScan(raw, locationCodes);
    if (step.at === "location" || scan.kind === "location") {
      const location = expectLocation(scan);
      if (location.problem) return say(location.problem);
      if (!session.locations.some((l) => l.code === location.data)) return say(problem("NOT_IN_COUNT", { code: location.data, number: session.number }));
      return setStep({ at: "item", location: location.data });
    }
    const at = step.location;
    const epc = scan.kind === "tag" ? scan.epc : scan.kind === "item" ? scan.epc : null;
    if (epc) {
      const read = await tags.run({ input: { number: session.number, locationCode: at, epcs: [epc] } });
      if (read.problem) return say(read.problem);
      const r = read.data.recordRfidReads;
      setSession(r.countSession);
      if (r.unknownEpcs.length) return say(problem("UNKNOWN_TAG", { code: r.unknownEpcs[0] }));
      return say(null, r.counted > 0 ? t("count.tagCounted", { location: at }) : t("count.tagAgain"));
    }
    const item = await scanItem(scan);
    if (item.problem) return say(item.problem);
    setQuantity("");
    setStep({ at: "quantity", location: at, item: item.data });
  };

  const enter = async () => {
    if (step.at !== "quantity") return;
    if (!isQuantity(quantity, true)) return say(problem("BAD_QUANTITY", { value: quantity }));
    const { item, location } = step;
    const r = await record.run({ input: { number: session.number, locationCode: location, materialCode: item.materialCode, lotCode: item.lotCode, countedQuantity: quantity } });
    if (r.problem) return say(r.problem);
    setSession(r.data.recordCount.countSession);
    say(null, t("count.recorded", { quantity: num(quantity), unit: item.material.uomCode, item: itemText(item), location }));
    setStep({ at: "item", location });
  };

  const onStart = async () => {
    const r = await start.run({ number: session.number });
    if (r.problem) return say(r.problem);
    setSession(r.data.startCountSession.countSession);
  };

  const onSubmit = async () => {
    const r = await submit.run({ number: session.number });
    if (r.problem) return say(r.problem);
    const { recountLines, countSession } = r.data.submitCountSession;
    setSession(countSession);
    setStep({ at: "location" });
    if (recountLines > 0) say(problem("RECOUNT", { count: String(recountLines) }));
    else say(null, t("count.submitted", { number: countSession.number }));
  };

  const here = step.at === "location" ? [] : session.lines.filter((l) => l.location.code === step.location);
  const recount = session.lines.filter((l) => l.recountRequested);
  const facts: [string, string][] = [[t("count.session"), session.number]];
  if (step.at !== "location") facts.push([t("location"), step.location]);
  if (step.at === "quantity") facts.push([t("item"), `${itemText(step.item)} — ${step.item.material.name}`]);

  return (
    <div className="sk-flow">
      {session.blind && <p className="sk-note">{t("count.blindNote")}</p>}
      {session.status === "OPEN" && (
        <>
          <StepPrompt step={1} of={1}>{t("count.prompt.start", { locations: session.locations.map((l) => l.code).join(", ") })}</StepPrompt>
          <ProblemBanner problem={trouble} />
          <button type="button" className="sk-button sk-button--primary" onClick={onStart} disabled={busy}>{t("count.start")}</button>
        </>
      )}
      {session.status === "COUNTING" && (
        <>
          <StepPrompt step={Math.min(counted(session) + 1, session.locations.length)} of={session.locations.length} facts={facts}>
            {step.at === "location" && t("count.prompt.location", { locations: session.locations.map((l) => l.code).join(", ") })}
            {step.at === "item" && t("count.prompt.item", { location: step.location })}
            {step.at === "quantity" && t("count.prompt.quantity", { item: itemText(step.item) })}
          </StepPrompt>
          <ProblemBanner problem={trouble} />
          {done && <Success>{done}</Success>}
          {step.at === "quantity" ? (
            <QuantityField label={t("count.counted")} unit={step.item.material.uomCode} value={quantity} onChange={setQuantity} onSubmit={enter} submitLabel={t("count.record")} busy={busy} />
          ) : (
            <Scan label={t(`count.scan.${step.at}`)} onScan={onScan} busy={busy} />
          )}
          {here.length > 0 && (
            <ul className="sk-lines" aria-label={t("count.countedHere", { location: step.at === "location" ? "" : step.location })}>
              {here.map((l) => (
                <li key={l.id} className={`sk-line${l.recountRequested ? " sk-line--short" : ""}`}>
                  <span className="sk-line__what">{itemText({ materialCode: l.material.code, lotCode: l.lot?.code ?? null })}</span>
                  <span className="sk-line__qty">{num(l.countedQuantity)} {l.material.uomCode}{l.tagsRead ? ` (${t("count.tags", { count: l.tagsRead })})` : ""}</span>
                  {l.recountRequested && <span className="sk-line__status">{t("count.recountThis")}</span>}
                </li>
              ))}
            </ul>
          )}
          {recount.length > 0 && step.at === "location" && (
            <ul className="sk-lines" aria-label={t("count.toRecount")}>
              {recount.map((l) => (
                <li key={l.id} className="sk-line sk-line--short">
                  <span className="sk-line__where">{l.location.code}</span>
                  <span className="sk-line__what">{itemText({ materialCode: l.material.code, lotCode: l.lot?.code ?? null })}</span>
                  <span className="sk-line__status">{t("count.recountThis")}</span>
                </li>
              ))}
            </ul>
          )}
          <button type="button" className="sk-button sk-button--primary" onClick={onSubmit} disabled={busy}>{t("count.submit")}</button>
        </>
      )}
      {session.status !== "OPEN" && session.status !== "COUNTING" && (
        <>
          {done && <Success>{done}</Success>}
          <Success>{t("count.closed", { number: session.number, status: t(`count.status.${session.status}`) })}</Success>
          <Link className="sk-button sk-button--primary" to=".." relative="path">{t("count.back")}</Link>
        </>
      )}
    </div>
  );
}
