namespace Sicantik.Workflows.Definitions;

/// <summary>Whether a finding stops a deployment.</summary>
public enum ValidationSeverity
{
    /// <summary>The definition cannot be deployed.</summary>
    Error,

    /// <summary>The definition deploys, but part of it is ignored or probably misspelt.</summary>
    Warning,
}

/// <summary>One broken rule in a BPMN definition, or a warning about it.</summary>
/// <param name="ElementId">The offending element's id, or <c>null</c> for the document as a whole.</param>
/// <param name="ElementType">The element's BPMN type (<c>userTask</c>...), or <c>null</c>.</param>
/// <param name="Rule">A stable code for the rule (<c>NoOutgoingFlow</c>...).</param>
/// <param name="Message">What is wrong, for a person, naming the element.</param>
/// <param name="Severity">An error (the default) or a warning.</param>
public sealed record ValidationError(string? ElementId, string? ElementType, string Rule, string Message, ValidationSeverity Severity = ValidationSeverity.Error)
{
    public override string ToString() => Message;
}

/// <summary>A definition the engine refuses to deploy or run.</summary>
public sealed class DefinitionValidationException : WorkflowException
{
    public DefinitionValidationException(IReadOnlyList<ValidationError> errors)
        : base(WorkflowError.DefinitionInvalid, string.Join(Environment.NewLine, errors.Select(e => e.Message)))
    {
        Errors = errors;
    }

    public DefinitionValidationException()
        : this([])
    {
    }

    public DefinitionValidationException(string message)
        : base(WorkflowError.DefinitionInvalid, message)
    {
        Errors = [];
    }

    public DefinitionValidationException(string message, Exception innerException)
        : base(WorkflowError.DefinitionInvalid, message, innerException)
    {
        Errors = [];
    }

    /// <summary>Every broken rule found.</summary>
    public IReadOnlyList<ValidationError> Errors { get; }
}
