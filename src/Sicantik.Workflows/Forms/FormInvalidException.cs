namespace Sicantik.Workflows.Forms;

/// <summary>A form submission with wrong values: one message per field, keyed by the field's id.</summary>
public sealed class FormInvalidException : WorkflowException
{
    public FormInvalidException(string message, IReadOnlyDictionary<string, string[]> fieldErrors)
        : base(WorkflowError.FormInvalid, message)
    {
        FieldErrors = fieldErrors;
    }

    public FormInvalidException()
        : this(string.Empty, new Dictionary<string, string[]>())
    {
    }

    public FormInvalidException(string message)
        : this(message, new Dictionary<string, string[]>())
    {
    }

    public FormInvalidException(string message, Exception innerException)
        : base(WorkflowError.FormInvalid, message, innerException)
    {
        FieldErrors = new Dictionary<string, string[]>();
    }

    /// <summary>What is wrong with each field, by field id.</summary>
    public IReadOnlyDictionary<string, string[]> FieldErrors { get; }
}
