using System.Globalization;
using System.Resources;
using System.Xml.Linq;
using Sicantik.Workflows.Expressions;
using Sicantik.Workflows.Forms;
using Sicantik.Workflows.Resources;
using Sicantik.Workflows.Timers;

namespace Sicantik.Workflows.Definitions;

/// <summary>The result of reading a BPMN document: a model, or the rules it breaks.</summary>
/// <param name="Model">The model when the document is valid; otherwise <c>null</c>.</param>
/// <param name="Errors">Every broken rule; empty when valid.</param>
public sealed record BpmnReadResult(ProcessModel? Model, IReadOnlyList<ValidationError> Errors)
{
    public bool IsValid => Model is not null && Errors.Count == 0;

    /// <summary>What deploys but is ignored or probably misspelt (<see cref="ValidationSeverity.Warning"/>).</summary>
    public IReadOnlyList<ValidationError> Warnings { get; init; } = [];
}

/// <summary>
/// Reads BPMN 2.0 XML (with the Camunda 7 and <c>sicantik:</c> extensions) into a validated <see cref="ProcessModel"/>.
/// Everything the engine cannot run is refused with a message that names the element and the rule.
/// </summary>
public sealed class BpmnReader
{
    /// <summary>How deeply sub-processes may nest inside one another.</summary>
    public const int MaxSubProcessNesting = 16;

    private static readonly ResourceManager Texts = new("Sicantik.Workflows.Resources.DefinitionMessages", typeof(BpmnReader).Assembly);

    private static readonly HashSet<string> IgnoredArtifacts = new(StringComparer.Ordinal)
    {
        "documentation", "extensionElements", "laneSet", "textAnnotation", "association", "group",
        "dataObject", "dataObjectReference", "dataStoreReference", "category",
    };

    // Children that describe the scope's own element, not flow elements inside it: Camunda Modeler writes a
    // sub-process's incoming and outgoing flows as children beside its content, and an activity's loop and data interface.
    private static readonly HashSet<string> OwnChildren = new(StringComparer.Ordinal)
    {
        "incoming", "outgoing", "multiInstanceLoopCharacteristics", "standardLoopCharacteristics", "ioSpecification",
        "property", "dataInputAssociation", "dataOutputAssociation",
    };

    private static readonly HashSet<string> BehaviourExtensions = new(StringComparer.Ordinal)
    {
        "executionListener", "taskListener", "connector", "inputOutput", "in", "out", "field", "formData", "script",
    };

    // The camunda: attributes each element type runs with; any other camunda: attribute is ignored and warned about.
    private static readonly Dictionary<string, string[]> ReadAttributes = new(StringComparer.Ordinal)
    {
        ["userTask"] = ["candidateGroups", "candidateUsers", "assignee", "formKey", "dueDate", "followUpDate", "priority"],
        ["serviceTask"] = ["type", "topic"],
        ["sendTask"] = ["type", "topic"],
        ["scriptTask"] = ["resultVariable"],
    };

    private readonly IExpressionEvaluator _expressions;
    private readonly HashSet<string> _calendars;
    private readonly IKnownGroups? _knownGroups;

    /// <param name="expressions">Checks expressions and scripts.</param>
    /// <param name="calendars">The calendars timers may name.</param>
    /// <param name="knownGroups">The roles candidate groups should name; without it, groups are not checked.</param>
    public BpmnReader(IExpressionEvaluator expressions, IEnumerable<IBusinessCalendar> calendars, IKnownGroups? knownGroups = null)
    {
        _expressions = expressions;
        _knownGroups = knownGroups;
        _calendars = calendars.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        _calendars.Add(CalendarNames.WallClock);
    }

    /// <summary>Reads and validates; never throws for bad input.</summary>
    public BpmnReadResult Read(string xml)
    {
        var context = new ReadContext(this);
        var model = context.Read(xml);
        return (context.Errors.Count == 0 ? new BpmnReadResult(model, []) : new BpmnReadResult(null, context.Errors)) with { Warnings = context.Warnings };
    }

    /// <summary>Reads and validates.</summary>
    /// <exception cref="DefinitionValidationException">The document breaks one or more rules.</exception>
    public ProcessModel Parse(string xml)
    {
        var result = Read(xml);
        return result.Model ?? throw new DefinitionValidationException(result.Errors);
    }

    internal static string Text(string key, params object?[] args) => LocalizedText.Format(Texts, key, args);

    private sealed class ReadContext(BpmnReader reader)
    {
        private readonly Dictionary<string, FlowNode> _nodes = new(StringComparer.Ordinal);
        private readonly Dictionary<string, SequenceFlow> _flows = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _elementTypes = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string?> _messages = new(StringComparer.Ordinal);
        private readonly List<(BoundaryTimerEvent Boundary, string AttachedToRef)> _boundaries = [];
        private readonly List<(Gateway Gateway, string FlowId)> _defaults = [];
        private readonly List<Lane> _lanes = [];

