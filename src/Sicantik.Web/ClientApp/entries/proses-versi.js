// The versions page (/Admin/Proses/Versi): two versions side by side with bpmn-js-differ's changes marked, publish and
// retire, the .bpmn upload, and the migration of running instances with an editable mapping.
import { diff } from 'bpmn-js-differ';
import { pageData, openDiagram, mark, apiHeaders, problemText, escapeHtml } from '../viewer/diagram.js';

const data = pageData('versi-data');
const text = data?.text ?? {};

async function compare() {
  const left = document.getElementById('diagram-from');
  const right = document.getElementById('diagram-to');
  if (!left || !right || !data?.fromXml || !data?.toXml) {
    return;
  }
  const [a, b] = await Promise.all([openDiagram(left, data.fromXml), openDiagram(right, data.toXml)]);
  const changes = diff(a.viewer.getDefinitions(), b.viewer.getDefinitions());
  const added = Object.keys(changes._added);
  const removed = Object.keys(changes._removed);
  // A nested part that changed (a timer's definition, a condition) is shown on the element that owns it; the server's
  // comparison adds what the differ does not look at (extension attributes such as sicantik:escalateTo).
  const registry = b.viewer.get('elementRegistry');
  const owner = model => {
    for (let m = model; m; m = m.$parent) {
      if (m.id && registry.get(m.id)) return m.id;
    }
    return model?.id;
  };
  const changed = [...new Set(Object.values(changes._changed).map(c => owner(c.model)).concat(data.changedIds ?? []))];
  const layout = Object.keys(changes._layoutChanged).filter(id => !changes._changed[id]);
  mark(a.viewer, removed, 'sc-removed');
  mark(b.viewer, added, 'sc-added');
  for (const viewer of [a.viewer, b.viewer]) {
    mark(viewer, changed, 'sc-changed');
    mark(viewer, layout, 'sc-layout-changed');
  }
  const status = document.getElementById('compare-status');
  if (status) {
    Object.assign(status.dataset, { added: added.length, removed: removed.length, changed: changed.length, layout: layout.length, ready: 'true' });
  }
  // Moving one diagram moves the other, so that the same place is in view on both sides.
  const follow = (from, to) => from.on('canvas.viewbox.changed', ({ viewbox }) => {
    const canvas = to.get('canvas');
    const current = canvas.viewbox();
    const same = ['x', 'y', 'width', 'height'].every(k => Math.abs(current[k] - viewbox[k]) < 0.5);
    if (!same) {
      canvas.viewbox({ x: viewbox.x, y: viewbox.y, width: viewbox.width, height: viewbox.height });
    }
  });
  follow(a.viewer, b.viewer);
  follow(b.viewer, a.viewer);
}

function showResult(box, kind, detail, errors = []) {
  if (!box) return;
  box.className = `alert alert-${kind} mt-3`;
  box.hidden = false;
  box.innerHTML = `<div>${escapeHtml(detail)}</div>` + (errors.length ? `<ul class="mb-0 mt-2">${errors.map(e => `<li>${escapeHtml(e)}</li>`).join('')}</ul>` : '');
}

function wireActions() {
  for (const button of document.querySelectorAll('[data-version-action]')) {
    button.addEventListener('click', async () => {
      if (button.dataset.confirm && !window.confirm(button.dataset.confirm)) return;
      button.disabled = true;
      const response = await fetch(button.dataset.versionAction, { method: 'POST', headers: apiHeaders(false) });
      if (response.ok) {
        window.location.reload();
        return;
      }
      const problem = await problemText(response);
      showResult(document.getElementById('version-result'), 'danger', problem.detail, problem.errors);
      button.disabled = false;
    });
  }

  const upload = document.getElementById('upload-form');
  upload?.addEventListener('submit', async event => {
    event.preventDefault();
    const box = document.getElementById('upload-result');
    const response = await fetch(upload.action, { method: 'POST', headers: apiHeaders(false), body: new FormData(upload) });
    if (response.ok) {
      const created = await response.json();
      showResult(box, 'success', (text.uploaded ?? '{0}').replace('{0}', created.version));
      window.setTimeout(() => window.location.reload(), 800);
      return;
    }
    const problem = await problemText(response);
    showResult(box, 'danger', problem.detail, problem.errors);
  });
}

function wireMigration() {
  const planButton = document.getElementById('plan-migration');
  const runButton = document.getElementById('run-migration');
  const table = document.getElementById('migration-mapping');
  const box = document.getElementById('migration-result');
  if (!planButton || !table) return;
  const versions = () => ({
    fromVersion: Number(document.getElementById('migration-from').value),
    toVersion: Number(document.getElementById('migration-to').value),
  });
  const mapping = () => {
    const entries = {};
    for (const select of table.querySelectorAll('select[data-source]')) {
      if (select.value !== select.dataset.proposed) {
        entries[select.dataset.source] = select.value;
      }
    }
    return entries;
  };
  const key = data.key;

  async function plan(withMapping) {
    const response = await fetch(`/api/admin/definitions/${encodeURIComponent(key)}/migrations/plan`, {
      method: 'POST', headers: apiHeaders(), body: JSON.stringify({ ...versions(), mapping: withMapping ? mapping() : null }),
    });
    if (!response.ok) {
      const problem = await problemText(response);
      showResult(box, 'danger', problem.detail, problem.errors);
      return;
    }
    const result = await response.json();
    const rows = result.rows.filter(r => r.waiting > 0 || r.targetId === null);
    const options = target => [`<option value="">${escapeHtml(text.noTarget ?? '-')}</option>`]
      .concat(result.targetElements.map(e => `<option value="${escapeHtml(e.id)}"${e.id === target ? ' selected' : ''}>${escapeHtml(e.id)}${e.name ? ' · ' + escapeHtml(e.name) : ''}</option>`))
      .join('');
    table.querySelector('tbody').innerHTML = rows.map(r => `<tr data-source="${escapeHtml(r.sourceId)}">
        <td><code>${escapeHtml(r.sourceId)}</code><div class="small text-body-secondary">${escapeHtml(r.sourceName ?? '')} (${escapeHtml(r.sourceType)})</div></td>
        <td class="text-end">${r.waiting}</td>
        <td><select class="form-select form-select-sm" data-source="${escapeHtml(r.sourceId)}" data-proposed="${escapeHtml(r.targetId ?? '')}">${options(r.targetId)}</select></td>
      </tr>`).join('');
    table.hidden = false;
    table.dataset.instances = result.instanceCount;
    runButton.hidden = false;
    if (result.canMigrate) {
      showResult(box, 'info', (text.planOk ?? '{0}').replace('{0}', result.instanceCount));
    } else {
      showResult(box, 'warning', text.planProblems ?? '', result.problems.map(p => p.message));
    }
  }

  planButton.addEventListener('click', () => plan(false));
  table.addEventListener('change', () => plan(true));
  runButton?.addEventListener('click', async () => {
    if (!window.confirm(text.confirmMigrate ?? '?')) return;
    const response = await fetch(`/api/admin/definitions/${encodeURIComponent(key)}/migrations`, {
      method: 'POST', headers: apiHeaders(), body: JSON.stringify({ ...versions(), mapping: mapping() }),
    });
    if (response.ok) {
      const result = await response.json();
      showResult(box, 'success', (text.migrated ?? '{0}').replace('{0}', result.migrated));
      return;
    }
    const problem = await problemText(response);
    showResult(box, 'danger', problem.detail, problem.errors);
  });
}

wireActions();
wireMigration();
compare().catch(error => {
  console.error(error);
  showResult(document.getElementById('version-result'), 'danger', String(error));
});
