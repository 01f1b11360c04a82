// The "Sicantik" group of the properties panel: what the engine reads from the sicantik: namespace (lane roles,
// task outcomes, escalation targets, calendars) and the baku mutu of a step, entered in minutes and stored as the
// ISO 8601 timeDuration of the step's escalation timer (a non-interrupting boundary timer), or the interval of its
// timeCycle when the timer repeats as a reminder (R3/PT5M: first notice at the baku mutu, then every baku mutu).
import { is } from 'bpmn-js/lib/util/ModelUtil';
import { useService } from 'bpmn-js-properties-panel';
import {
  NumberFieldEntry,
  SelectEntry,
  TextFieldEntry,
  isNumberFieldEntryEdited,
  isSelectEntryEdited,
  isTextFieldEntryEdited,
} from '@bpmn-io/properties-panel';
import { createElement as h } from '@bpmn-io/properties-panel/preact';

const LOW_PRIORITY = 500;

/** PT10M, PT1H30M, P1D → minutes; anything else (seconds, an expression, a date) → undefined. */
export function minutesOf(duration) {
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec((duration || '').trim());
  if (!match || duration.trim() === 'P' || duration.trim() === 'PT') {
    return undefined;
  }

  const [, days, hours, minutes] = match;
  return (Number(days || 0) * 24 * 60) + (Number(hours || 0) * 60) + Number(minutes || 0);
}

/** Minutes → the shortest ISO 8601 duration (90 → PT1H30M). */
export function durationOf(minutes) {
  const total = Math.max(0, Math.round(minutes));
  const hours = Math.floor(total / 60);
  const rest = total % 60;
  if (hours === 0) {
    return `PT${rest}M`;
  }

  return rest === 0 ? `PT${hours}H` : `PT${hours}H${rest}M`;
}

/** A repeating timer R3/PT5M (or R/PT5M) → { repeat: 'R3', interval: 'PT5M' }; anything else → undefined. */
export function cycleOf(definition) {
  const body = definition && definition.timeCycle ? (definition.timeCycle.body || '').trim() : '';
  const match = /^(R\d*)\/(P[^/]+)$/.exec(body);
  return match ? { repeat: match[1], interval: match[2] } : undefined;
}

function timerDefinition(element) {
  const definitions = element && element.businessObject && element.businessObject.eventDefinitions;
  return (definitions || []).find(d => is(d, 'bpmn:TimerEventDefinition'));
}

/**
 * The step's escalation timer: a timer boundary event on the task, the one with an escalation target first, then a
 * non-interrupting one, then any.
 */
export function escalationTimerOf(task) {
  const timers = (task.attachers || []).filter(a => is(a, 'bpmn:BoundaryEvent') && timerDefinition(a));
  return timers.find(t => t.businessObject.get('sicantik:escalateTo'))
    || timers.find(t => t.businessObject.cancelActivity === false)
    || timers[0];
}

/** The shape whose timer holds the baku mutu of <element>: itself for a timer event, its escalation timer for a task. */
function timerShapeOf(element) {
  if (is(element, 'bpmn:Activity')) {
    return escalationTimerOf(element);
  }

  return timerDefinition(element) ? element : undefined;
}

function processOf(element) {
  if (is(element, 'bpmn:Participant')) {
    return element.businessObject.processRef;
  }

  return is(element, 'bpmn:Process') ? element.businessObject : undefined;
}

function BakuMutu(props) {
  const { element, id } = props;
  const modeling = useService('modeling');
  const bpmnFactory = useService('bpmnFactory');
  const translate = useService('translate');
  const debounce = useService('debounceInput');
  const timer = timerShapeOf(element);
  const definition = timerDefinition(timer);
  const cycle = cycleOf(definition);
  const current = cycle ? cycle.interval : definition && definition.timeDuration ? definition.timeDuration.body : undefined;

  const getValue = () => minutesOf(current);
  const setValue = value => {
    if (!timer || value === undefined || value === null || Number.isNaN(value) || value <= 0) {
      return;
    }

    const minutesBefore = minutesOf(current);
    const body = durationOf(value);
    if (cycle) {
      // A repeating reminder (R3/PT5M): the baku mutu is its interval; the number of notices stays.
      modeling.updateModdleProperties(timer, definition.timeCycle, { body: `${cycle.repeat}/${body}` });
    } else if (definition.timeDuration) {
      modeling.updateModdleProperties(timer, definition.timeDuration, { body });
    } else {
      const expression = bpmnFactory.create('bpmn:FormalExpression', { body });
      modeling.updateModdleProperties(timer, definition, { timeDuration: expression, timeDate: undefined, timeCycle: undefined });
    }

    // A timer named after its standard ("Baku mutu 5 menit") keeps telling the truth.
    const name = timer.businessObject.name || '';
    const pattern = /^(Baku mutu )(\d+)( menit)$/;
    if (pattern.test(name) && Number(pattern.exec(name)[2]) === minutesBefore) {
      modeling.updateLabel(timer, name.replace(pattern, `$1${Math.round(value)}$3`));
    }
  };

  let description;
  if (!timer) {
    description = translate('sicantik.bakuMutu.noTimer');
  } else if (current && minutesOf(current) === undefined) {
    description = translate('sicantik.bakuMutu.notMinutes', { value: current });
  } else {
    description = translate('sicantik.bakuMutu.stored', { value: current || '-' });
  }

  return h(NumberFieldEntry, {
    id,
    element,
    label: translate('sicantik.bakuMutu'),
    description,
    getValue,
    setValue,
    debounce,
    min: 1,
    step: 1,
    disabled: !timer,
  });
}

