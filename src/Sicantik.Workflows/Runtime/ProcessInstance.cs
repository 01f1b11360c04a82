using Sicantik.Workflows.History;
using Sicantik.Workflows.Tasks;

namespace Sicantik.Workflows.Runtime;

/// <summary>Where an instance stands.</summary>
public enum InstanceState
{
    /// <summary>Tokens are waiting or moving.</summary>
    Running,

    /// <summary>Every token reached an end event.</summary>
    Completed,

    /// <summary>An operator ended it.</summary>
    Terminated,

    /// <summary>A token is stuck on an incident until an operator retries it.</summary>
    Faulted,
}

/// <summary>
/// One run of a process definition: its tokens, variables, human tasks, timers, message subscriptions and incidents.
/// Stores load and save it whole, with optimistic concurrency on <see cref="Revision"/>.
/// </summary>
public sealed class ProcessInstance
{
    public Guid Id { get; set; }

    public string DefinitionKey { get; set; } = string.Empty;

    public int DefinitionVersion { get; set; }

    /// <summary>The application's own key (the permit application's id).</summary>
    public string? BusinessKey { get; set; }

    public InstanceState State { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public string? StartedBy { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>The end event that completed the instance, or the reason it was terminated.</summary>
    public string? EndedWith { get; set; }

    public Dictionary<string, object?> Variables { get; set; } = new(StringComparer.Ordinal);

    public List<Token> Tokens { get; set; } = [];

    public List<HumanTask> Tasks { get; set; } = [];

    public List<InstanceTimer> Timers { get; set; } = [];

    public List<MessageSubscription> Subscriptions { get; set; } = [];

    public List<Incident> Incidents { get; set; } = [];

    /// <summary>Incremented by the store on every save; a stale save is refused.</summary>
    public int Revision { get; set; }

    /// <summary>History written by the current command, appended by the store on save.</summary>
    public List<HistoryEvent> PendingHistory { get; } = [];

    /// <summary>Side effects written by the current command, inserted by the store on save and delivered after commit.</summary>
    public List<Outbox.OutboxMessage> PendingOutbox { get; } = [];

    public bool IsEnded => State is InstanceState.Completed or InstanceState.Terminated;

    /// <summary>A deep copy, so that a command works on its own state until it saves.</summary>
    public ProcessInstance Clone() => new()
    {
        Id = Id,
        DefinitionKey = DefinitionKey,
        DefinitionVersion = DefinitionVersion,
        BusinessKey = BusinessKey,
        State = State,
        StartedAt = StartedAt,
        StartedBy = StartedBy,
        EndedAt = EndedAt,
        EndedWith = EndedWith,
        Variables = new Dictionary<string, object?>(Variables, StringComparer.Ordinal),
        Tokens = Tokens.ConvertAll(t => t.Clone()),
        Tasks = Tasks.ConvertAll(t => t.Clone()),
        Timers = Timers.ConvertAll(t => t.Clone()),
        Subscriptions = Subscriptions.ConvertAll(s => s.Clone()),
        Incidents = Incidents.ConvertAll(i => i.Clone()),
        Revision = Revision,
    };
}

/// <summary>What a token is doing.</summary>
public enum TokenState
{
    /// <summary>It has arrived at its element and is about to run it.</summary>
    Ready,

    /// <summary>It waits at its element (see <see cref="WaitKind"/>).</summary>
    Waiting,

    /// <summary>Running its element failed; an incident holds it.</summary>
    Failed,
}

/// <summary>What a waiting token waits for.</summary>
public enum WaitKind
{
    None,
    UserTask,
    Timer,
    Message,
    SubProcess,
    Join,
    Retry,
}

/// <summary>A position in the process graph.</summary>
public sealed class Token
{
    public Guid Id { get; set; }

    public string ElementId { get; set; } = string.Empty;

    public TokenState State { get; set; }

    public WaitKind Wait { get; set; }

    /// <summary>The token waiting at the enclosing sub-process, or <c>null</c> at the process level.</summary>
    public Guid? ParentTokenId { get; set; }

    /// <summary>The sequence flow it arrived by (joins count arrivals per flow).</summary>
    public string? ArrivedVia { get; set; }

    public DateTimeOffset ArrivedAt { get; set; }

    /// <summary>The human task it waits on.</summary>
    public Guid? TaskId { get; set; }

    /// <summary>Failed attempts at its current service task.</summary>
    public int Attempts { get; set; }

    /// <summary>Set on the path a baku mutu timer started: the role to escalate to.</summary>
    public string? EscalateTo { get; set; }

    /// <summary>Set on the path a baku mutu timer started: the late task.</summary>
    public Guid? EscalatedTaskId { get; set; }

    public Token Clone() => (Token)MemberwiseClone();
}

/// <summary>Why a timer exists.</summary>
public enum TimerPurpose
{
    /// <summary>A timer boundary event on the token's activity.</summary>
    Boundary,

    /// <summary>A timer intermediate catch event the token waits at.</summary>
    Intermediate,

    /// <summary>The next attempt of a failed service task.</summary>
    Retry,
}

/// <summary>A timer: a row with a due time. A scheduler only triggers it; the row is the truth.</summary>
public sealed class InstanceTimer
{
    public Guid Id { get; set; }

    public Guid InstanceId { get; set; }

    /// <summary>The token that waits (at the activity the boundary event is attached to, for boundary timers).</summary>
    public Guid TokenId { get; set; }

    /// <summary>The timer event's id, or the service task's id for a retry.</summary>
    public string ElementId { get; set; } = string.Empty;

    public TimerPurpose Purpose { get; set; }

    public DateTimeOffset DueAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>How often a cycle timer has fired so far.</summary>
    public int TimesFired { get; set; }

    public InstanceTimer Clone() => (InstanceTimer)MemberwiseClone();
}

/// <summary>A token waiting for a message, correlated by name and business key.</summary>
public sealed class MessageSubscription
{
    public Guid Id { get; set; }

    public Guid InstanceId { get; set; }

    public Guid TokenId { get; set; }

    public string ElementId { get; set; } = string.Empty;

    public string MessageName { get; set; } = string.Empty;

    public string? BusinessKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public MessageSubscription Clone() => (MessageSubscription)MemberwiseClone();
}

/// <summary>What kind of failure holds a token.</summary>
public enum IncidentKind
{
    /// <summary>A service task handler kept failing.</summary>
    HandlerFailed,

    /// <summary>No handler is registered for a service task's topic.</summary>
    NoHandler,

    /// <summary>An expression or script failed.</summary>
    ExpressionFailed,

    /// <summary>No outgoing flow of a gateway matched.</summary>
    NoFlowMatched,

    /// <summary>The instance moved too many steps without waiting (an endless loop).</summary>
    StepLimitExceeded,
}

/// <summary>A failure kept for an operator, who fixes the cause and retries.</summary>
public sealed class Incident
{
    public Guid Id { get; set; }

    public Guid InstanceId { get; set; }

    public Guid TokenId { get; set; }

    public string ElementId { get; set; } = string.Empty;

    public IncidentKind Kind { get; set; }

    /// <summary>What went wrong, readable by an operator.</summary>
    public string Message { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    public string? ResolvedBy { get; set; }

    public bool IsOpen => ResolvedAt is null;

    public Incident Clone() => (Incident)MemberwiseClone();
}
