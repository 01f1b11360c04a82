namespace Sicantik.Workflows;

/// <summary>What went wrong, as a stable code that hosts map to responses (RFC 7807 types, status codes).</summary>
public enum WorkflowError
{
    DefinitionInvalid,
    DefinitionNotFound,
    NoPublishedVersion,
    DefinitionStateConflict,
    InstanceNotFound,
    InstanceNotRunning,
    TaskNotFound,
    TaskNotOpen,
    TaskAlreadyClaimed,
    TaskNotAssignedToUser,
    NotCandidate,
    InvalidOutcome,
    DelegationPending,
    NotDelegated,
    MessageNotCorrelated,
    MessageAmbiguous,
    IncidentNotFound,
    ConcurrencyConflict,
    InvalidVariables,
    OutboxMessageNotFailed,
    MigrationRefused,
    FormInvalid,
}

/// <summary>A request the engine refuses; <see cref="Exception.Message"/> is for a person (Bahasa Indonesia by default).</summary>
public class WorkflowException : Exception
{
    public WorkflowException(WorkflowError error, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Error = error;
    }

    public WorkflowException()
        : this(WorkflowError.InvalidVariables, string.Empty)
    {
    }

    public WorkflowException(string message)
        : this(WorkflowError.InvalidVariables, message)
    {
    }

    public WorkflowException(string message, Exception innerException)
        : this(WorkflowError.InvalidVariables, message, innerException)
    {
    }

    /// <summary>The stable error code.</summary>
    public WorkflowError Error { get; }
}

/// <summary>A claim lost to another user.</summary>
public sealed class TaskAlreadyClaimedException : WorkflowException
{
    public TaskAlreadyClaimedException(Guid taskId, string claimedBy, string message)
        : base(WorkflowError.TaskAlreadyClaimed, message)
    {
        TaskId = taskId;
        ClaimedBy = claimedBy;
    }

    public TaskAlreadyClaimedException()
        : this(Guid.Empty, string.Empty, string.Empty)
    {
    }

    public TaskAlreadyClaimedException(string message)
        : this(Guid.Empty, string.Empty, message)
    {
    }

    public TaskAlreadyClaimedException(string message, Exception innerException)
        : base(WorkflowError.TaskAlreadyClaimed, message, innerException)
    {
        ClaimedBy = string.Empty;
    }

    public Guid TaskId { get; }

    /// <summary>Who holds the task.</summary>
    public string ClaimedBy { get; }
}

/// <summary>An outcome the task does not accept.</summary>
public sealed class InvalidOutcomeException : WorkflowException
{
    public InvalidOutcomeException(string? outcome, IReadOnlyList<string> allowed, string message)
        : base(WorkflowError.InvalidOutcome, message)
    {
        Outcome = outcome;
        Allowed = allowed;
    }

    public InvalidOutcomeException()
        : this(null, [], string.Empty)
    {
    }

    public InvalidOutcomeException(string message)
        : this(null, [], message)
    {
    }

    public InvalidOutcomeException(string message, Exception innerException)
        : base(WorkflowError.InvalidOutcome, message, innerException)
    {
        Allowed = [];
    }

    public string? Outcome { get; }

    /// <summary>The outcomes the task accepts.</summary>
    public IReadOnlyList<string> Allowed { get; }
}