        // Elements refused for their type or attributes still stand in the graph, so that their neighbours get no
        // follow-on "no way out" or "never reached" errors: id -> (type, enclosing sub-process).
        private readonly Dictionary<string, (string Type, string? ScopeId)> _refused = new(StringComparer.Ordinal);
        private readonly HashSet<string> _leadsToRefused = new(StringComparer.Ordinal);
        private readonly HashSet<string> _reachedFromRefused = new(StringComparer.Ordinal);
        private string? _processKey;
        private string _calendar = CalendarNames.WallClock;
        private int _subProcessDepth;

        public List<ValidationError> Errors { get; } = [];

        public List<ValidationError> Warnings { get; } = [];

        public ProcessModel? Read(string xml)
        {
            if (!BpmnXml.TryLoad(xml, LoadOptions.SetLineInfo, out var document, out var refusal))
            {
                Errors.Add(refusal!);
                return null;
            }

            var root = document!.Root!;
            if (root.Name != BpmnNamespaces.Bpmn + "definitions")
            {
                Error(null, null, "NotBpmn", "NotBpmn", root.Name.LocalName, root.Name.NamespaceName);
                return null;
            }

            foreach (var message in root.Elements(BpmnNamespaces.Bpmn + "message"))
            {
                var id = (string?)message.Attribute("id");
                if (id is not null)
                {
                    _messages[id] = (string?)message.Attribute("name");
                }
            }

            var processes = root.Elements(BpmnNamespaces.Bpmn + "process").ToList();
            var executable = processes.Where(p => (bool?)Attr(p, "isExecutable") == true).ToList();
            if (executable.Count == 0 && processes.Count == 1)
            {
                Error(Id(processes[0]), "process", "NotExecutable", "NotExecutable", Id(processes[0]));
                return null;
            }

            if (executable.Count != 1)
            {
                Error(null, null, executable.Count == 0 ? "NoExecutableProcess" : "MultipleExecutableProcesses", executable.Count == 0 ? "NoExecutableProcess" : "MultipleExecutableProcesses", executable.Count, string.Join(", ", executable.Select(p => $"'{Id(p)}'")));
                return null;
            }

            var process = executable[0];
            var key = Id(process);
            if (string.IsNullOrWhiteSpace(key))
            {
                Error(null, "process", "MissingId", "MissingId", "process", Line(process));
                return null;
            }

            _processKey = key;
            WarnIgnored(process, "process", key);
            _calendar = ReadCalendar(process, key, "process") ?? CalendarNames.WallClock;
            ReadScope(process, scopeId: null);
            ReadLanes(process);
            Link();
            Validate();

            if (Errors.Count > 0)
            {
                return null;
            }

            return new ProcessModel(
                key,
                (string?)process.Attribute("name"),
                Documentation(process),
                _calendar,
                _nodes.Values,
                _flows.Values,
                _lanes);
        }

        private void ReadScope(XElement scope, string? scopeId)
        {
            foreach (var element in scope.Elements())
            {
                if (element.Name.Namespace != BpmnNamespaces.Bpmn)
                {
                    continue;
                }

                var type = element.Name.LocalName;
                if (IgnoredArtifacts.Contains(type) || OwnChildren.Contains(type))
                {
                    continue;
                }

                var id = Id(element);
                if (string.IsNullOrWhiteSpace(id))
                {
                    Error(null, type, "MissingId", "MissingId", type, Line(element));
                    continue;
                }

                if (!_elementTypes.TryAdd(id, type))
                {
                    Error(id, type, "DuplicateId", "DuplicateId", type, id);
                    continue;
                }

                if (type == "sequenceFlow")
                {
                    ReadFlow(element, id);
                    WarnIgnored(element, type, id);
                    continue;
                }

                var node = ReadNode(element, type, id, scopeId);
                if (node is null)
                {
                    _refused[id] = (type, scopeId);
                    continue;
                }

                WarnIgnored(element, type, id);
                node.ScopeId = scopeId;
                node.Documentation = Documentation(element);
                (node.InputParameters, node.OutputParameters) = IoMappings.Read(element, type, id, reader._expressions, Errors);
                _nodes[id] = node;
            }
        }

