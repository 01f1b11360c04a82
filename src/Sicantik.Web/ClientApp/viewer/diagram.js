// Shared pieces of the process pages: a read-only, navigable bpmn-js viewer, page data embedded as JSON, and the
// antiforgery header for the API calls a signed-in page makes with its cookie.
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import './diagram.css';

/** The JSON a page put in <script type="application/json" id="...">. */
export function pageData(id) {
  const element = document.getElementById(id);
  return element ? JSON.parse(element.textContent) : null;
}

/** Opens the XML in a viewer in the container and fits it; resolves to the viewer and the import's warnings. */
export async function openDiagram(container, xml) {
  const viewer = new NavigatedViewer({ container });
  const { warnings } = await viewer.importXML(xml);
  viewer.get('canvas').zoom('fit-viewport', 'auto');
  container.dataset.loaded = 'true';
  return { viewer, warnings };
}

/** Adds a marker class to every id the diagram has; returns the ids marked. */
export function mark(viewer, ids, className) {
  const registry = viewer.get('elementRegistry');
  const canvas = viewer.get('canvas');
  const marked = [];
  for (const id of ids) {
    if (registry.get(id)) {
      canvas.addMarker(id, className);
      marked.push(id);
    }
  }
  return marked;
}

/** Puts a small HTML overlay on an element (top right by default); ignored for ids not in the diagram. */
export function overlay(viewer, id, html, position = { top: -12, right: 12 }) {
  if (!viewer.get('elementRegistry').get(id)) {
    return null;
  }
  const node = document.createElement('div');
  node.innerHTML = html;
  return viewer.get('overlays').add(id, { position, html: node.firstElementChild ?? node });
}

/** Headers for a JSON call to /api from a page signed in with the cookie. */
export function apiHeaders(json = true) {
  const token = document.querySelector('meta[name="request-verification-token"]')?.content ?? '';
  const headers = { RequestVerificationToken: token, Accept: 'application/json' };
  if (json) {
    headers['Content-Type'] = 'application/json';
  }
  return headers;
}

/** A problem's text for a person: its detail, then each error. */
export async function problemText(response) {
  try {
    const problem = await response.json();
    const errors = problem.errors ? Object.entries(problem.errors).flatMap(([key, messages]) =>
      (Array.isArray(messages) ? messages : [messages]).map(m => typeof m === 'string' ? `${key}: ${m}` : `${m.elementId ?? key}: ${m.message ?? JSON.stringify(m)}`)) : [];
    return { detail: problem.detail ?? problem.title ?? String(response.status), errors };
  } catch {
    return { detail: String(response.status), errors: [] };
  }
}

export function escapeHtml(text) {
  return String(text ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}
