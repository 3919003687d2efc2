/**
 * A chart (echarts): give it an option, it draws, redraws when the option changes and follows its container's
 * size. echarts (chart-engine.ts) is loaded with the first chart drawn, so that a page shows its figures and
 * tables without waiting for it; until then the chart's box keeps its place. A chart of another kind than those
 * chart-engine.ts registers names a module registering it in `parts` (e.g. `() => import("./lineage-chart")`,
 * which calls `use([GraphChart])`), loaded with the engine.
 */
import { useEffect, useRef, useState } from "react";
import type { ECharts, EChartsCoreOption } from "echarts/core";

export interface ChartProps {
  option: EChartsCoreOption;
  /** what the chart shows, for screen readers */
  label: string;
  height?: number;
  /** loads (and registers) the echarts parts this chart needs beyond chart-engine.ts's */
  parts?: () => Promise<unknown>;
}

export function Chart({ option, label, height = 240, parts }: ChartProps) {
  const element = useRef<HTMLDivElement>(null);
  const [chart, setChart] = useState<ECharts | null>(null);

  useEffect(() => {
    let cleanup: (() => void) | undefined;
    let gone = false;
    // a failed load is not swallowed: it reaches the page as an unhandled rejection
    void Promise.all([import("./chart-engine"), parts?.()]).then(([{ init }]) => {
      if (gone) return;
      const instance = init(element.current!, undefined, { renderer: "canvas" });
      // an element leaving the page reports a size of 0 before the cleanup below runs: a graph's view cannot be
      // laid out in nothing (echarts throws), and there is nothing to draw anyway
      const observer = new ResizeObserver(([entry]) => void (entry.contentRect.width > 0 && entry.contentRect.height > 0 && instance.resize()));
      observer.observe(element.current!);
      setChart(instance);
      cleanup = () => {
        observer.disconnect();
        instance.dispose();
      };
    });
    return () => {
      gone = true;
      cleanup?.();
    };
    // the parts are those of the chart's kind, which does not change during its life
  }, []);

  useEffect(() => {
    chart?.setOption({ animation: false, ...option }, { notMerge: true });
  }, [chart, option]);

  return <div ref={element} className="chart" role="img" aria-label={label} aria-busy={chart === null} style={{ height }} />;
}