        private FlowNode? ReadNode(XElement element, string type, string id, string? scopeId)
        {
            var name = (string?)element.Attribute("name");
            if (element.Element(BpmnNamespaces.Bpmn + "multiInstanceLoopCharacteristics") is not null
                || element.Element(BpmnNamespaces.Bpmn + "standardLoopCharacteristics") is not null)
            {
                Error(id, type, "LoopNotSupported", "LoopNotSupported", type, id);
                return null;
            }

            if (!CheckExtensions(element, type, id))
            {
                return null;
            }

            switch (type)
            {
                case "startEvent":
                    return RefuseEventDefinitions(element, type, id) ? null : new StartEvent(id, name) { Form = FormReader.Read(element, type, id, Errors) };
                case "endEvent":
                    return ReadEndEvent(element, id, name);
                case "userTask":
                    return ReadUserTask(element, id, name);
                case "serviceTask":
                case "sendTask":
                    return ReadServiceTask(element, type, id, name);
                case "scriptTask":
                    return ReadScriptTask(element, id, name);
                case "receiveTask":
                    return ReadMessageWait(element, type, id, name, isReceiveTask: true, (string?)element.Attribute("messageRef"));
                case "exclusiveGateway":
                    return ReadGateway(element, id, name, FlowNodeKind.ExclusiveGateway, type);
                case "inclusiveGateway":
                    return ReadGateway(element, id, name, FlowNodeKind.InclusiveGateway, type);
                case "parallelGateway":
                    return ReadGateway(element, id, name, FlowNodeKind.ParallelGateway, type);
                case "boundaryEvent":
                    return ReadBoundaryEvent(element, id, name);
                case "intermediateCatchEvent":
                    return ReadIntermediateCatchEvent(element, id, name);
                case "subProcess":
                    return ReadSubProcess(element, id, name);
                case "task":
                case "manualTask":
                    return new PassThroughTask(id, name, isManual: type == "manualTask");
                default:
                    Error(id, type, "UnsupportedElement", "UnsupportedElement", type, id);
                    return null;
            }
        }

        private bool CheckExtensions(XElement element, string type, string id)
        {
            var ok = true;
            var extensions = element.Element(BpmnNamespaces.Bpmn + "extensionElements");
            if (extensions is not null)
            {
                foreach (var extension in extensions.Elements())
                {
                    if (extension.Name.Namespace == BpmnNamespaces.Camunda && BehaviourExtensions.Contains(extension.Name.LocalName)
                        && !(type is "userTask" or "startEvent" && extension.Name.LocalName == "formData")
                        && !(IoMappings.Runs(type) && extension.Name.LocalName == "inputOutput"))
                    {
                        Error(id, type, "UnsupportedExtension", "UnsupportedExtension", type, id, "camunda:" + extension.Name.LocalName);
                        ok = false;
                    }
                }
            }

            foreach (var attribute in new[] { "class", "expression", "delegateExpression" })
            {
                if (element.Attribute(BpmnNamespaces.Camunda + attribute) is not null)
                {
                    Error(id, type, "UnsupportedImplementation", "UnsupportedImplementation", type, id, "camunda:" + attribute);
                    ok = false;
                }
            }

            return ok;
        }

        private bool RefuseEventDefinitions(XElement element, string type, string id, params string[] allowed)
        {
            var refused = false;
            foreach (var definition in element.Elements().Where(e => e.Name.Namespace == BpmnNamespaces.Bpmn && e.Name.LocalName.EndsWith("EventDefinition", StringComparison.Ordinal)))
            {
                if (!allowed.Contains(definition.Name.LocalName))
                {
                    Error(id, type, "UnsupportedEventDefinition", "UnsupportedEventDefinition", type, id, definition.Name.LocalName);
                    refused = true;
                }
            }

            return refused;
        }

        private EndEvent? ReadEndEvent(XElement element, string id, string? name)
        {
            if (RefuseEventDefinitions(element, "endEvent", id, "terminateEventDefinition"))
            {
                return null;
            }

            return new EndEvent(id, name, element.Element(BpmnNamespaces.Bpmn + "terminateEventDefinition") is not null);
        }

