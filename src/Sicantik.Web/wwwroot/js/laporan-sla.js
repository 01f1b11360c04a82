// The SLA report's two charts (/Laporan/Sla), drawn with Chart.js from /dist/charts.js (window.Chart). The numbers and
// the words come from the page's JSON island (#sla-data), the same numbers as its tables; without script the tables stay.
(function () {
    'use strict';

    var island = document.getElementById('sla-data');
    if (!island || typeof window.Chart !== 'function') {
        return;
    }

    var data = JSON.parse(island.textContent);
    var text = data.text;
    var number = new Intl.NumberFormat(data.locale || 'id-ID', { maximumFractionDigits: 1 });
    var tooltip = {
        callbacks: {
            label: function (context) {
                return context.dataset.label + ': ' + (context.parsed.y === null ? '—' : number.format(context.parsed.y));
            }
        }
    };

    function axis(title, max) {
        var scale = {
            beginAtZero: true,
            title: { display: true, text: title },
            ticks: { callback: function (value) { return number.format(value); } }
        };
        if (max !== undefined) {
            scale.max = max;
        }
        return scale;
    }

    var time = document.getElementById('sla-chart-time');
    if (time) {
        new window.Chart(time, {
            type: 'bar',
            data: {
                labels: data.labels,
                datasets: [
                    { label: text.median, data: data.median, backgroundColor: '#1565c0' },
                    { label: text.p90, data: data.p90, backgroundColor: '#90caf9' },
                    { label: text.standard, data: data.standard, backgroundColor: '#c62828' }
                ]
            },
            options: { responsive: true, plugins: { tooltip: tooltip }, scales: { y: axis(text.minutes) } }
        });
    }

    var within = document.getElementById('sla-chart-within');
    if (within) {
        new window.Chart(within, {
            type: 'bar',
            data: {
                labels: data.labels,
                datasets: [{ label: text.within, data: data.within, backgroundColor: '#2e7d32' }]
            },
            options: {
                responsive: true,
                plugins: { tooltip: tooltip, legend: { display: false } },
                scales: { y: axis(text.percent, 100) }
            }
        });
    }
})();
