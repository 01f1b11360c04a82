namespace Sicantik.Workflows.History;

/// <summary>What happened.</summary>
public enum HistoryEventType
{
    InstanceStarted,
    TaskCreated,
    TaskClaimed,
    TaskUnclaimed,
    TaskDelegated,
    TaskResolved,
    TaskCompleted,
    TaskCancelled,
    CommentAdded,
    ServiceTaskCompleted,
    ServiceTaskFailed,
    ScriptExecuted,
    GatewayTaken,
    TimerFired,
    Escalated,
    MessageCorrelated,
    VariablesChanged,
    IncidentCreated,
    IncidentResolved,
    EndEventReached,
    InstanceCompleted,
    InstanceTerminated,
    InstanceFaulted,
    InstanceMigrated,

    /// <summary>A plain or manual task was passed through without waiting.</summary>
    ActivityPassed,

    /// <summary>A token entered an embedded sub-process at its start event.</summary>
    SubProcessStarted,

    /// <summary>An embedded sub-process had no token left inside and was left by its outgoing flows.</summary>
    SubProcessCompleted,

    /// <summary>An embedded sub-process was ended from outside: an interrupting boundary event, a terminate end, a termination.</summary>
    SubProcessCancelled,
}

/// <summary>One entry of an instance's append-only history.</summary>
public sealed record HistoryEvent
{
    /// <summary>Order within the store, assigned on append.</summary>
    public long Sequence { get; set; }

    public Guid InstanceId { get; init; }

    public DateTimeOffset At { get; init; }

    public HistoryEventType Type { get; init; }

    public string? ElementId { get; init; }

    public string? ElementName { get; init; }

    public Guid? TaskId { get; init; }

    /// <summary>Who acted, when a person did.</summary>
    public string? UserId { get; init; }

    /// <summary>A task's outcome.</summary>
    public string? Outcome { get; init; }

    /// <summary>The sequence flow a gateway took.</summary>
    public string? FlowId { get; init; }

    /// <summary>The escalation target, an incident's message, a comment, a reason.</summary>
    public string? Detail { get; init; }

    public override string ToString() =>
        $"{Type} {ElementId}{(Outcome is null ? string.Empty : " -> " + Outcome)}{(FlowId is null ? string.Empty : " via " + FlowId)}{(Detail is null ? string.Empty : " (" + Detail + ")")}";
}
