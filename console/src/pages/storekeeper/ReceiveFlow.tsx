import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatNumber as num } from "../../i18n/format";
import { useQuery } from "urql";
import {
  StorekeeperPurchaseOrdersDocument, StorekeeperPutawayDocument, StorekeeperReceiveDocument, StorekeeperStockChangedDocument, type StorekeeperPurchaseOrderFragment,
} from "../../generated/graphql";
import { Choices, isQuantity, ProblemBanner, QuantityField, Scan, StepPrompt, Success } from "./parts";
import { graphProblem, problem, type Problem } from "./problem";
import { classifyScan } from "./scan-code";
import { expectLocation, itemText, useItemScan, type ScannedItem } from "./scan-steps";
import { useStorekeeping } from "./storekeeper-context";
import { useCommand } from "./use-command";
import { useRefreshOn } from "./use-live";

type Order = StorekeeperPurchaseOrderFragment | null;
type Step =
  | { at: "order" }
  | { at: "item"; order: Order }
  | { at: "lot"; order: Order; item: ScannedItem }
  | { at: "quantity"; order: Order; item: ScannedItem }
  | { at: "location"; order: Order; item: ScannedItem; quantity: string };

const open = (o: StorekeeperPurchaseOrderFragment) => String(Math.round((Number(o.quantity) - Number(o.receivedQuantity)) * 1e6) / 1e6);

/** Receive: against an open purchase order (or without one), scan the material, its lot if tracked, the quantity, where it is put away. */
export function ReceiveFlow() {
  const { t } = useTranslation("storekeeper");
  const { warehouseCode, locationCodes } = useStorekeeping();
  const [{ data, error }, refetch] = useQuery({ query: StorekeeperPurchaseOrdersDocument, variables: { warehouseCode }, requestPolicy: "cache-and-network" });
  // a receipt against an order, here or at another terminal, changes what is left to receive
  useRefreshOn(StorekeeperStockChangedDocument, { warehouseCode }, (e) => e.stockChanged.purchaseOrderNumber != null, () => refetch({ requestPolicy: "network-only" }));
  const receive = useCommand(StorekeeperReceiveDocument);
  const scanItem = useItemScan();
  const [step, setStep] = useState<Step>({ at: "order" });
  const [quantity, setQuantity] = useState("");
  const [trouble, setTrouble] = useState<Problem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const orders = [...(data?.open.nodes ?? []), ...(data?.partial.nodes ?? [])];
  const putaway = step.at === "location" ? { warehouseCode, materialCode: step.item.materialCode, quantity: step.quantity } : null;
  const [suggested] = useQuery({ query: StorekeeperPutawayDocument, variables: putaway ?? { warehouseCode, materialCode: "", quantity: "1" }, pause: !putaway });
  const restart = () => { setStep({ at: "order" }); setTrouble(null); };

  const toQuantity = (order: Order, item: ScannedItem) => {
    setQuantity(order ? open(order) : "");
    setStep({ at: "quantity", order, item });
  };

  const onScan = async (raw: string) => {
    setTrouble(null);
    setDone(null);
    if (step.at === "order") {
      const order = orders.find((o) => o.number.toUpperCase() === raw.trim().toUpperCase());
      if (!order) return setTrouble(problem("NO_SUCH_ORDER", { code: raw.trim() }));
      return setStep({ at: "item", order });
    }
    if (step.at === "lot") return toQuantity(step.order, { ...step.item, lotCode: raw.trim() });
    const scan = classifyScan(raw, locationCodes);
    if (step.at === "item") {
      const item = await scanItem(scan);
      if (item.problem) return setTrouble(item.problem);
      if (step.order && item.data.materialCode !== step.order.material.code) {
        return setTrouble(problem("NOT_ON_ORDER", { code: item.data.materialCode, number: step.order.number, expected: step.order.material.code }));
      }
      if (item.data.material.lotTracked && !item.data.lotCode) return setStep({ at: "lot", order: step.order, item: item.data });
      return toQuantity(step.order, item.data);
    }
    if (step.at === "location") {
      const location = expectLocation(scan);
      if (location.problem) return setTrouble(location.problem);
      const { item, order } = step;
      const received = await receive.run({
        input: { warehouseCode, locationCode: location.data, materialCode: item.materialCode, lotCode: item.lotCode, quantity: step.quantity, purchaseOrderNumber: order?.number ?? null },
      });
      if (received.problem) return setTrouble(received.problem);
      setDone(t("receive.done", { quantity: num(step.quantity), unit: item.material.uomCode, item: itemText(item), location: location.data, order: order?.number ?? t("receive.noOrder") }));
      return setStep({ at: "order" }); // what is left to receive comes back with the receipt's stockChanged
    }
  };

  const facts: [string, string][] = [];
  if (step.at !== "order") facts.push([t("receive.order"), step.order ? `${step.order.number} — ${step.order.material.code}` : t("receive.noOrder")]);
  if (step.at === "lot" || step.at === "quantity" || step.at === "location") facts.push([t("item"), `${itemText(step.item)} — ${step.item.material.name}`]);
  if (step.at === "location") facts.push([t("quantity"), `${num(step.quantity)} ${step.item.material.uomCode}`]);
  const hints = suggested.data?.putawaySuggestions.map((s) => s.location.code) ?? [];

  return (
    <div className="sk-flow">
      <StepPrompt step={{ order: 1, item: 2, lot: 3, quantity: 4, location: 5 }[step.at]} of={5} facts={facts} onRestart={step.at === "order" ? undefined : restart}>
        {t(`receive.prompt.${step.at}`)}
      </StepPrompt>
      <ProblemBanner problem={trouble ?? (error ? graphProblem(error) : null)} />
      {done && <Success>{done}</Success>}
      {step.at === "quantity" ? (
        <QuantityField
          label={step.order ? t("receive.open", { quantity: num(open(step.order)) }) : t("quantity")}
          unit={step.item.material.uomCode}
          value={quantity}
          onChange={setQuantity}
          submitLabel={t("next")}
          onSubmit={() => {
            if (!isQuantity(quantity)) return setTrouble(problem("BAD_QUANTITY", { value: quantity }));
            setTrouble(null);
            setStep({ at: "location", order: step.order, item: step.item, quantity });
          }}
        />
      ) : (
        <Scan label={t(`receive.scan.${step.at}`)} onScan={onScan} busy={receive.busy} />
      )}
      {step.at === "location" && hints.length > 0 && <p className="sk-note">{t("receive.putaway", { locations: hints.join(", ") })}</p>}
      {step.at === "order" && (
        <>
          <Choices
            items={orders}
            keyOf={(o) => o.id}
            onChoose={(order) => { setTrouble(null); setStep({ at: "item", order }); }}
            empty={t("receive.none")}
            render={(o) => (
              <>
                <strong>{o.number}</strong>
                <span>{o.material.code} — {o.material.name}</span>
                <span>{t("receive.open", { quantity: num(open(o)) })} {o.material.uomCode}{o.supplier ? ` · ${o.supplier}` : ""}</span>
              </>
            )}
          />
          <button type="button" className="sk-button" onClick={() => { setTrouble(null); setStep({ at: "item", order: null }); }}>{t("receive.withoutOrder")}</button>
        </>
      )}
    </div>
  );
}
