using System.ComponentModel.DataAnnotations;

namespace Sicantik.Workflows;

/// <summary>The engine's settings (section <c>Workflows</c>).</summary>
public sealed class WorkflowOptions
{
    public const string SectionName = "Workflows";

    /// <summary>Attempts in all for a failing service task before it becomes an incident, unless the task says otherwise.</summary>
    [Range(1, 100)]
    public int ServiceTaskAttempts { get; set; } = 3;

    /// <summary>Wait before the first retry; each further retry waits twice as long.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest wait between two attempts of a failing service task.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan MaxRetryBackoff { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Delivery attempts of an outbox message before it is kept as failed.</summary>
    [Range(1, 100)]
    public int OutboxAttempts { get; set; } = 8;

    /// <summary>
    /// This node's name, the same across its restarts, which its outbox leases carry so that after a crash it resumes
    /// the deliveries it had in flight at once, rather than when their lease runs out. Defaults to the machine's name;
    /// set it where that changes with every start (a container without a fixed hostname). Two nodes must not share it.
    /// </summary>
    [Required]
    [RegularExpression("^[^/]{1,100}$")]
    public string NodeName { get; set; } = Environment.MachineName;

    /// <summary>Steps one command may run before the instance is held as looping endlessly.</summary>
    [Range(10, 1_000_000)]
    public int MaxStepsPerCommand { get; set; } = 10_000;

    /// <summary>How often a command is retried when another node moved the same instance meanwhile.</summary>
    [Range(0, 100)]
    public int ConcurrencyRetries { get; set; } = 5;

    /// <summary>
    /// The longest wait before the second retry of a command that lost a race (the first runs at once); each further retry
    /// waits up to twice as long, at least half of that and the rest at random (jitter), so that commands that lost
    /// together do not collide again.
    /// Zero: retries run at once. Waits go through the host's <see cref="TimeProvider"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan ConcurrencyRetryBackoff { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// Instances whose last saved state a database store keeps in memory (0: none), so that the next command on one of
    /// their tasks reads no rows. The copy can be behind another process's save: a save from it then conflicts and the
    /// command runs again on fresh state, and a command that ends without saving (a refusal) is run again from the
    /// database before its answer is given.
    /// </summary>
    [Range(0, 1_000_000)]
    public int RememberedInstances { get; set; } = 1000;
}
