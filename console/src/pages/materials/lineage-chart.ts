/** The graph series a lot's genealogy is drawn with (LotsPanel), registered when its chart loads echarts. */
import { GraphChart } from "echarts/charts";
import { use } from "../../components/chart-engine";

use([GraphChart]);
