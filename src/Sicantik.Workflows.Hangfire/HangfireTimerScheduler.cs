using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Scheduling;

namespace Sicantik.Workflows.Hangfire;

/// <summary>
/// Asks Hangfire to run <see cref="WorkflowJobs.FireTimerAsync"/> at each new or moved timer's due time; a timer already
/// due is enqueued at once.
/// </summary>
/// <remarks>
/// <para>
/// Removed timers are left alone: deleting their jobs is unnecessary. A job carries only the instance and timer ids, and
/// <see cref="TimerService.FireAsync"/> re-reads the timer row when it runs, so the job of a timer that was removed (its
/// task completed, an interrupting boundary fired) finds no row and ends without effect; a moved timer's old job finds
/// the row not yet due, or already fired. Deleting would mean keeping Hangfire's job id beside every timer, a second
/// record to hold in step with the first, and it could still race with a job that has already started.
/// </para>
/// <para>
/// The step has committed when this runs, so a job that cannot be created (Hangfire's storage unreachable) is logged,
/// not thrown: the caller's command succeeded, and the timer sweep fires the timer when it is due.
/// </para>
/// </remarks>
public sealed partial class HangfireTimerScheduler(IBackgroundJobClient client, TimeProvider time, ILogger<HangfireTimerScheduler>? logger = null) : ITimerScheduler
{
    private readonly ILogger _logger = logger ?? NullLogger<HangfireTimerScheduler>.Instance;

    /// <inheritdoc />
    public Task TimersChangedAsync(IReadOnlyList<InstanceTimer> scheduled, IReadOnlyList<Guid> removed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scheduled);
        foreach (var timer in scheduled)
        {
            var instanceId = timer.InstanceId;
            var timerId = timer.Id;
            try
            {
                client.ScheduleOrEnqueue(time, j => j.FireTimerAsync(instanceId, timerId, CancellationToken.None), timer.DueAt);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogScheduleFailed(ex, timerId, instanceId, timer.DueAt);
            }
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Timer {TimerId} of instance {InstanceId} (due {DueAt}) could not be scheduled on Hangfire; the timer sweep fires it.")]
    private partial void LogScheduleFailed(Exception exception, Guid timerId, Guid instanceId, DateTimeOffset dueAt);
}
