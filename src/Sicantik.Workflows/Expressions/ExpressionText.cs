using System.Resources;
using Sicantik.Workflows.Resources;

namespace Sicantik.Workflows.Expressions;

/// <summary>The user-facing texts of expressions and scripts.</summary>
internal static class ExpressionText
{
    public const string Empty = nameof(Empty);
    public const string UnknownVariable = nameof(UnknownVariable);
    public const string NotBoolean = nameof(NotBoolean);
    public const string Timeout = nameof(Timeout);
    public const string MemoryLimit = nameof(MemoryLimit);
    public const string RecursionLimit = nameof(RecursionLimit);
    public const string StatementLimit = nameof(StatementLimit);
    public const string Syntax = nameof(Syntax);
    public const string UnexpectedToken = nameof(UnexpectedToken);
    public const string UnexpectedEnd = nameof(UnexpectedEnd);
    public const string ExpectedToken = nameof(ExpectedToken);
    public const string UnterminatedString = nameof(UnterminatedString);
    public const string UnknownCharacter = nameof(UnknownCharacter);
    public const string Forbidden = nameof(Forbidden);
    public const string ForbiddenAssignment = nameof(ForbiddenAssignment);
    public const string ForbiddenCall = nameof(ForbiddenCall);
    public const string EvaluationFailed = nameof(EvaluationFailed);
    public const string ScriptSyntax = nameof(ScriptSyntax);
    public const string ScriptFailed = nameof(ScriptFailed);
    public const string ScriptFailedAt = nameof(ScriptFailedAt);
    public const string VariableNameNotString = nameof(VariableNameNotString);
    public const string UnsupportedValue = nameof(UnsupportedValue);
    public const string NonStringKey = nameof(NonStringKey);
    public const string NestingTooDeep = nameof(NestingTooDeep);
    public const string NestingTooDeepAt = nameof(NestingTooDeepAt);
    public const string ValueTooLarge = nameof(ValueTooLarge);
    public const string ModulesUnavailable = nameof(ModulesUnavailable);
    public const string WorkerTimeout = nameof(WorkerTimeout);
    public const string WorkerDied = nameof(WorkerDied);
    public const string WorkerMemory = nameof(WorkerMemory);
    public const string WorkerStack = nameof(WorkerStack);
    public const string WorkerUnavailable = nameof(WorkerUnavailable);
    public const string WorkerBadRequest = nameof(WorkerBadRequest);

    private static readonly ResourceManager Resources =
        new("Sicantik.Workflows.Resources.ExpressionMessages", typeof(ExpressionText).Assembly);

    public static string Format(string key, params object?[] args) => LocalizedText.Format(Resources, key, args);
}

/// <summary>
/// A user-facing reason kept as its resource key and arguments, so that a cached reason is worded in the
/// language of whoever reads it rather than of whoever caused it to be cached.
/// </summary>
internal sealed class LocalizedReason(string key, params object?[] args)
{
    public override string ToString()
    {
        var formatted = new object?[args.Length];
        for (var i = 0; i < args.Length; i++)
        {
            formatted[i] = args[i] is LocalizedReason nested ? nested.ToString() : args[i];
        }

        return ExpressionText.Format(key, formatted);
    }
}

/// <summary>Unwinds the JUEL translator with the reason an expression is refused.</summary>
internal sealed class JuelSyntaxException(LocalizedReason reason) : Exception(reason.ToString())
{
    public LocalizedReason Reason { get; } = reason;
}
