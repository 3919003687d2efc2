/**
 * A chart (echarts): give it an option, it draws, redraws when the option changes and follows its container's
 * size. Only the parts registered below are bundled; a page that needs another kind of chart registers it
 * itself with `use` (e.g. `use([GraphChart])` from "echarts/charts") before drawing.
 */
import { useEffect, useRef } from "react";
import { BarChart, LineChart } from "echarts/charts";
import { DatasetComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from "echarts/components";
import { init, use, type EChartsCoreOption, type ECharts } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";

use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, DatasetComponent, MarkLineComponent, CanvasRenderer]);
export { use };

export interface ChartProps {
  option: EChartsCoreOption;
  /** what the chart shows, for screen readers */
  label: string;
  height?: number;
}

export function Chart({ option, label, height = 240 }: ChartProps) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);

  useEffect(() => {
    const instance = init(element.current!, undefined, { renderer: "canvas" });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element.current!);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ animation: false, ...option }, { notMerge: true });
  }, [option]);

  return <div ref={element} className="chart" role="img" aria-label={label} style={{ height }} />;
}
