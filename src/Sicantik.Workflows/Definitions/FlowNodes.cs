using Sicantik.Workflows.Forms;
using Sicantik.Workflows.Timers;

namespace Sicantik.Workflows.Definitions;

/// <summary>The kinds of flow node the engine runs.</summary>
public enum FlowNodeKind
{
    StartEvent,
    EndEvent,
    UserTask,
    ServiceTask,
    SendTask,
    ScriptTask,
    ReceiveTask,
    ExclusiveGateway,
    ParallelGateway,
    InclusiveGateway,
    BoundaryTimerEvent,
    IntermediateTimerEvent,
    IntermediateMessageEvent,
    SubProcess,
    Task,
    ManualTask,
}

/// <summary>A node of the process graph.</summary>
public abstract class FlowNode
{
    private protected FlowNode(string id, string? name, FlowNodeKind kind, string elementType)
    {
        Id = id;
        Name = name;
        Kind = kind;
        ElementType = elementType;
    }

    public string Id { get; }

    public string? Name { get; }

    /// <summary>What the node is.</summary>
    public FlowNodeKind Kind { get; }

    /// <summary>The BPMN element's local name (<c>userTask</c>, <c>exclusiveGateway</c>...).</summary>
    public string ElementType { get; }

    /// <summary>The enclosing sub-process's id, or <c>null</c> at the process level.</summary>
    public string? ScopeId { get; internal set; }

    /// <summary>The lane the node sits in, if any.</summary>
    public Lane? Lane { get; internal set; }

    public string? Documentation { get; internal set; }

    public IReadOnlyList<SequenceFlow> Incoming { get; internal set; } = [];

    public IReadOnlyList<SequenceFlow> Outgoing { get; internal set; } = [];

    /// <summary>Timer boundary events attached to this node (activities only).</summary>
    public IReadOnlyList<BoundaryTimerEvent> BoundaryEvents { get; internal set; } = [];

    /// <summary><c>camunda:inputParameter</c>s, set when a task starts (user, service, send and script tasks).</summary>
    public IReadOnlyList<IoParameter> InputParameters { get; internal set; } = [];

    /// <summary><c>camunda:outputParameter</c>s, set when a task completes normally.</summary>
    public IReadOnlyList<IoParameter> OutputParameters { get; internal set; } = [];

    /// <summary>A label for messages: the name if there is one, else the id.</summary>
    public string DisplayName => string.IsNullOrWhiteSpace(Name) ? Id : Name;

    public override string ToString() => $"{ElementType} '{Id}'";
}

public sealed class StartEvent(string id, string? name) : FlowNode(id, name, FlowNodeKind.StartEvent, "startEvent")
{
    /// <summary>The start form (<c>camunda:formData</c>) that the starting variables are checked against, if any.</summary>
    public TaskForm? Form { get; internal set; }
}

public sealed class EndEvent(string id, string? name, bool terminate) : FlowNode(id, name, FlowNodeKind.EndEvent, "endEvent")
{
    /// <summary>A terminate end event ends every other token of its scope.</summary>
    public bool Terminate { get; } = terminate;
}

/// <summary>A human task.</summary>
public sealed class UserTask(string id, string? name) : FlowNode(id, name, FlowNodeKind.UserTask, "userTask")
{
    /// <summary>Candidate groups (roles); literal names or one <c>${...}</c> expression each.</summary>
    public IReadOnlyList<string> CandidateGroups { get; internal set; } = [];

    public IReadOnlyList<string> CandidateUsers { get; internal set; } = [];

    /// <summary>The assignee, literal or <c>${...}</c>.</summary>
    public string? Assignee { get; internal set; }

    public string? FormKey { get; internal set; }

    /// <summary>The generated form (<c>camunda:formData</c>) whose values the completion sets, if any.</summary>
    public TaskForm? Form { get; internal set; }

    /// <summary><c>camunda:dueDate</c>: an ISO 8601 date-time, a duration from creation, or an expression.</summary>
    public string? DueDate { get; internal set; }

    /// <summary><c>camunda:followUpDate</c>, read like <see cref="DueDate"/>.</summary>
    public string? FollowUpDate { get; internal set; }

    /// <summary><c>camunda:priority</c>: an integer or an expression.</summary>
    public string? Priority { get; internal set; }

    /// <summary>The outcomes the task accepts (<c>sicantik:outcomes</c>); empty when it decides nothing.</summary>
    public IReadOnlyList<string> Outcomes { get; internal set; } = [];

