// The supervisors' diagrams: one instance (/Pengawasan/Instans: active steps, the path taken, each step's time against
// its baku mutu, incidents with a retry) and a version's heat map (/Pengawasan/PetaPanas: where instances wait now,
// where time was lost).
import { pageData, openDiagram, mark, overlay, apiHeaders, problemText, escapeHtml } from '../viewer/diagram.js';

const minutes = value => (Math.round(value * 10) / 10).toLocaleString('id-ID');

async function instance(data) {
  const { viewer } = await openDiagram(document.getElementById('diagram'), data.xml);
  const view = data.view;
  mark(viewer, view.path.elementIds, 'sc-path');
  mark(viewer, view.path.flowIds, 'sc-path');
  const active = mark(viewer, view.activeElementIds, 'sc-active');
  const incidents = mark(viewer, view.incidents.filter(i => i.isOpen).map(i => i.elementId), 'sc-incident');
  // The latest run of each step carries the overlay (a step returned to runs again).
  const latest = new Map();
  for (const step of view.steps) latest.set(step.elementId, step);
  for (const step of latest.values()) {
    const standard = step.standardMinutes == null ? '' : ` / ${step.standardMinutes}`;
    const kind = step.isLate ? 'sc-late' : step.state === 'Open' ? 'sc-open' : 'sc-ok';
    overlay(viewer, step.elementId, `<span class="sc-badge ${kind}" data-step="${escapeHtml(step.elementId)}">${minutes(step.elapsedMinutes)}${standard} mnt</span>`);
  }
  Object.assign(document.getElementById('diagram').dataset, { active: active.length, path: view.path.elementIds.length + view.path.flowIds.length, incidents: incidents.length, ready: 'true' });

  for (const button of document.querySelectorAll('[data-retry]')) {
    button.addEventListener('click', async () => {
      button.disabled = true;
      const response = await fetch(button.dataset.retry, { method: 'POST', headers: apiHeaders(false) });
      if (response.ok) {
        window.location.reload();
        return;
      }
      const problem = await problemText(response);
      const box = document.getElementById('retry-result');
      box.hidden = false;
      box.textContent = problem.detail;
      button.disabled = false;
    });
  }
}

async function heatMap(data) {
  const { viewer } = await openDiagram(document.getElementById('diagram'), data.xml);
  const steps = data.heatMap.steps;
  const most = Math.max(1, ...steps.map(s => s.waiting));
  const slowest = Math.max(1, ...steps.map(s => s.averageMinutes ?? 0));
  let shown = 0;
  for (const step of steps) {
    if (step.waiting > 0) {
      // From yellow (few) to red (the most instances of this version).
      const hue = Math.round(50 - 50 * (step.waiting / most));
      overlay(viewer, step.elementId, `<div class="sc-heat" style="background:hsl(${hue},90%,45%)" data-waiting="${step.waiting}">${step.waiting}</div>`, { top: -14, left: -14 });
      shown++;
    }
    if (step.averageMinutes != null) {
      const late = step.standardMinutes != null && step.averageMinutes > step.standardMinutes;
      const alpha = 0.35 + 0.65 * (step.averageMinutes / slowest);
      overlay(viewer, step.elementId, `<div class="sc-wait" style="opacity:${alpha.toFixed(2)}${late ? ';background:#dc3545' : ''}">Ø ${minutes(step.averageMinutes)}${step.standardMinutes != null ? ' / ' + step.standardMinutes : ''} mnt</div>`, { bottom: 4, left: 0 });
    }
  }
  Object.assign(document.getElementById('diagram').dataset, { heat: shown, ready: 'true' });
}

const run = async () => {
  const instanceData = pageData('instans-data');
  if (instanceData) await instance(instanceData);
  const heatData = pageData('peta-panas-data');
  if (heatData) await heatMap(heatData);
};
run().catch(error => console.error(error));
