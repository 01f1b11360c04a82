// The process designer (Pages/Admin/Proses/Desainer): bpmn-js with the properties panel (Camunda 7 provider and the
// Sicantik group), bpmnlint, and a palette of only what the engine runs. It talks to /api/admin/definitions: open a
// version, validate on the server (each error on its element), save a draft, publish, retire.
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import 'bpmn-js-bpmnlint/dist/assets/css/bpmn-js-bpmnlint.css';
import '../designer/designer.css';

import BpmnModeler from 'bpmn-js/lib/Modeler';
import {
  BpmnPropertiesPanelModule,
  BpmnPropertiesProviderModule,
  CamundaPlatformPropertiesProviderModule,
} from 'bpmn-js-properties-panel';
import camundaModdle from 'camunda-bpmn-moddle/resources/camunda.json';
import lintModule from 'bpmn-js-bpmnlint';
import lintConfig from '../designer/.bpmnlintrc';

import sicantikModdle from '../designer/sicantik-moddle.json';
import SicantikPropertiesProvider from '../designer/SicantikPropertiesProvider';
import SupportedElements from '../designer/SupportedElements';
import { createTranslate, translateModule } from '../designer/translate';

const NEW_DIAGRAM = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:sicantik="http://sicantik.id/schema/bpmn/1.0" id="Definitions_Baru" targetNamespace="http://sicantik.id/workflows">
  <bpmn:process id="proses-baru" name="Proses baru" isExecutable="true" sicantik:calendar="office-hours">
    <bpmn:startEvent id="StartEvent_1" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_1">
    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="proses-baru">
      <bpmndi:BPMNShape id="StartEvent_1_di" bpmnElement="StartEvent_1">
        <dc:Bounds x="180" y="160" width="36" height="36" />
      </bpmndi:BPMNShape>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>`;

function readJson(id) {
  const element = document.getElementById(id);
  return element ? JSON.parse(element.textContent) : {};
}

function start(root) {
  const texts = readJson('designer-text');
  const roles = readJson('designer-roles');
  const t = createTranslate(texts);
  const api = root.dataset.api;
  const token = document.querySelector('meta[name="request-verification-token"]')?.content || '';
  const status = root.querySelector('[data-designer-status]');
  const errorList = root.querySelector('[data-designer-errors]');
  const versionBadge = root.querySelector('[data-designer-version]');
  const buttons = Object.fromEntries(Array.from(root.querySelectorAll('[data-designer-action]')).map(b => [b.dataset.designerAction, b]));

  const modeler = new BpmnModeler({
    container: root.querySelector('[data-designer-canvas]'),
    propertiesPanel: { parent: root.querySelector('[data-designer-panel]') },
    linting: { bpmnlint: lintConfig, active: true },
    sicantik: { roles },
    additionalModules: [
      BpmnPropertiesPanelModule,
      BpmnPropertiesProviderModule,
      CamundaPlatformPropertiesProviderModule,
      lintModule,
      SupportedElements,
      { __init__: ['sicantikPropertiesProvider'], sicantikPropertiesProvider: ['type', SicantikPropertiesProvider] },
      translateModule(texts),
    ],
    moddleExtensions: { camunda: camundaModdle, sicantik: sicantikModdle },
  });

  const state = { key: root.dataset.key || null, version: root.dataset.version ? Number(root.dataset.version) : null, definitionState: null, dirty: false, busy: false };
  const overlays = modeler.get('overlays');
  const canvas = modeler.get('canvas');
  const registry = modeler.get('elementRegistry');
  const selection = modeler.get('selection');
  let marked = [];

  function markClean() {
    state.dirty = false;
    delete root.dataset.dirty;
  }

  function show(kind, message) {
    status.className = `alert alert-${kind} mb-2`;
    status.textContent = message;
    status.hidden = false;
    status.dataset.kind = kind;
  }

  function showVersion() {
    if (state.version) {
      versionBadge.textContent = t('Designer_VersionBadge', { key: state.key, version: state.version, state: t('Designer_State_' + state.definitionState) });
    } else {
      versionBadge.textContent = t('Designer_NewDiagram');
    }

    versionBadge.dataset.state = state.definitionState || '';
    buttons.retire.disabled = !state.version;
    if (state.key) {
      const url = new URL(window.location.href);
      url.searchParams.set('key', state.key);
      if (state.version) {
        url.searchParams.set('version', String(state.version));
      }

      window.history.replaceState(null, '', url);
      const versions = root.querySelector('[data-designer-versions]');
      if (versions) {
        versions.href = `${versions.dataset.base}?key=${encodeURIComponent(state.key)}`;
        versions.hidden = false;
      }
    }
  }

  function clearErrors() {
    overlays.remove({ type: 'sicantik-error' });
    marked.forEach(id => registry.get(id) && canvas.removeMarker(id, 'sicantik-error'));
    marked = [];
    errorList.replaceChildren();
    errorList.hidden = true;
  }

  function focusElement(id) {
    const element = registry.get(id);
    if (element) {
      selection.select(element);
      canvas.scrollToElement(element);
    }
  }

  // Each broken rule on its element (a red marker and a badge) and in the list below the diagram, which selects the
  // element when clicked. Rules of the document as a whole, or of an element not drawn, are listed only.
  function showErrors(errors) {
    clearErrors();
    const byElement = new Map();
    errors.forEach(error => {
      const item = document.createElement('li');
      item.className = 'list-group-item list-group-item-danger';
      item.dataset.elementId = error.elementId || '';
      item.dataset.rule = error.rule;
      const drawn = error.elementId && registry.get(error.elementId);
      if (drawn) {
        const link = document.createElement('button');
        link.type = 'button';
        link.className = 'btn btn-link p-0 text-start text-danger-emphasis';
        link.textContent = error.message;
        link.addEventListener('click', () => focusElement(error.elementId));
        item.append(link);
        byElement.set(error.elementId, (byElement.get(error.elementId) || []).concat([error.message]));
      } else {
        item.textContent = error.message;
      }

      errorList.append(item);
    });

    byElement.forEach((messages, id) => {
      canvas.addMarker(id, 'sicantik-error');
      marked.push(id);
      const badge = document.createElement('div');
      badge.className = 'sicantik-error-overlay';
      badge.dataset.elementId = id;
      badge.title = messages.join('\n');
      badge.textContent = String(messages.length);
      badge.addEventListener('click', () => focusElement(id));
      overlays.add(id, 'sicantik-error', { position: { top: -12, right: 12 }, html: badge });
    });
    errorList.hidden = errors.length === 0;
  }

  async function call(method, path, body, contentType) {
    const headers = { RequestVerificationToken: token, Accept: 'application/json, application/problem+json' };
    if (contentType) {
      headers['Content-Type'] = contentType;
    }

    const response = await fetch(api + path, { method, headers, body, credentials: 'same-origin' });
    const type = response.headers.get('Content-Type') || '';
    const json = type.includes('json') ? await response.json() : null;
    return { status: response.status, ok: response.ok, json, response };
  }

  function refused(result) {
    if (result.json && Array.isArray(result.json.errors)) {
      showErrors(result.json.errors);
    }

    show('danger', (result.json && (result.json.detail || result.json.title)) || t('Designer_Failed', { status: result.status }));
  }

  async function currentXml() {
    const { xml } = await modeler.saveXML({ format: true });
    return xml;
  }

  async function open(key, version) {
    let meta;
    if (version) {
      meta = await call('GET', `/${encodeURIComponent(key)}/versions/${version}`);
    } else {
      const list = await call('GET', `/${encodeURIComponent(key)}/versions`);
      meta = list.ok ? { ok: true, json: list.json[0] } : list;
    }

    if (!meta.ok) {
      refused(meta);
      return;
    }

    const response = await fetch(`${api}/${encodeURIComponent(key)}/versions/${meta.json.version}/xml`, { credentials: 'same-origin' });
    if (!response.ok) {
      show('danger', t('Designer_Failed', { status: response.status }));
      return;
    }

    await modeler.importXML(await response.text());
    Object.assign(state, { key: meta.json.key, version: meta.json.version, definitionState: meta.json.state });
    markClean();
    canvas.zoom('fit-viewport');
    showVersion();
    show('secondary', t('Designer_Opened', { key: state.key, version: state.version }));
  }

  async function validate() {
    const result = await call('POST', '/validate', await currentXml(), 'application/xml');
    if (result.ok) {
      clearErrors();
      show('success', t('Designer_Valid'));
    } else {
      refused(result);
    }

    return result.ok;
  }

  async function save() {
    const result = await call('POST', '', await currentXml(), 'application/xml');
    if (!result.ok) {
      refused(result);
      return false;
    }

    clearErrors();
    const deployed = result.json;
    Object.assign(state, { key: deployed.key, version: deployed.version, definitionState: deployed.state });
    markClean();
    showVersion();
    show(deployed.isNew ? 'success' : 'info', t(deployed.isNew ? 'Designer_Saved' : 'Designer_Unchanged', { version: deployed.version }));
    return true;
  }

  async function publish() {
    if ((state.dirty || !state.version) && !(await save())) {
      return;
    }

    const result = await call('POST', `/${encodeURIComponent(state.key)}/versions/${state.version}/publish`);
    if (!result.ok) {
      refused(result);
      return;
    }

    state.definitionState = result.json.state;
    showVersion();
    show('success', t('Designer_Published', { version: state.version }));
  }

  async function retire() {
    const result = await call('POST', `/${encodeURIComponent(state.key)}/versions/${state.version}/retire`);
    if (!result.ok) {
      refused(result);
      return;
    }

    state.definitionState = result.json.state;
    showVersion();
    show('success', t('Designer_Retired', { version: state.version }));
  }

  function action(name, run) {
    buttons[name].addEventListener('click', async () => {
      if (state.busy) {
        return;
      }

      state.busy = true;
      Object.values(buttons).forEach(b => { b.dataset.wasDisabled = b.disabled ? '1' : ''; b.disabled = true; });
      root.setAttribute('aria-busy', 'true');
      try {
        await run();
      } catch (error) {
        show('danger', t('Designer_Error', { message: error.message }));
      } finally {
        Object.values(buttons).forEach(b => { b.disabled = b.dataset.wasDisabled === '1'; });
        buttons.retire.disabled = !state.version;
        root.removeAttribute('aria-busy');
        state.busy = false;
      }
    });
  }

  action('validate', validate);
  action('save', save);
  action('publish', publish);
  action('retire', retire);

  modeler.on('commandStack.changed', () => {
    state.dirty = true;
    root.dataset.dirty = 'true';
  });

  window.addEventListener('beforeunload', event => {
    if (state.dirty) {
      event.preventDefault();
    }
  });

  const opening = state.key
    ? open(state.key, state.version)
    : modeler.importXML(NEW_DIAGRAM).then(() => { showVersion(); show('secondary', t('Designer_NewHint')); });
  opening
    .catch(error => show('danger', t('Designer_Error', { message: error.message })))
    .finally(() => { markClean(); root.dataset.ready = 'true'; });

  window.sicantikDesigner = modeler;
}

const root = document.querySelector('[data-designer]');
if (root) {
  start(root);
}
