import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatNumber as num } from "../../i18n/format";
import { Link, useNavigate, useParams } from "react-router";
import { useQuery } from "urql";
import {
  StorekeeperConfirmPickDocument, StorekeeperCreatePickListDocument, StorekeeperPickListDocument, StorekeeperPickListsDocument,
  type StorekeeperPickListDetailFragment,
} from "../../generated/graphql";
import { Choices, isQuantity, ProblemBanner, QuantityField, Scan, StepPrompt, Success } from "./parts";
import { graphProblem, problem, type Problem } from "./problem";
import { asItem, classifyScan } from "./scan-code";
import { expectLocation, itemText } from "./scan-steps";
import { useStorekeeping } from "./storekeeper-context";
import { useCommand } from "./use-command";

/** Open pick lists: tap one or scan its number; scanning a work order's number makes its pick list. */
export function PickLists() {
  const { t } = useTranslation("storekeeper");
  const { warehouseCode } = useStorekeeping();
  const navigate = useNavigate();
  const [{ data, error }] = useQuery({ query: StorekeeperPickListsDocument, variables: { warehouseCode }, requestPolicy: "cache-and-network" });
  const create = useCommand(StorekeeperCreatePickListDocument);
  const [trouble, setTrouble] = useState<Problem | null>(null);
  const lists = data?.pickLists.nodes ?? [];

  const onScan = async (raw: string) => {
    setTrouble(null);
    const code = raw.trim().toUpperCase();
    const list = lists.find((l) => l.number.toUpperCase() === code);
    if (list) return navigate(list.number);
    const made = await create.run({ workOrderNumber: code });
    if (made.problem) return setTrouble(made.problem);
    navigate(made.data.createPickList.pickList.number);
  };

  return (
    <div className="sk-flow">
      <StepPrompt step={1} of={1}>{t("pick.prompt.list")}</StepPrompt>
      <ProblemBanner problem={trouble ?? (error ? graphProblem(error) : null)} />
      <Scan label={t("pick.scan.list")} onScan={onScan} busy={create.busy} />
      <Choices
        items={lists}
        keyOf={(l) => l.id}
        onChoose={(l) => navigate(l.number)}
        empty={t("pick.none")}
        render={(l) => (
          <>
            <strong>{l.number}</strong>
            <span>{l.workOrder ? t("pick.forWorkOrder", { number: l.workOrder.number }) : t("pick.forTransfer", { number: l.transferOrder?.number ?? "" })}</span>
            <span>{t("pick.progress", { done: l.lines.filter((x) => x.status !== "OPEN").length, total: l.lines.length })}</span>
          </>
        )}
      />
    </div>
  );
}

type Line = StorekeeperPickListDetailFragment["lines"][number];
type Step = { at: "location" } | { at: "item"; location: string } | { at: "quantity"; location: string; line: Line };

