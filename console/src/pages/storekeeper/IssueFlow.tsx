import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatNumber as num } from "../../i18n/format";
import { useQuery } from "urql";
import { StorekeeperIssueDocument, StorekeeperWorkOrderChangedDocument, StorekeeperWorkOrdersDocument, type StorekeeperWorkOrderChangedSubscription, type StorekeeperWorkOrderFragment } from "../../generated/graphql";
import { Choices, isQuantity, ProblemBanner, QuantityField, Scan, StepPrompt, Success } from "./parts";
import { graphProblem, problem, type Problem } from "./problem";
import { classifyScan } from "./scan-code";
import { availableAt, expectLocation, itemText, useItemScan, type ScannedItem } from "./scan-steps";
import { useStorekeeping } from "./storekeeper-context";
import { useCommand } from "./use-command";
import { useRefreshOn } from "./use-live";

type Order = StorekeeperWorkOrderFragment;
type Step =
  | { at: "order" }
  | { at: "location"; order: Order }
  | { at: "item"; order: Order; location: string }
  | { at: "quantity"; order: Order; location: string; item: ScannedItem };

/** Issue to a work order: choose or scan the order, scan the location taken from, the material, confirm the quantity. */
export function IssueFlow() {
  const { t } = useTranslation("storekeeper");
  const { warehouseCode, locationCodes } = useStorekeeping();
  const [{ data, error }, refetch] = useQuery({ query: StorekeeperWorkOrdersDocument, variables: { warehouseCode }, requestPolicy: "cache-and-network" });
  // an order released meanwhile (created, or no longer short) joins the list; an issue itself changes no status
  const released = (e: StorekeeperWorkOrderChangedSubscription) => e.workOrderChanged.to === "RELEASED" && e.workOrderChanged.from !== "RELEASED";
  useRefreshOn(StorekeeperWorkOrderChangedDocument, { warehouseCode }, released, () => refetch({ requestPolicy: "network-only" }));
  const issue = useCommand(StorekeeperIssueDocument);
  const scanItem = useItemScan();
  const [step, setStep] = useState<Step>({ at: "order" });
  const [quantity, setQuantity] = useState("");
  const [trouble, setTrouble] = useState<Problem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const orders = [...(data?.inProgress.nodes ?? []), ...(data?.released.nodes ?? [])];
  const restart = () => { setStep({ at: "order" }); setTrouble(null); };

  const onScan = async (raw: string) => {
    setTrouble(null);
    setDone(null);
    if (step.at === "order") {
      const order = orders.find((o) => o.number.toUpperCase() === raw.trim().toUpperCase());
      if (!order) return setTrouble(problem("NO_SUCH_WORK_ORDER", { code: raw.trim() }));
      return setStep({ at: "location", order });
    }
    const scan = classifyScan(raw, locationCodes);
    if (step.at === "location") {
      const location = expectLocation(scan);
      if (location.problem) return setTrouble(location.problem);
      return setStep({ at: "item", order: step.order, location: location.data });
    }
    if (step.at === "item") {
      const item = await scanItem(scan);
      if (item.problem) return setTrouble(item.problem);
      const need = step.order.materials.find((m) => m.material.code === item.data.materialCode);
      if (!need) return setTrouble(problem("NOT_ON_WORK_ORDER", { code: item.data.materialCode, number: step.order.number }));
      const available = Number(availableAt(item.data, step.location));
      const reserved = Number(need.reserved);
      setQuantity(String(reserved > 0 ? reserved : Math.min(available, Math.max(0, Number(need.required) - Number(need.issued)))));
      return setStep({ at: "quantity", order: step.order, location: step.location, item: item.data });
    }
  };

  const submit = async () => {
    if (step.at !== "quantity") return;
    if (!isQuantity(quantity)) return setTrouble(problem("BAD_QUANTITY", { value: quantity }));
    const { order, location, item } = step;
    const issued = await issue.run({ input: { warehouseCode, workOrderNumber: order.number, locationCode: location, materialCode: item.materialCode, lotCode: item.lotCode, quantity } });
    if (issued.problem) return setTrouble(issued.problem);
    setTrouble(null);
    setDone(t("issue.done", { quantity: num(quantity), unit: item.material.uomCode, item: itemText(item), location, order: order.number }));
    refetch({ requestPolicy: "network-only" });
    setStep({ at: "order" });
  };

  const facts: [string, string][] = [];
  if (step.at !== "order") facts.push([t("issue.order"), `${step.order.number} — ${step.order.material.code}`]);
  if (step.at === "item" || step.at === "quantity") facts.push([t("from"), step.location]);
  if (step.at === "quantity") facts.push([t("item"), `${itemText(step.item)} — ${step.item.material.name}`]);

  return (
    <div className="sk-flow">
      <StepPrompt step={{ order: 1, location: 2, item: 3, quantity: 4 }[step.at]} of={4} facts={facts} onRestart={step.at === "order" ? undefined : restart}>
        {t(`issue.prompt.${step.at}`)}
      </StepPrompt>
      <ProblemBanner problem={trouble ?? (error ? graphProblem(error) : null)} />
      {done && <Success>{done}</Success>}
      {step.at === "quantity" ? (
        <QuantityField
          label={t("move.available", { quantity: num(availableAt(step.item, step.location)) })}
          unit={step.item.material.uomCode}
          value={quantity}
          onChange={setQuantity}
          onSubmit={submit}
          busy={issue.busy}
          submitLabel={t("issue.confirm", { quantity: num(quantity) })}
        />
      ) : (
        <Scan label={t(`issue.scan.${step.at}`)} onScan={onScan} busy={issue.busy} />
      )}
      {step.at === "order" && (
        <Choices
          items={orders}
          keyOf={(o) => o.id}
          onChoose={(order) => { setTrouble(null); setStep({ at: "location", order }); }}
          empty={t("issue.none")}
          render={(o) => (
            <>
              <strong>{o.number}</strong>
              <span>{o.material.code} — {o.material.name} × {num(o.quantity)}</span>
              <span>{t(`issue.status.${o.status}`)}</span>
            </>
          )}
        />
      )}
      {step.at !== "order" && (
        <ul className="sk-lines" aria-label={t("issue.needs")}>
          {step.order.materials.map((m) => (
            <li key={m.material.code} className="sk-line">
              <span className="sk-line__what">{m.material.code}</span>
              <span className="sk-line__qty">{t("issue.need", { required: num(m.required), issued: num(m.issued), reserved: num(m.reserved), unit: m.material.uomCode })}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
