// Charts entry: the only part of the package that imports Recharts.
export { LatencyChart, type LatencyChartProps } from './charts/latency-chart';
export {
  UptimeBar,
  type UptimeBarProps,
  UptimeFigures,
  type UptimeFiguresProps,
} from './charts/uptime-bar';
