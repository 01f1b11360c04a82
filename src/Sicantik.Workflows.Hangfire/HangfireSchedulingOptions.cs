using System.ComponentModel.DataAnnotations;

namespace Sicantik.Workflows.Hangfire;

/// <summary>How the engine's recurring sweeps run on Hangfire (section <c>Workflows:Hangfire</c>).</summary>
public sealed class HangfireSchedulingOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Workflows:Hangfire";

    /// <summary>
    /// When both sweeps run, as a Hangfire cron expression (UTC). Every minute by default: a timer or message whose job
    /// Hangfire lost is at most this late.
    /// </summary>
    [Required]
    public string SweepCron { get; set; } = "* * * * *";

    /// <summary>The recurring job id of the due-timer sweep (<see cref="WorkflowJobs.SweepTimersAsync"/>).</summary>
    [Required]
    public string TimerSweepJobId { get; set; } = "sicantik-timer-sweep";

    /// <summary>The recurring job id of the outbox sweep (<see cref="WorkflowJobs.SweepOutboxAsync"/>).</summary>
    [Required]
    public string OutboxSweepJobId { get; set; } = "sicantik-outbox-sweep";
}
