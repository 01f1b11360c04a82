namespace Sicantik.Workflows.Tasks;

/// <summary>Where a human task stands.</summary>
public enum HumanTaskState
{
    Open,
    Completed,

    /// <summary>An interrupting timer, a terminate end event or an operator ended it.</summary>
    Cancelled,
}

/// <summary>Delegation as in Camunda: the owner hands the task to someone, who resolves it back.</summary>
public enum DelegationState
{
    None,
    Pending,
    Resolved,
}

/// <summary>A task for a person: an SOP step waiting in someone's inbox.</summary>
public sealed class HumanTask
{
    public Guid Id { get; set; }

    public Guid InstanceId { get; set; }

    public Guid TokenId { get; set; }

    public string DefinitionKey { get; set; } = string.Empty;

    public int DefinitionVersion { get; set; }

    public string? BusinessKey { get; set; }

    /// <summary>The user task's element id.</summary>
    public string ElementId { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string? Documentation { get; set; }

    public string? FormKey { get; set; }

    public List<string> CandidateGroups { get; set; } = [];

    public List<string> CandidateUsers { get; set; } = [];

    public string? Assignee { get; set; }

    /// <summary>Who delegated the task and gets it back on resolve.</summary>
    public string? Owner { get; set; }

    public DelegationState Delegation { get; set; }

    public int Priority { get; set; }

    public List<string> AllowedOutcomes { get; set; } = [];

    public HumanTaskState State { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the baku mutu (or <c>camunda:dueDate</c>) runs out.</summary>
    public DateTimeOffset? DueAt { get; set; }

    public DateTimeOffset? FollowUpAt { get; set; }

    public DateTimeOffset? ClaimedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public string? CompletedBy { get; set; }

    public string? Outcome { get; set; }

    /// <summary>When a baku mutu timer first found the task still open.</summary>
    public DateTimeOffset? EscalatedAt { get; set; }

    /// <summary>The roles it was escalated to, in order (a repeating reminder adds again).</summary>
    public List<string> EscalatedTo { get; set; } = [];

    public List<TaskComment> Comments { get; set; } = [];

    public bool IsOpen => State == HumanTaskState.Open;

    /// <summary>Whether a baku mutu timer has marked it late.</summary>
    public bool IsOverdue => EscalatedAt is not null;

    /// <summary>Whether <paramref name="user"/> may claim or work it: a candidate user, a member of a candidate group, or its assignee.</summary>
    public bool IsCandidate(WorkflowUser user) =>
        Assignee == user.Id
        || CandidateUsers.Contains(user.Id, StringComparer.Ordinal)
        || CandidateGroups.Exists(user.Groups.Contains);

    public HumanTask Clone()
    {
        var copy = (HumanTask)MemberwiseClone();
        copy.CandidateGroups = [.. CandidateGroups];
        copy.CandidateUsers = [.. CandidateUsers];
        copy.AllowedOutcomes = [.. AllowedOutcomes];
        copy.EscalatedTo = [.. EscalatedTo];
        copy.Comments = [.. Comments];
        return copy;
    }
}

/// <summary>A note on a task.</summary>
public sealed record TaskComment(Guid Id, string UserId, string Text, DateTimeOffset At);

/// <summary>The person acting: an id and the roles (candidate groups) they hold.</summary>
public sealed record WorkflowUser(string Id, IReadOnlySet<string> Groups)
{
    public WorkflowUser(string id, params string[] groups)
        : this(id, groups.ToHashSet(StringComparer.Ordinal))
    {
    }
}
