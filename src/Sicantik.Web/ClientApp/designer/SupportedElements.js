// Only what the engine runs (Sicantik.Workflows BpmnReader): none start event; none and terminate end events; user,
// service, send, script and receive tasks; exclusive, parallel and inclusive gateways; timer boundary events
// (interrupting or not); timer and message intermediate catch events; embedded sub-processes; pools and lanes.
// The palette, the context pad and the replace menu offer nothing else, so that a drawing never needs the server to
// refuse an element the palette offered.

const PALETTE_KEEP = new Set([
  'hand-tool', 'lasso-tool', 'space-tool', 'global-connect-tool', 'tool-separator',
  'create.start-event', 'create.end-event', 'create.exclusive-gateway', 'create.subprocess-expanded',
  'create.participant-expanded',
]);

const REPLACE_KEEP = new Set([
  'replace-with-none-start', 'replace-with-none-end', 'replace-with-terminate-end',
  'replace-with-timer-intermediate-catch', 'replace-with-message-intermediate-catch',
  'replace-with-timer-boundary', 'replace-with-non-interrupting-timer-boundary',
  'replace-with-exclusive-gateway', 'replace-with-parallel-gateway', 'replace-with-inclusive-gateway',
  'replace-with-user-task', 'replace-with-service-task', 'replace-with-send-task', 'replace-with-receive-task',
  'replace-with-script-task', 'replace-with-subprocess', 'replace-with-collapsed-subprocess',
  'replace-with-expanded-pool', 'replace-with-collapsed-pool',
  'replace-with-sequence-flow', 'replace-with-default-flow', 'replace-with-conditional-flow',
  'toggle-non-interrupting',
]);

// Appending what the engine refuses (a plain task, a throw event, signals, compensation) is left out.
const CONTEXT_PAD_DROP = new Set([
  'append.append-task', 'append.intermediate-event', 'append.condition-intermediate-event',
  'append.signal-intermediate-event', 'append.compensation-activity', 'append.text-annotation',
]);

function SupportedPalette(palette, create, elementFactory, bpmnFactory, translate) {
  function createShape(type, definition) {
    return function(event) {
      const businessObject = bpmnFactory.create(type);
      if (definition) {
        businessObject.eventDefinitions = [bpmnFactory.create(definition)];
      }

      create.start(event, elementFactory.createShape({ type, businessObject }));
    };
  }

  function entry(group, className, title, type, definition) {
    const action = createShape(type, definition);
    return { group, className, title: translate(title), action: { dragstart: action, click: action } };
  }

  this.getPaletteEntries = function() {
    return function(entries) {
      Object.keys(entries).filter(id => !PALETTE_KEEP.has(id)).forEach(id => delete entries[id]);
      entries['create.timer-intermediate-event'] = entry('event', 'bpmn-icon-intermediate-event-catch-timer', 'Create timer intermediate catch event', 'bpmn:IntermediateCatchEvent', 'bpmn:TimerEventDefinition');
      entries['create.user-task'] = entry('activity', 'bpmn-icon-user-task', 'Create user task', 'bpmn:UserTask');
      entries['create.service-task'] = entry('activity', 'bpmn-icon-service-task', 'Create service task', 'bpmn:ServiceTask');
      entries['create.parallel-gateway'] = entry('gateway', 'bpmn-icon-gateway-parallel', 'Create parallel gateway', 'bpmn:ParallelGateway');
      return entries;
    };
  };

  palette.registerProvider(500, this);
}

SupportedPalette.$inject = ['palette', 'create', 'elementFactory', 'bpmnFactory', 'translate'];

function SupportedContextPad(contextPad, autoPlace, elementFactory, bpmnFactory, translate) {
  function append(type, className, title, definition) {
    const action = function(event, element) {
      const businessObject = bpmnFactory.create(type);
      if (definition) {
        businessObject.eventDefinitions = [bpmnFactory.create(definition)];
      }

      autoPlace.append(element, elementFactory.createShape({ type, businessObject }));
    };
    return { group: 'model', className, title: translate(title), action: { click: action, dragstart: action } };
  }

  this.getContextPadEntries = function(element) {
    return function(entries) {
      Object.keys(entries).filter(id => CONTEXT_PAD_DROP.has(id)).forEach(id => delete entries[id]);
      // Where bpmn-js offers to append a task (a flow node that may have an outgoing flow), offer the engine's.
      if (entries['append.gateway'] && !element.labelTarget) {
        entries['append.user-task'] = append('bpmn:UserTask', 'bpmn-icon-user-task', 'Append user task');
        entries['append.service-task'] = append('bpmn:ServiceTask', 'bpmn-icon-service-task', 'Append service task');
      }

      return entries;
    };
  };

  contextPad.registerProvider(500, this);
}

SupportedContextPad.$inject = ['contextPad', 'autoPlace', 'elementFactory', 'bpmnFactory', 'translate'];

function SupportedReplaceMenu(popupMenu) {
  function filter(entries) {
    Object.keys(entries).filter(id => !REPLACE_KEEP.has(id)).forEach(id => delete entries[id]);
    return entries;
  }

  this.getPopupMenuEntries = () => filter;
  this.getPopupMenuHeaderEntries = () => filter;
  popupMenu.registerProvider('bpmn-replace', 500, this);
}

SupportedReplaceMenu.$inject = ['popupMenu'];

export default {
  __init__: ['supportedPalette', 'supportedContextPad', 'supportedReplaceMenu'],
  supportedPalette: ['type', SupportedPalette],
  supportedContextPad: ['type', SupportedContextPad],
  supportedReplaceMenu: ['type', SupportedReplaceMenu],
};
