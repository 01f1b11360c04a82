namespace Sicantik.Workflows.Expressions;

/// <summary>An expression or script could not be parsed or evaluated.</summary>
public sealed class ExpressionException : Exception
{
    public ExpressionException(string expression, string reason, Exception? innerException = null)
        : base(reason, innerException)
    {
        Expression = expression;
        Reason = reason;
    }

    public ExpressionException()
        : this(string.Empty, string.Empty)
    {
    }

    public ExpressionException(string message)
        : this(string.Empty, message)
    {
    }

    public ExpressionException(string message, Exception innerException)
        : this(string.Empty, message, innerException)
    {
    }

    /// <summary>The expression or script text that failed.</summary>
    public string Expression { get; }

    /// <summary>Why it failed, in words a person can act on.</summary>
    public string Reason { get; }
}