function roleOptions(translate, roles, allowNone) {
  const options = allowNone ? [{ value: '', label: translate('sicantik.none') }] : [];
  return options.concat(roles.map(role => ({ value: role.key, label: `${role.label} (${role.key})` })));
}

function EscalateTo(props) {
  const { element, id, roles } = props;
  const modeling = useService('modeling');
  const translate = useService('translate');
  const timer = timerShapeOf(element);

  return h(SelectEntry, {
    id,
    element,
    label: translate('sicantik.escalateTo'),
    description: translate('sicantik.escalateTo.description'),
    getValue: () => (timer && timer.businessObject.get('sicantik:escalateTo')) || '',
    setValue: value => timer && modeling.updateProperties(timer, { 'sicantik:escalateTo': value || undefined }),
    getOptions: () => {
      const value = timer && timer.businessObject.get('sicantik:escalateTo');
      const options = roleOptions(translate, roles, true);
      // A role this page does not know (written in another tool) is kept and shown as it is.
      return value && !options.some(o => o.value === value) ? options.concat([{ value, label: value }]) : options;
    },
    disabled: !timer,
  });
}

function Calendar(props) {
  const { element, id, inherit } = props;
  const modeling = useService('modeling');
  const translate = useService('translate');
  const process = processOf(element);
  const target = process || element.businessObject;

  const options = [
    { value: 'office-hours', label: translate('sicantik.calendar.office-hours') },
    { value: 'wall-clock', label: translate('sicantik.calendar.wall-clock') },
  ];

  return h(SelectEntry, {
    id,
    element,
    label: translate('sicantik.calendar'),
    description: translate(inherit ? 'sicantik.calendar.timerDescription' : 'sicantik.calendar.processDescription'),
    getValue: () => target.get('sicantik:calendar') || '',
    setValue: value => modeling.updateModdleProperties(element, target, { 'sicantik:calendar': value || undefined }),
    getOptions: () => (inherit ? [{ value: '', label: translate('sicantik.calendar.inherit') }] : [{ value: '', label: translate('sicantik.calendar.default') }]).concat(options),
  });
}

function AttributeText(props) {
  const { element, id, attribute, label, description } = props;
  const modeling = useService('modeling');
  const translate = useService('translate');
  const debounce = useService('debounceInput');

  return h(TextFieldEntry, {
    id,
    element,
    label: translate(label),
    description: translate(description),
    getValue: () => element.businessObject.get(attribute) || '',
    setValue: value => modeling.updateProperties(element, { [attribute]: (value || '').trim() || undefined }),
    debounce,
  });
}

function entriesFor(element, roles) {
  const entries = [];
  if (is(element, 'bpmn:UserTask')) {
    entries.push({ id: 'sicantik-bakuMutu', element, component: BakuMutu, isEdited: isNumberFieldEntryEdited });
    entries.push({ id: 'sicantik-escalateTo', element, roles, component: EscalateTo, isEdited: isSelectEntryEdited });
    entries.push({
      id: 'sicantik-outcomes', element, attribute: 'sicantik:outcomes', label: 'sicantik.outcomes',
      description: 'sicantik.outcomes.description', component: AttributeText, isEdited: isTextFieldEntryEdited,
    });
  } else if (is(element, 'bpmn:BoundaryEvent') && timerDefinition(element)) {
    entries.push({ id: 'sicantik-bakuMutu', element, component: BakuMutu, isEdited: isNumberFieldEntryEdited });
    entries.push({ id: 'sicantik-escalateTo', element, roles, component: EscalateTo, isEdited: isSelectEntryEdited });
    entries.push({ id: 'sicantik-calendar', element, inherit: true, component: Calendar, isEdited: isSelectEntryEdited });
  } else if (is(element, 'bpmn:IntermediateCatchEvent') && timerDefinition(element)) {
    entries.push({ id: 'sicantik-bakuMutu', element, component: BakuMutu, isEdited: isNumberFieldEntryEdited });
    entries.push({ id: 'sicantik-calendar', element, inherit: true, component: Calendar, isEdited: isSelectEntryEdited });
  } else if (is(element, 'bpmn:Lane')) {
    entries.push({
      id: 'sicantik-candidateGroups', element, attribute: 'sicantik:candidateGroups', label: 'sicantik.candidateGroups',
      description: 'sicantik.candidateGroups.description', component: AttributeText, isEdited: isTextFieldEntryEdited,
    });
  } else if (processOf(element)) {
    entries.push({ id: 'sicantik-calendar', element, inherit: false, component: Calendar, isEdited: isSelectEntryEdited });
  }

  return entries;
}

export default function SicantikPropertiesProvider(propertiesPanel, translate, eventBus, config) {
  const roles = (config && config.roles) || [];
  this.getGroups = function(element) {
    return function(groups) {
      const entries = entriesFor(element, roles);
      if (entries.length > 0) {
        // Right after "General", open: this is what an administrator of the office changes most.
        const group = { id: 'sicantik', label: translate('sicantik.group'), entries, shouldOpen: true };
        const general = groups.findIndex(g => g.id === 'general');
        groups.splice(general >= 0 ? general + 1 : 0, 0, group);
      }

      return groups;
    };
  };

  propertiesPanel.registerProvider(LOW_PRIORITY, this);

  // A task shows its timer's baku mutu and escalation target: when the timer changes, the task's panel is redrawn too.
  eventBus.on('elements.changed', LOW_PRIORITY, event => {
    const hosts = event.elements.map(e => e.host).filter(host => host && !event.elements.includes(host));
    if (hosts.length > 0) {
      eventBus.fire('elements.changed', { elements: hosts });
    }
  });
}

SicantikPropertiesProvider.$inject = ['propertiesPanel', 'translate', 'eventBus', 'config.sicantik'];