        private UserTask ReadUserTask(XElement element, string id, string? name)
        {
            const string type = "userTask";
            var task = new UserTask(id, name)
            {
                CandidateGroups = ReadList(element, BpmnNamespaces.Camunda + "candidateGroups"),
                CandidateUsers = ReadList(element, BpmnNamespaces.Camunda + "candidateUsers"),
                Assignee = NullIfBlank((string?)element.Attribute(BpmnNamespaces.Camunda + "assignee")),
                FormKey = NullIfBlank((string?)element.Attribute(BpmnNamespaces.Camunda + "formKey")),
                DueDate = NullIfBlank((string?)element.Attribute(BpmnNamespaces.Camunda + "dueDate")),
                FollowUpDate = NullIfBlank((string?)element.Attribute(BpmnNamespaces.Camunda + "followUpDate")),
                Priority = NullIfBlank((string?)element.Attribute(BpmnNamespaces.Camunda + "priority")),
                Outcomes = ReadList(element, BpmnNamespaces.Sicantik + "outcomes"),
                Form = FormReader.Read(element, type, id, Errors),
            };

            foreach (var value in task.CandidateGroups.Concat(task.CandidateUsers).Append(task.Assignee))
            {
                CheckOptionalExpression(value, id, type);
            }

            CheckDateOrExpression(task.DueDate, id, type, "camunda:dueDate");
            CheckDateOrExpression(task.FollowUpDate, id, type, "camunda:followUpDate");
            if (task.Priority is not null && !IsExpression(task.Priority) && !int.TryParse(task.Priority, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            {
                Error(id, type, "InvalidPriority", "InvalidPriority", type, id, task.Priority);
            }
            else
            {
                CheckOptionalExpression(task.Priority, id, type);
            }

            if (task.Outcomes.Distinct(StringComparer.Ordinal).Count() != task.Outcomes.Count)
            {
                Error(id, type, "DuplicateOutcome", "DuplicateOutcome", type, id);
            }

            return task;
        }

        private ServiceTask ReadServiceTask(XElement element, string type, string id, string? name)
        {
            var implementationType = (string?)element.Attribute(BpmnNamespaces.Camunda + "type");
            var topic = NullIfBlank((string?)element.Attribute(BpmnNamespaces.Camunda + "topic"));
            if (implementationType is not null && implementationType != "external")
            {
                Error(id, type, "UnsupportedImplementation", "UnsupportedImplementation", type, id, $"camunda:type=\"{implementationType}\"");
            }
            else if (topic is null)
            {
                Error(id, type, "MissingTopic", "MissingTopic", type, id);
            }

            var task = new ServiceTask(id, name, type == "sendTask") { Topic = topic ?? string.Empty };
            var retryCycle = element.Element(BpmnNamespaces.Bpmn + "extensionElements")?.Element(BpmnNamespaces.Camunda + "failedJobRetryTimeCycle")?.Value;
            if (retryCycle is not null)
            {
                if (TimerSpec.TryParse(TimerKind.Cycle, retryCycle.Trim(), out var spec, out var error) && spec!.Repetitions is { } repetitions
                    && spec.Duration is { HasCalendarPart: false } interval)
                {
                    task.Retries = repetitions;
                    task.RetryInterval = interval.Time;
                }
                else
                {
                    Error(id, type, "InvalidRetryCycle", "InvalidRetryCycle", type, id, retryCycle, error ?? "R3/PT5M");
                }
            }

            return task;
        }

        private ScriptTask? ReadScriptTask(XElement element, string id, string? name)
        {
            const string type = "scriptTask";
            var format = ((string?)element.Attribute("scriptFormat"))?.Trim().ToUpperInvariant();
            if (format is not (null or "" or "JAVASCRIPT" or "JS" or "ECMASCRIPT"))
            {
                Error(id, type, "UnsupportedScriptFormat", "UnsupportedScriptFormat", type, id, (string?)element.Attribute("scriptFormat"));
                return null;
            }

            var script = element.Element(BpmnNamespaces.Bpmn + "script")?.Value;
            if (string.IsNullOrWhiteSpace(script))
            {
                Error(id, type, "MissingScript", "MissingScript", type, id);
                return null;
            }

            if (reader._expressions.ValidateScript(script) is { } reason)
            {
                Error(id, type, "InvalidScript", "InvalidScript", type, id, reason);
            }

            return new ScriptTask(id, name, script) { ResultVariable = NullIfBlank((string?)element.Attribute(BpmnNamespaces.Camunda + "resultVariable")) };
        }

        private MessageWait? ReadMessageWait(XElement element, string type, string id, string? name, bool isReceiveTask, string? messageRef)
        {
            if (messageRef is null || !_messages.TryGetValue(messageRef, out var messageName) || string.IsNullOrWhiteSpace(messageName))
            {
                Error(id, type, "MissingMessage", "MissingMessage", type, id, messageRef);
                return null;
            }

            return new MessageWait(id, name, isReceiveTask, messageName);
        }

        private Gateway ReadGateway(XElement element, string id, string? name, FlowNodeKind kind, string type)
        {
            var gateway = new Gateway(id, name, kind, type);
            var defaultFlow = NullIfBlank((string?)element.Attribute("default"));
            if (defaultFlow is not null)
            {
                if (kind == FlowNodeKind.ParallelGateway)
                {
                    Error(id, type, "DefaultOnParallel", "DefaultOnParallel", type, id);
                }
                else
                {
                    gateway.DefaultFlowId = defaultFlow;
                    _defaults.Add((gateway, defaultFlow));
                }
            }

            return gateway;
        }

        private BoundaryTimerEvent? ReadBoundaryEvent(XElement element, string id, string? name)
        {
            const string type = "boundaryEvent";
            if (RefuseEventDefinitions(element, type, id, "timerEventDefinition"))
            {
                return null;
            }

            var timer = ReadTimer(element, type, id);
            if (timer is null)
            {
                return null;
            }

            var attachedTo = (string?)element.Attribute("attachedToRef");
            var boundary = new BoundaryTimerEvent(id, name, timer, (bool?)element.Attribute("cancelActivity") ?? true)
            {
                EscalateTo = NullIfBlank((string?)element.Attribute(BpmnNamespaces.Sicantik + "escalateTo")),
            };
            _boundaries.Add((boundary, attachedTo ?? string.Empty));
            return boundary;
        }

        private FlowNode? ReadIntermediateCatchEvent(XElement element, string id, string? name)
        {
            const string type = "intermediateCatchEvent";
            if (RefuseEventDefinitions(element, type, id, "timerEventDefinition", "messageEventDefinition"))
            {
                return null;
            }

            var message = element.Element(BpmnNamespaces.Bpmn + "messageEventDefinition");
            if (message is not null)
            {
                return ReadMessageWait(element, type, id, name, isReceiveTask: false, (string?)message.Attribute("messageRef"));
            }

            var timer = ReadTimer(element, type, id);
            if (timer is not null)
            {
                return new IntermediateTimerEvent(id, name, timer);
            }

            if (element.Element(BpmnNamespaces.Bpmn + "timerEventDefinition") is null)
            {
                Error(id, type, "MissingEventDefinition", "MissingEventDefinition", type, id);
            }

            return null;
        }

        private SubProcess? ReadSubProcess(XElement element, string id, string? name)
        {
            const string type = "subProcess";
            if ((bool?)element.Attribute("triggeredByEvent") == true)
            {
                Error(id, type, "EventSubProcessNotSupported", "EventSubProcessNotSupported", type, id);
                return null;
            }

            if (_subProcessDepth >= MaxSubProcessNesting)
            {
                Error(id, type, "SubProcessTooDeep", "SubProcessTooDeep", id, MaxSubProcessNesting);
                return null;
            }

            _subProcessDepth++;
            ReadScope(element, id);
            _subProcessDepth--;
            return new SubProcess(id, name);
        }

        private TimerDefinition? ReadTimer(XElement element, string type, string id)
        {
            var definition = element.Element(BpmnNamespaces.Bpmn + "timerEventDefinition");
            if (definition is null)
            {
                Error(id, type, "MissingEventDefinition", "MissingEventDefinition", type, id);
                return null;
            }

            var values = new (TimerKind Kind, XElement? Element)[]
            {
                (TimerKind.Duration, definition.Element(BpmnNamespaces.Bpmn + "timeDuration")),
                (TimerKind.Date, definition.Element(BpmnNamespaces.Bpmn + "timeDate")),
                (TimerKind.Cycle, definition.Element(BpmnNamespaces.Bpmn + "timeCycle")),
            }.Where(v => v.Element is not null).ToList();

            if (values.Count != 1)
            {
                Error(id, type, "TimerNeedsOneValue", "TimerNeedsOneValue", type, id);
                return null;
            }

            var (kind, valueElement) = values[0];
            var text = valueElement!.Value.Trim();
            var calendar = ReadCalendar(element, id, type) ?? _calendar;
            if (IsExpression(text))
            {
                return CheckOptionalExpression(text, id, type) ? new TimerDefinition(kind, text, null, calendar) : null;
            }

            if (!TimerSpec.TryParse(kind, text, out var spec, out var error))
            {
                Error(id, type, "InvalidTimer", "InvalidTimer", type, id, text, error);
                return null;
            }

            return new TimerDefinition(kind, text, spec, calendar);
        }

        private string? ReadCalendar(XElement element, string id, string type)
        {
            var calendar = NullIfBlank((string?)element.Attribute(BpmnNamespaces.Sicantik + "calendar"));
            if (calendar is not null && !reader._calendars.Contains(calendar))
            {
                Error(id, type, "UnknownCalendar", "UnknownCalendar", type, id, calendar, string.Join(", ", reader._calendars.Order(StringComparer.Ordinal)));
                return null;
            }

            return calendar;
        }

        private void ReadFlow(XElement element, string id)
        {
            var condition = element.Element(BpmnNamespaces.Bpmn + "conditionExpression");
            string? conditionText = null;
            if (condition is not null)
            {
                var language = NullIfBlank((string?)condition.Attribute("language"));
                conditionText = NullIfBlank(condition.Value.Trim());
                if (language is not null && !language.Equals("juel", StringComparison.OrdinalIgnoreCase))
                {
                    Error(id, "sequenceFlow", "UnsupportedConditionLanguage", "UnsupportedConditionLanguage", "sequenceFlow", id, language);
                }
                else if (conditionText is null)
                {
                    Error(id, "sequenceFlow", "EmptyCondition", "EmptyCondition", "sequenceFlow", id);
                }
                else if (reader._expressions.Validate(conditionText) is { } reason)
                {
                    Error(id, "sequenceFlow", "InvalidExpression", "InvalidExpression", "sequenceFlow", id, Excerpt(conditionText), reason);
                }
            }

            _flows[id] = new SequenceFlow(
                id,
                (string?)element.Attribute("name"),
                (string?)element.Attribute("sourceRef") ?? string.Empty,
                (string?)element.Attribute("targetRef") ?? string.Empty,
                conditionText);
        }

        private void ReadLanes(XElement process)
        {
            var assigned = new Dictionary<string, Lane>(StringComparer.Ordinal);
            foreach (var laneSet in process.Elements(BpmnNamespaces.Bpmn + "laneSet"))
            {
                ReadLaneSet(laneSet, assigned);
            }

            foreach (var (nodeId, lane) in assigned)
            {
                if (_nodes.TryGetValue(nodeId, out var node))
                {
                    node.Lane = lane;
                }
                else if (!_elementTypes.ContainsKey(nodeId))
                {
                    Error(lane.Id, "lane", "UnknownLaneNode", "UnknownLaneNode", "lane", lane.Id, nodeId);
                }
            }

            // Nodes inside a sub-process work in the sub-process's lane unless a lane names them.
            foreach (var node in _nodes.Values.Where(n => n.Lane is null))
            {
                var scopeId = node.ScopeId;
                while (node.Lane is null && scopeId is not null && _nodes.TryGetValue(scopeId, out var scope))
                {
                    node.Lane = scope.Lane;
                    scopeId = scope.ScopeId;
                }
            }
        }

        private void ReadLaneSet(XElement laneSet, Dictionary<string, Lane> assigned)
        {
            foreach (var element in laneSet.Elements(BpmnNamespaces.Bpmn + "lane"))
            {
                var id = Id(element) ?? string.Empty;
                var lane = new Lane(id, (string?)element.Attribute("name"), ReadList(element, BpmnNamespaces.Sicantik + "candidateGroups"));
                _lanes.Add(lane);
                WarnUnknownGroups(lane.CandidateGroups, id, "lane");
                foreach (var reference in element.Elements(BpmnNamespaces.Bpmn + "flowNodeRef"))
                {
                    var nodeId = reference.Value.Trim();
                    if (assigned.TryGetValue(nodeId, out var other) && other.Id != id)
                    {
                        Error(nodeId, null, "NodeInTwoLanes", "NodeInTwoLanes", nodeId, other.Id, id);
                    }

                    assigned[nodeId] = lane;
                }

                // Nested lanes are more specific than their parent: read them after, so they win.
                foreach (var child in element.Elements(BpmnNamespaces.Bpmn + "childLaneSet"))
                {
                    foreach (var reference in child.Descendants(BpmnNamespaces.Bpmn + "flowNodeRef"))
                    {
                        assigned.Remove(reference.Value.Trim());
                    }

                    ReadLaneSet(child, assigned);
                }
            }
        }

        private void Link()
        {
            var incoming = _nodes.Keys.ToDictionary(k => k, _ => new List<SequenceFlow>(), StringComparer.Ordinal);
            var outgoing = _nodes.Keys.ToDictionary(k => k, _ => new List<SequenceFlow>(), StringComparer.Ordinal);
            foreach (var flow in _flows.Values)
            {
                var sourceKnown = _nodes.TryGetValue(flow.SourceId, out var source);
                var targetKnown = _nodes.TryGetValue(flow.TargetId, out var target);
                if (!sourceKnown && !_elementTypes.ContainsKey(flow.SourceId))
                {
                    Error(flow.Id, "sequenceFlow", "MissingSource", "MissingSource", flow.Id, flow.SourceId);
                }

                if (!targetKnown && !_elementTypes.ContainsKey(flow.TargetId))
                {
                    Error(flow.Id, "sequenceFlow", "MissingTarget", "MissingTarget", flow.Id, flow.TargetId);
                }

                if (source is null || target is null)
                {
                    if (source is not null && _refused.ContainsKey(flow.TargetId))
                    {
                        _leadsToRefused.Add(source.Id);
                    }

                    if (target is not null && _refused.ContainsKey(flow.SourceId))
                    {
                        _reachedFromRefused.Add(target.Id);
                    }

                    continue;
                }

                flow.Source = source;
                flow.Target = target;
                if (source.ScopeId != target.ScopeId)
                {
                    Error(flow.Id, "sequenceFlow", "CrossScopeFlow", "CrossScopeFlow", flow.Id, source.Id, target.Id);
                    continue;
                }

                outgoing[source.Id].Add(flow);
                incoming[target.Id].Add(flow);
            }

            foreach (var node in _nodes.Values)
            {
                node.Incoming = incoming[node.Id];
                node.Outgoing = outgoing[node.Id];
            }

            foreach (var (boundary, attachedToRef) in _boundaries)
            {
                if (!_nodes.TryGetValue(attachedToRef, out var activity))
                {
                    if (_refused.ContainsKey(attachedToRef))
                    {
                        continue;
                    }

                    Error(boundary.Id, "boundaryEvent", "MissingAttachedTo", "MissingAttachedTo", boundary.Id, attachedToRef);
                    continue;
                }

                if (activity.Kind is not (FlowNodeKind.UserTask or FlowNodeKind.ServiceTask or FlowNodeKind.SendTask
                    or FlowNodeKind.ScriptTask or FlowNodeKind.ReceiveTask or FlowNodeKind.SubProcess))
                {
                    Error(boundary.Id, "boundaryEvent", "BoundaryOnNonActivity", "BoundaryOnNonActivity", boundary.Id, activity.ElementType, activity.Id);
                    continue;
                }

                if (activity.ScopeId != boundary.ScopeId)
                {
                    Error(boundary.Id, "boundaryEvent", "BoundaryOtherScope", "BoundaryOtherScope", boundary.Id, activity.Id);
                    continue;
                }

                boundary.AttachedTo = activity;
                activity.BoundaryEvents = [.. activity.BoundaryEvents, boundary];
            }

            foreach (var subProcess in _nodes.Values.OfType<SubProcess>())
            {
                var starts = _nodes.Values.OfType<StartEvent>().Where(s => s.ScopeId == subProcess.Id).ToList();
                if (starts.Count == 1)
                {
                    subProcess.StartEvent = starts[0];
                }
            }
        }

        private void Validate()
        {
            var scopes = _nodes.Values.OfType<SubProcess>().Select(s => (string?)s.Id).Append(null);
            foreach (var scopeId in scopes)
            {
                var starts = _nodes.Values.OfType<StartEvent>().Count(s => s.ScopeId == scopeId)
                    + _refused.Values.Count(r => r.Type == "startEvent" && r.ScopeId == scopeId);
                var (elementId, type) = scopeId is null ? (_processKey, "process") : (scopeId, "subProcess");
                if (starts == 0)
                {
                    Error(elementId, type, "NoStartEvent", scopeId is null ? "NoStartEventProcess" : "NoStartEvent", elementId);
                }
                else if (starts > 1)
                {
                    Error(elementId, type, "MultipleStartEvents", scopeId is null ? "MultipleStartEventsProcess" : "MultipleStartEvents", elementId);
                }
            }

            foreach (var node in _nodes.Values)
            {
                ValidateNode(node);
            }

            foreach (var (gateway, flowId) in _defaults)
            {
                var flow = gateway.Outgoing.FirstOrDefault(f => f.Id == flowId);
                if (flow is null && _flows.TryGetValue(flowId, out var toRefused) && _refused.ContainsKey(toRefused.TargetId))
                {
                    continue;
                }

                if (flow is null)
                {
                    Error(gateway.Id, gateway.ElementType, "InvalidDefaultFlow", "InvalidDefaultFlow", gateway.ElementType, gateway.Id, flowId);
                }
                else if (flow.Condition is not null)
                {
                    Error(flow.Id, "sequenceFlow", "DefaultFlowHasCondition", "DefaultFlowHasCondition", flow.Id, gateway.Id);
                }
            }
        }

        private void ValidateNode(FlowNode node)
        {
            var type = node.ElementType;
            switch (node)
            {
                case StartEvent when node.Incoming.Count > 0:
                    Error(node.Id, type, "StartHasIncoming", "StartHasIncoming", type, node.Id);
                    break;
                case EndEvent when node.Outgoing.Count > 0:
                    Error(node.Id, type, "EndHasOutgoing", "EndHasOutgoing", type, node.Id);
                    break;
                case BoundaryTimerEvent when node.Incoming.Count > 0:
                    Error(node.Id, type, "BoundaryHasIncoming", "BoundaryHasIncoming", type, node.Id);
                    break;
            }

            if (node is not EndEvent && node.Outgoing.Count == 0 && !_leadsToRefused.Contains(node.Id))
            {
                Error(node.Id, type, "NoOutgoingFlow", node is Gateway ? "GatewayNoOutgoing" : "NoOutgoingFlow", type, node.Id, node.DisplayName);
            }

            if (node is not (StartEvent or BoundaryTimerEvent) && node.Incoming.Count == 0 && !_reachedFromRefused.Contains(node.Id))
            {
                Error(node.Id, type, "NoIncomingFlow", "NoIncomingFlow", type, node.Id, node.DisplayName);
            }

            if (node is UserTask userTask && userTask.EffectiveCandidateGroups.Count == 0 && userTask.CandidateUsers.Count == 0 && userTask.Assignee is null)
            {
                Error(node.Id, type, "NoCandidate", "NoCandidate", type, node.Id, node.DisplayName);
            }

            if (node is UserTask withGroups)
            {
                WarnUnknownGroups(withGroups.CandidateGroups, node.Id, type);
            }

            var conditional = node is Gateway { Kind: FlowNodeKind.ExclusiveGateway or FlowNodeKind.InclusiveGateway };
            foreach (var flow in node.Outgoing)
            {
                if (flow.Condition is not null && !conditional)
                {
                    Error(flow.Id, "sequenceFlow", "ConditionNotAllowed", "ConditionNotAllowed", flow.Id, type, node.Id);
                }
                else if (conditional && node.Outgoing.Count > 1 && flow.Condition is null && flow.Id != ((Gateway)node).DefaultFlowId)
                {
                    Error(flow.Id, "sequenceFlow", "MissingCondition", "MissingCondition", flow.Id, type, node.Id);
                }
            }
        }

        private bool CheckOptionalExpression(string? value, string id, string type)
        {
            if (value is null || !IsExpression(value))
            {
                return true;
            }

            if (reader._expressions.Validate(value) is { } reason)
            {
                Error(id, type, "InvalidExpression", "InvalidExpression", type, id, Excerpt(value), reason);
                return false;
            }

            return true;
        }

        private void CheckDateOrExpression(string? value, string id, string type, string attribute)
        {
            if (value is null)
            {
                return;
            }

            if (IsExpression(value))
            {
                CheckOptionalExpression(value, id, type);
            }
            else if (!TimerSpec.TryParse(TimerKind.Duration, value, out _, out _) && !TimerSpec.TryParse(TimerKind.Date, value, out _, out _))
            {
                Error(id, type, "InvalidDate", "InvalidDate", type, id, attribute, Excerpt(value));
            }
        }

        private void Error(string? elementId, string? elementType, string rule, string messageKey, params object?[] args) =>
            Errors.Add(new ValidationError(elementId, elementType, rule, Text(messageKey, args)));

        private void Warn(string? elementId, string? elementType, string rule, params object?[] args) =>
            Warnings.Add(new ValidationError(elementId, elementType, rule, Text(rule, args), ValidationSeverity.Warning));

        // Camunda attributes and extension elements the engine does not run are accepted, but never silently.
        private void WarnIgnored(XElement element, string type, string id)
        {
            var read = ReadAttributes.GetValueOrDefault(type, []);
            foreach (var attribute in element.Attributes().Where(a => a.Name.Namespace == BpmnNamespaces.Camunda))
            {
                if (!read.Contains(attribute.Name.LocalName))
                {
                    Warn(id, type, "IgnoredAttribute", type, id, "camunda:" + attribute.Name.LocalName);
                }
            }

            var extensions = element.Element(BpmnNamespaces.Bpmn + "extensionElements")?.Elements().Where(e => e.Name.Namespace == BpmnNamespaces.Camunda) ?? [];
            foreach (var extension in extensions)
            {
                var name = extension.Name.LocalName;
                var isRead = (name == "formData" && type is "userTask" or "startEvent")
                    || (name == "inputOutput" && IoMappings.Runs(type))
                    || (name == "failedJobRetryTimeCycle" && type is "serviceTask" or "sendTask");
                if (!isRead && (type is "process" or "sequenceFlow" || !BehaviourExtensions.Contains(name)))
                {
                    Warn(id, type, "IgnoredExtension", type, id, "camunda:" + name);
                }
            }
        }

        private void WarnUnknownGroups(IEnumerable<string> groups, string id, string type)
        {
            if (reader._knownGroups is null)
            {
                return;
            }

            foreach (var group in groups.Where(g => !IsExpression(g) && !reader._knownGroups.IsKnown(g)))
            {
                Warn(id, type, "UnknownCandidateGroup", type, id, group);
            }
        }

        private static int Line(XElement element) => ((System.Xml.IXmlLineInfo)element).LineNumber;

        private static string? Id(XElement element) => (string?)element.Attribute("id");

        // A refused text is quoted so that the author finds it, not repeated whole (it may be many kilobytes).
        private static string Excerpt(string text)
        {
            const int MaxLength = 80;
            return text.Length <= MaxLength ? text : string.Concat(text.AsSpan(0, MaxLength), "…");
        }

        private static XAttribute? Attr(XElement element, string name) => element.Attribute(name);

        private static string? Documentation(XElement element) =>
            NullIfBlank(element.Element(BpmnNamespaces.Bpmn + "documentation")?.Value.Trim());

        private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

        private static string[] ReadList(XElement element, XName attribute)
        {
            var value = (string?)element.Attribute(attribute);
            if (string.IsNullOrWhiteSpace(value))
            {
                return [];
            }

            // An expression may itself contain commas; keep it whole.
            return IsExpression(value.Trim())
                ? [value.Trim()]
                : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
    }

    internal static bool IsExpression(string value) =>
        (value.StartsWith("${", StringComparison.Ordinal) || value.StartsWith("#{", StringComparison.Ordinal))
        && value.EndsWith('}');
}
