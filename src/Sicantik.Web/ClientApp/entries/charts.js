// Chart.js for the report pages (SLA, IKM). Pages load /dist/charts.js and use window.Chart.
import Chart from 'chart.js/auto';

window.Chart = Chart;
