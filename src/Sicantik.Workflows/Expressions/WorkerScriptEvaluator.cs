using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Sicantik.Workflows.Expressions;

/// <summary>
/// Evaluates expressions in process, and runs script-task scripts in a separate worker process
/// (<c>Sicantik.Workflows.ScriptWorker</c>) with a hard heap cap and a wall-clock timeout.
/// </summary>
/// <remarks>
/// Some scripts break the interpreter's own limits in ways no in-process check can catch: a deep
/// <c>JSON.stringify</c> overflows the native stack, which ends a .NET process, and one statement can allocate far
/// past the memory limit before it is next checked. In the worker either ends only the worker; the script fails with
/// an <see cref="ExpressionException"/> (an incident on its instance) and the next script gets a new worker.
/// Expressions need no worker: the JUEL grammar has no calls or loops, and its nesting is bounded.
/// </remarks>
public sealed class WorkerScriptEvaluator : IExpressionEvaluator, IDisposable
{
    private readonly JintExpressionEvaluator _inProcess;
    private readonly ScriptWorkerClient _worker;

    /// <summary>Creates the evaluator; the worker starts with the first script.</summary>
    public WorkerScriptEvaluator(IOptions<ExpressionOptions> limits, IOptions<ScriptWorkerOptions> options, ILogger<WorkerScriptEvaluator> logger)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(options);
        _inProcess = new JintExpressionEvaluator(limits.Value);
        _worker = new ScriptWorkerClient(options.Value, limits.Value, logger);
    }

    /// <summary>The running worker's process id, if one runs.</summary>
    internal int? WorkerProcessId => _worker.ProcessId;

    /// <inheritdoc />
    public string? Validate(string expression) => _inProcess.Validate(expression);

    /// <inheritdoc />
    public object? Evaluate(string expression, IReadOnlyDictionary<string, object?> variables) => _inProcess.Evaluate(expression, variables);

    /// <inheritdoc />
    public bool EvaluateCondition(string expression, IReadOnlyDictionary<string, object?> variables) => _inProcess.EvaluateCondition(expression, variables);

    /// <inheritdoc />
    public string? ValidateScript(string script) => _inProcess.ValidateScript(script);

    /// <inheritdoc />
    /// <exception cref="ExpressionException">The script failed, broke a limit, or ended or overran its worker.</exception>
    public ScriptResult RunScript(string script, IReadOnlyDictionary<string, object?> variables)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(variables);
        return _worker.Run(script, variables);
    }

    /// <summary>Stops the worker.</summary>
    public void Dispose() => _worker.Dispose();
}