/** One pick list, walked stop by stop in its walking order: scan the stop's location, each line's label, confirm what was picked. */
export function PickWalk() {
  const { t } = useTranslation("storekeeper");
  const { number = "" } = useParams();
  const { locationCodes } = useStorekeeping();
  const [{ data, error }] = useQuery({ query: StorekeeperPickListDocument, variables: { number }, requestPolicy: "network-only" });
  const confirm = useCommand(StorekeeperConfirmPickDocument);
  const [list, setList] = useState<StorekeeperPickListDetailFragment | null>(null);
  const [step, setStep] = useState<Step>({ at: "location" });
  const [quantity, setQuantity] = useState("");
  const [trouble, setTrouble] = useState<Problem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => void (data?.pickList && setList(data.pickList)), [data]);

  if (error && !list) return <ProblemBanner problem={graphProblem(error)} />;
  if (!list) return <p className="sk-empty">{t("loading")}</p>;
  const open = list.lines.filter((l) => l.status === "OPEN");
  const stop = open[0]?.stop;
  const here = open.filter((l) => l.stop === stop);

  const onScan = async (raw: string) => {
    setTrouble(null);
    setDone(null);
    const scan = classifyScan(raw, locationCodes);
    if (step.at === "location") {
      const location = expectLocation(scan);
      if (location.problem) return setTrouble(location.problem);
      if (location.data !== here[0].location.code) return setTrouble(problem("WRONG_LOCATION", { code: location.data, expected: here[0].location.code }));
      return setStep({ at: "item", location: location.data });
    }
    if (step.at === "item") {
      if (scan.kind === "location") {
        if (scan.code === step.location) return;
        return setTrouble(problem("WRONG_LOCATION", { code: scan.code, expected: step.location }));
      }
      const item = asItem(scan);
      if (!item) return setTrouble(problem(scan.kind === "tag" ? "ITEM_EXPECTED_TAG_SCANNED" : "UNREADABLE", { code: raw.trim() }));
      const candidates = here.filter((l) => l.material.code === item.materialCode);
      const line = candidates.find((l) => (l.lot?.code ?? null) === item.lotCode || (item.lotCode !== null && l.lot === null));
      if (!line) {
        const lotless = candidates.find((l) => l.lot && item.lotCode === null);
        if (lotless) return setTrouble(problem("LOT_LABEL_NEEDED", { code: item.materialCode, lot: lotless.lot!.code }));
        return setTrouble(problem("WRONG_ITEM", { code: itemText(item), expected: here.map((l) => itemText({ materialCode: l.material.code, lotCode: l.lot?.code ?? null })).join(", ") }));
      }
      setQuantity(line.quantity);
      return setStep({ at: "quantity", location: step.location, line });
    }
  };

  const submit = async () => {
    if (step.at !== "quantity") return;
    if (!isQuantity(quantity, true)) return setTrouble(problem("BAD_QUANTITY", { value: quantity }));
    const { line, location } = step;
    const confirmed = await confirm.run({
      input: { number: list.number, locationCode: location, materialCode: line.material.code, lotCode: line.lot?.code ?? null, quantity },
    });
    if (confirmed.problem) return setTrouble(confirmed.problem);
    const next = confirmed.data.confirmPick.pickList;
    const short = Number(quantity) < Number(line.quantity);
    const what = { quantity: num(quantity), of: num(line.quantity), unit: line.material.uomCode, item: itemText({ materialCode: line.material.code, lotCode: line.lot?.code ?? null }), location };
    setDone(short ? t("pick.shortDone", what) : t("pick.done", what));
    setTrouble(null);
    setList(next);
    const stillHere = next.lines.some((l) => l.status === "OPEN" && l.location.code === location);
    setStep(stillHere ? { at: "item", location } : { at: "location" });
  };

  const facts: [string, string][] = [[t("pick.list"), list.number]];
  if (step.at === "quantity") facts.push([t("item"), `${itemText({ materialCode: step.line.material.code, lotCode: step.line.lot?.code ?? null })} — ${step.line.material.name}`]);
  const short = step.at === "quantity" && isQuantity(quantity, true) && Number(quantity) < Number(step.line.quantity);

  return (
    <div className="sk-flow">
      {list.status !== "OPEN" ? (
        <>
          {done && <Success>{done}</Success>}
          <Success>{t("pick.complete", { number: list.number, status: t(`pick.status.${list.status}`) })}</Success>
          <Link className="sk-button sk-button--primary" to=".." relative="path">{t("pick.back")}</Link>
        </>
      ) : (
        <>
          <StepPrompt step={list.lines.length - open.length + 1} of={list.lines.length} facts={facts}>
            {step.at === "location" && t("pick.prompt.location", { location: here[0].location.code, name: here[0].location.name, stop })}
            {step.at === "item" && t("pick.prompt.item", { items: here.map((l) => itemText({ materialCode: l.material.code, lotCode: l.lot?.code ?? null })).join(", ") })}
            {step.at === "quantity" && t("pick.prompt.quantity", { quantity: num(step.line.quantity), unit: step.line.material.uomCode })}
          </StepPrompt>
          <ProblemBanner problem={trouble} />
          {done && <Success>{done}</Success>}
          {step.at === "quantity" ? (
            <QuantityField
              label={t("pick.picked")}
              unit={step.line.material.uomCode}
              value={quantity}
              onChange={setQuantity}
              onSubmit={submit}
              warn={short}
              busy={confirm.busy}
              submitLabel={short ? t("pick.confirmShort", { quantity: num(quantity), of: num(step.line.quantity) }) : t("pick.confirm", { quantity: num(quantity) })}
            />
          ) : (
            <Scan label={t(`pick.scan.${step.at}`)} onScan={onScan} busy={confirm.busy} />
          )}
        </>
      )}
      <ol className="sk-lines" aria-label={t("pick.walk")}>
        {list.lines.map((l) => (
          <li key={l.id} className={`sk-line sk-line--${l.status.toLowerCase()}${l.stop === stop && l.status === "OPEN" ? " sk-line--current" : ""}`}>
            <span className="sk-line__stop">{l.stop}</span>
            <span className="sk-line__where">{l.location.code}</span>
            <span className="sk-line__what">{itemText({ materialCode: l.material.code, lotCode: l.lot?.code ?? null })}</span>
            <span className="sk-line__qty">{l.status === "OPEN" ? `${num(l.quantity)} ${l.material.uomCode}` : `${num(l.pickedQuantity)} / ${num(l.quantity)} ${l.material.uomCode}`}</span>
            <span className="sk-line__status">{t(`pick.lineStatus.${l.status}`)}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
