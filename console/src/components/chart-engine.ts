/**
 * echarts with only the parts the console's charts use registered (line and bar series on a grid, tooltip,
 * legend — plain and scrolling —, mark lines, the canvas renderer). Loaded by Chart.tsx with the first chart a
 * page draws, not with the page: echarts is most of the console's JavaScript.
 */
import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from "echarts/components";
import { init, use } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";

use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, CanvasRenderer]);

export { init, use };
