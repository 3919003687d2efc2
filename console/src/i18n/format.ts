/**
 * Numbers, quantities, dates and times formatted with Intl for the current language. Quantities arrive from
 * the graph as Decimal strings; they are shown with up to three decimals (what the hub stores is exact, the
 * display need not be).
 */
import { useTranslation } from "react-i18next";
import { currentLanguage } from "./index";

export const locale = () => (currentLanguage() === "zh" ? "zh-CN" : "en-GB");

const asNumber = (value: number | string) => (typeof value === "number" ? value : Number(value));

export function formatNumber(value: number | string | null | undefined, options: Intl.NumberFormatOptions = {}): string {
  if (value === null || value === undefined || value === "") return "—";
  const n = asNumber(value);
  return Number.isFinite(n) ? new Intl.NumberFormat(locale(), { maximumFractionDigits: 3, ...options }).format(n) : String(value);
}

/** A quantity with its unit of measure (`1,250.5 kg`, `1,250.5 kg` in Chinese too: units are codes). */
export function formatQuantity(value: number | string | null | undefined, unit?: string | null): string {
  const n = formatNumber(value);
  return unit && n !== "—" ? `${n} ${unit}` : n;
}

/** A ratio (0.953) as a percentage (95.3%). */
export function formatPercent(ratio: number | string | null | undefined, fractionDigits = 1): string {
  return formatNumber(ratio, { style: "percent", minimumFractionDigits: 0, maximumFractionDigits: fractionDigits });
}

const asDate = (value: string | Date) => (typeof value === "string" ? new Date(value) : value);

export function formatDate(value: string | Date | null | undefined): string {
  return value ? new Intl.DateTimeFormat(locale(), { dateStyle: "medium" }).format(asDate(value)) : "—";
}

export function formatDateTime(value: string | Date | null | undefined): string {
  return value ? new Intl.DateTimeFormat(locale(), { dateStyle: "medium", timeStyle: "short" }).format(asDate(value)) : "—";
}

export function formatTime(value: string | Date | null | undefined): string {
  return value ? new Intl.DateTimeFormat(locale(), { timeStyle: "medium" }).format(asDate(value)) : "—";
}

/**
 * The formatters, for components: using it re-renders the component when the language changes (the
 * functions above read the language when called).
 */
export function useFormat() {
  useTranslation();
  return { number: formatNumber, quantity: formatQuantity, percent: formatPercent, date: formatDate, dateTime: formatDateTime, time: formatTime };
}
