namespace Sicantik.Workflows.Expressions;

/// <summary>
/// Evaluates JUEL-style <c>${...}</c> expressions and script-task scripts over instance variables,
/// in a sandbox bounded in time, memory, recursion and statement count.
/// </summary>
public interface IExpressionEvaluator
{
    /// <summary>
    /// Checks an expression's syntax without evaluating it (deploy-time validation).
    /// </summary>
    /// <param name="expression">The expression, with or without the surrounding <c>${ }</c>.</param>
    /// <returns><c>null</c> when valid; otherwise a short reason a person can act on.</returns>
    string? Validate(string expression);

    /// <summary>Evaluates an expression and returns a normalized value (see <see cref="VariableValues"/>).</summary>
    /// <exception cref="ExpressionException">The expression is invalid, refers to an unknown variable, or broke a limit.</exception>
    object? Evaluate(string expression, IReadOnlyDictionary<string, object?> variables);

    /// <summary>Evaluates a sequence-flow condition; the result must be a boolean.</summary>
    /// <exception cref="ExpressionException">As <see cref="Evaluate"/>, or the result is not a boolean.</exception>
    bool EvaluateCondition(string expression, IReadOnlyDictionary<string, object?> variables);

    /// <summary>Checks a script's syntax without running it.</summary>
    string? ValidateScript(string script);

    /// <summary>
    /// Runs a script-task script (JavaScript). Instance variables are readable as globals and through
    /// <c>execution.getVariable(name)</c>; <c>execution.setVariable(name, value)</c> sets one.
    /// </summary>
    /// <returns>The script's completion value and the variables it set.</returns>
    /// <exception cref="ExpressionException">The script failed or broke a limit.</exception>
    ScriptResult RunScript(string script, IReadOnlyDictionary<string, object?> variables);
}

/// <summary>The outcome of a script task's script.</summary>
/// <param name="Value">The script's completion value, normalized.</param>
/// <param name="SetVariables">Variables the script set through <c>execution.setVariable</c>, normalized.</param>
public sealed record ScriptResult(object? Value, IReadOnlyDictionary<string, object?> SetVariables);
