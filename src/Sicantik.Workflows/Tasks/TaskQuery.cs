namespace Sicantik.Workflows.Tasks;

/// <summary>A filter over human tasks; unset members match everything. Results come ordered by due date, then creation.</summary>
public sealed record TaskQuery
{
    /// <summary>Camunda's inbox: tasks assigned to this user, plus unassigned ones where they are a candidate.</summary>
    public WorkflowUser? Inbox { get; init; }

    /// <summary>Only unassigned tasks where this user is a candidate ("available for my roles").</summary>
    public WorkflowUser? AvailableTo { get; init; }

    public string? Assignee { get; init; }

    public string? CandidateGroup { get; init; }

    /// <summary>Tasks escalated to one of these roles.</summary>
    public IReadOnlyCollection<string>? EscalatedToAny { get; init; }

    public Guid? InstanceId { get; init; }

    public string? BusinessKey { get; init; }

    public string? ElementId { get; init; }

    public string? DefinitionKey { get; init; }

    /// <summary>Open by default; <c>null</c> for every state.</summary>
    public HumanTaskState? State { get; init; } = HumanTaskState.Open;

    /// <summary>Only tasks whose due date has passed at this instant.</summary>
    public DateTimeOffset? OverdueAt { get; init; }

    public int Max { get; init; } = 1000;

    /// <summary>Whether <paramref name="task"/> matches.</summary>
    public bool Matches(HumanTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return (State is null || task.State == State)
            && (InstanceId is null || task.InstanceId == InstanceId)
            && (BusinessKey is null || task.BusinessKey == BusinessKey)
            && (ElementId is null || task.ElementId == ElementId)
            && (DefinitionKey is null || task.DefinitionKey == DefinitionKey)
            && (Assignee is null || task.Assignee == Assignee)
            && (CandidateGroup is null || task.CandidateGroups.Contains(CandidateGroup, StringComparer.Ordinal))
            && (EscalatedToAny is null || task.EscalatedTo.Exists(EscalatedToAny.Contains))
            && (OverdueAt is null || task.DueAt < OverdueAt)
            && (Inbox is null || task.Assignee == Inbox.Id || (task.Assignee is null && task.IsCandidate(Inbox)))
            && (AvailableTo is null || (task.Assignee is null && task.IsCandidate(AvailableTo)));
    }
}
