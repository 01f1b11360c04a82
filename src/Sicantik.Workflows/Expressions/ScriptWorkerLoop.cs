using System.Globalization;
using System.Text.Json;

namespace Sicantik.Workflows.Expressions;

/// <summary>The script worker's main loop: runs each script it is sent with <see cref="JintExpressionEvaluator"/>.</summary>
public static class ScriptWorkerLoop
{
    /// <summary>The exit code after a script exhausted the worker's memory.</summary>
    public const int ExitOutOfMemory = 3;

    private static readonly Dictionary<string, object?> NoVariables = new(StringComparer.Ordinal);

    /// <summary>Reads the sandbox limits the host passed on the command line.</summary>
    public static ExpressionOptions ParseArguments(IReadOnlyList<string> arguments) => ScriptWorkerProtocol.ParseArguments(arguments);

    /// <summary>Answers one line per request line until <paramref name="input"/> ends.</summary>
    /// <returns>The process exit code.</returns>
    public static int Run(TextReader input, TextWriter output, ExpressionOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var evaluator = new JintExpressionEvaluator(options);

        // The first script compiles the interpreter; doing it before "ready" keeps it out of the first script's time.
        evaluator.RunScript("JSON.stringify([1])", NoVariables);
        output.WriteLine(ScriptWorkerProtocol.Ready);
        while (input.ReadLine() is { } line)
        {
            var (answer, exiting) = Answer(evaluator, line);
            output.WriteLine(answer);
            if (exiting)
            {
                return ExitOutOfMemory;
            }
        }

        return 0;
    }

    private static (string Answer, bool Exiting) Answer(JintExpressionEvaluator evaluator, string line)
    {
        try
        {
            var (script, culture, variables) = ScriptWorkerProtocol.ReadRequest(line);
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            return (ScriptWorkerProtocol.Success(evaluator.RunScript(script, variables)), false);
        }
        catch (ExpressionException ex)
        {
            return (ScriptWorkerProtocol.Failure(ex.Reason, exiting: false), false);
        }
        catch (OutOfMemoryException)
        {
            // The heap cap was reached: answer while the failed allocation's memory is free again, then end, since
            // nothing says what else was half done.
            var megabytes = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024);
            return (ScriptWorkerProtocol.Failure(ExpressionText.Format(ExpressionText.WorkerMemory, megabytes), exiting: true), true);
        }
        catch (InsufficientExecutionStackException)
        {
            return (ScriptWorkerProtocol.Failure(ExpressionText.Format(ExpressionText.WorkerStack), exiting: false), false);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or CultureNotFoundException or ArgumentException)
        {
            return (ScriptWorkerProtocol.Failure(ExpressionText.Format(ExpressionText.WorkerBadRequest, ex.Message), exiting: false), false);
        }
    }
}
