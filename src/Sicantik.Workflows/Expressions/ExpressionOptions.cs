using System.ComponentModel.DataAnnotations;

namespace Sicantik.Workflows.Expressions;

/// <summary>Sandbox limits for expressions and scripts.</summary>
public sealed class ExpressionOptions
{
    /// <summary>Longest time one evaluation may run.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Most memory one evaluation may allocate, in bytes.</summary>
    [Range(64 * 1024, 1024L * 1024 * 1024)]
    public long MemoryLimitBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Deepest call recursion allowed.</summary>
    [Range(1, 10_000)]
    public int RecursionLimit { get; set; } = 64;

    /// <summary>Most statements one script may execute.</summary>
    [Range(1, 10_000_000)]
    public int MaxStatements { get; set; } = 100_000;
}
