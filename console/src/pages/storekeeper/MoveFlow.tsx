import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatNumber as num } from "../../i18n/format";
import { StorekeeperMoveDocument } from "../../generated/graphql";
import { isQuantity, ProblemBanner, QuantityField, Scan, StepPrompt, Success } from "./parts";
import { problem, type Problem } from "./problem";
import { classifyScan } from "./scan-code";
import { availableAt, expectLocation, itemText, useItemScan, type ScannedItem } from "./scan-steps";
import { useStorekeeping } from "./storekeeper-context";
import { useCommand } from "./use-command";

type Step =
  | { at: "from" }
  | { at: "item"; from: string }
  | { at: "quantity"; from: string; item: ScannedItem }
  | { at: "to"; from: string; item: ScannedItem; quantity: string };

/** Move: scan the location it is taken from, the material, the quantity, then the location it goes to (that scan posts). */
export function MoveFlow() {
  const { t } = useTranslation("storekeeper");
  const { warehouseCode, locationCodes } = useStorekeeping();
  const scanItem = useItemScan();
  const move = useCommand(StorekeeperMoveDocument);
  const [step, setStep] = useState<Step>({ at: "from" });
  const [quantity, setQuantity] = useState("");
  const [trouble, setTrouble] = useState<Problem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const restart = () => { setStep({ at: "from" }); setTrouble(null); };

  const onScan = async (raw: string) => {
    setTrouble(null);
    setDone(null);
    const scan = classifyScan(raw, locationCodes);
    if (step.at === "from" || step.at === "to") {
      const location = expectLocation(scan);
      if (location.problem) return setTrouble(location.problem);
      if (step.at === "from") return setStep({ at: "item", from: location.data });
      if (location.data === step.from) return setTrouble(problem("SAME_LOCATION", { code: location.data }));
      const { item, from } = step;
      const moved = await move.run({ input: { warehouseCode, materialCode: item.materialCode, lotCode: item.lotCode, fromLocationCode: from, toLocationCode: location.data, quantity: step.quantity } });
      if (moved.problem) return setTrouble(moved.problem);
      setDone(t("move.done", { quantity: num(step.quantity), unit: item.material.uomCode, item: itemText(item), from, to: location.data }));
      return setStep({ at: "from" });
    }
    if (step.at === "item") {
      const item = await scanItem(scan);
      if (item.problem) return setTrouble(item.problem);
      setQuantity(availableAt(item.data, step.from));
      return setStep({ at: "quantity", from: step.from, item: item.data });
    }
  };

  const facts: [string, string][] = [];
  if (step.at !== "from") facts.push([t("from"), step.from]);
  if (step.at === "quantity" || step.at === "to") facts.push([t("item"), `${itemText(step.item)} — ${step.item.material.name}`]);
  if (step.at === "to") facts.push([t("quantity"), `${num(step.quantity)} ${step.item.material.uomCode}`]);

  return (
    <div className="sk-flow">
      <StepPrompt step={{ from: 1, item: 2, quantity: 3, to: 4 }[step.at]} of={4} facts={facts} onRestart={step.at === "from" ? undefined : restart}>
        {t(`move.prompt.${step.at}`)}
      </StepPrompt>
      <ProblemBanner problem={trouble} />
      {done && <Success>{done}</Success>}
      {step.at === "quantity" ? (
        <QuantityField
          label={t("move.available", { quantity: num(availableAt(step.item, step.from)) })}
          unit={step.item.material.uomCode}
          value={quantity}
          onChange={setQuantity}
          submitLabel={t("next")}
          onSubmit={() => {
            if (!isQuantity(quantity)) return setTrouble(problem("BAD_QUANTITY", { value: quantity }));
            setTrouble(null);
            setStep({ at: "to", from: step.from, item: step.item, quantity });
          }}
        />
      ) : (
        <Scan label={t(`move.scan.${step.at}`)} onScan={onScan} busy={move.busy} />
      )}
    </div>
  );
}
