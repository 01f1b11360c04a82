using System.ComponentModel.DataAnnotations;

namespace Sicantik.Workflows.Expressions;

/// <summary>How script tasks run in their worker process (see <see cref="WorkerScriptEvaluator"/>).</summary>
public sealed class ScriptWorkerOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Workflows:ScriptWorker";

    /// <summary>The worker's assembly; by default <c>Sicantik.Workflows.ScriptWorker.dll</c> next to the application.</summary>
    public string? WorkerPath { get; set; }

    /// <summary>
    /// Longest wall-clock time one script may take, answer included; past it the worker is killed. It backs the
    /// in-worker timeout (<see cref="ExpressionOptions.Timeout"/>) for what the interpreter cannot interrupt.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest time a new worker may take to start and report ready.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The worker's managed-heap cap in bytes (<c>DOTNET_GCHeapHardLimit</c>); a script that needs more ends the worker.</summary>
    [Range(32L * 1024 * 1024, 16L * 1024 * 1024 * 1024)]
    public long MemoryLimitBytes { get; set; } = 256L * 1024 * 1024;
}
