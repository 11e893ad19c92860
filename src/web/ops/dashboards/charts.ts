// ECharts, tree-shaken to what the dashboards draw (bar and line charts on a canvas), so the
// dashboard chunk stays small and the shopper pages never load it.
import { BarChart, LineChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  LineChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  DataZoomComponent,
  CanvasRenderer,
]);

export { echarts };

/** The shop's accent first, then calm colours that stay apart when stacked. */
export const PALETTE = [
  '#ff5000',
  '#1677ff',
  '#52c41a',
  '#faad14',
  '#722ed1',
  '#13c2c2',
  '#eb2f96',
  '#8c8c8c',
];