    /// <summary>The groups the task goes to: its own, else its lane's.</summary>
    public IReadOnlyList<string> EffectiveCandidateGroups =>
        CandidateGroups.Count > 0 || CandidateUsers.Count > 0 || Assignee is not null
            ? CandidateGroups
            : Lane?.CandidateGroups ?? [];
}

/// <summary>A service or send task, dispatched by topic to a registered handler.</summary>
public sealed class ServiceTask(string id, string? name, bool isSendTask)
    : FlowNode(id, name, isSendTask ? FlowNodeKind.SendTask : FlowNodeKind.ServiceTask, isSendTask ? "sendTask" : "serviceTask")
{
    public string Topic { get; internal set; } = string.Empty;

    /// <summary>How many times a failing handler is tried in all (<c>camunda:failedJobRetryTimeCycle</c> R-count, or the engine default).</summary>
    public int? Retries { get; internal set; }

    /// <summary>The wait between attempts from <c>camunda:failedJobRetryTimeCycle</c>, if it gives one.</summary>
    public TimeSpan? RetryInterval { get; internal set; }
}

/// <summary>A plain <c>task</c> or a <c>manualTask</c>: the engine records it and goes on at once.</summary>
public sealed class PassThroughTask(string id, string? name, bool isManual)
    : FlowNode(id, name, isManual ? FlowNodeKind.ManualTask : FlowNodeKind.Task, isManual ? "manualTask" : "task");

/// <summary>A script task running sandboxed JavaScript.</summary>
public sealed class ScriptTask(string id, string? name, string script) : FlowNode(id, name, FlowNodeKind.ScriptTask, "scriptTask")
{
    public string Script { get; } = script;

    /// <summary>Where the script's value is stored (<c>camunda:resultVariable</c>), if anywhere.</summary>
    public string? ResultVariable { get; internal set; }
}

/// <summary>A receive task or message intermediate catch event: waits for a message correlated by name.</summary>
public sealed class MessageWait(string id, string? name, bool isReceiveTask, string messageName)
    : FlowNode(
        id,
        name,
        isReceiveTask ? FlowNodeKind.ReceiveTask : FlowNodeKind.IntermediateMessageEvent,
        isReceiveTask ? "receiveTask" : "intermediateCatchEvent")
{
    public string MessageName { get; } = messageName;
}

public sealed class Gateway(string id, string? name, FlowNodeKind kind, string elementType) : FlowNode(id, name, kind, elementType)
{
    /// <summary>The default flow's id (exclusive and inclusive gateways).</summary>
    public string? DefaultFlowId { get; internal set; }

    /// <summary>Whether the gateway joins (more than one incoming flow).</summary>
    public bool IsJoin => Incoming.Count > 1;
}

/// <summary>An embedded sub-process.</summary>
public sealed class SubProcess(string id, string? name) : FlowNode(id, name, FlowNodeKind.SubProcess, "subProcess")
{
    public StartEvent StartEvent { get; internal set; } = null!;
}

/// <summary>A timer: when it fires, read from the definition.</summary>
/// <param name="Kind">timeDuration, timeDate or timeCycle.</param>
/// <param name="Text">The definition's text: an ISO 8601 value or a <c>${...}</c> expression.</param>
/// <param name="Spec">The parsed value; <c>null</c> when <paramref name="Text"/> is an expression.</param>
/// <param name="Calendar">The calendar durations count in.</param>
public sealed record TimerDefinition(TimerKind Kind, string Text, TimerSpec? Spec, string Calendar);

/// <summary>A timer intermediate catch event.</summary>
public sealed class IntermediateTimerEvent(string id, string? name, TimerDefinition timer)
    : FlowNode(id, name, FlowNodeKind.IntermediateTimerEvent, "intermediateCatchEvent")
{
    public TimerDefinition Timer { get; } = timer;
}

/// <summary>A timer boundary event on an activity; a baku mutu when it names an escalation target.</summary>
public sealed class BoundaryTimerEvent(string id, string? name, TimerDefinition timer, bool cancelActivity)
    : FlowNode(id, name, FlowNodeKind.BoundaryTimerEvent, "boundaryEvent")
{
    public TimerDefinition Timer { get; } = timer;

    /// <summary>Interrupting (<c>true</c>) or not.</summary>
    public bool CancelActivity { get; } = cancelActivity;

    /// <summary>The role notified when the timer fires while the activity is open (<c>sicantik:escalateTo</c>).</summary>
    public string? EscalateTo { get; internal set; }

    public FlowNode AttachedTo { get; internal set; } = null!;
}
