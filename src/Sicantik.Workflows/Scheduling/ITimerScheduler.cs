using Sicantik.Workflows.Runtime;

namespace Sicantik.Workflows.Scheduling;

/// <summary>
/// Triggers timers at their due time (Hangfire in the host). The timer rows are the truth: a scheduler is told after each
/// commit what was scheduled or removed, and fires through <see cref="TimerService.FireAsync"/>, which re-checks the row.
/// </summary>
public interface ITimerScheduler
{
    /// <summary>Called after a step committed, with the timers it created or moved and the ids of those it removed.</summary>
    Task TimersChangedAsync(IReadOnlyList<InstanceTimer> scheduled, IReadOnlyList<Guid> removed, CancellationToken cancellationToken);
}

/// <summary>
/// The default when no scheduler is configured: nothing is pushed, and timers fire when the host runs the due-timer sweep
/// (<see cref="TimerService.FireDueAsync"/>), as tests with a fake clock and the benchmarks do.
/// </summary>
public sealed class SweepOnlyTimerScheduler : ITimerScheduler
{
    public Task TimersChangedAsync(IReadOnlyList<InstanceTimer> scheduled, IReadOnlyList<Guid> removed, CancellationToken cancellationToken) =>
        Task.CompletedTask;
}
