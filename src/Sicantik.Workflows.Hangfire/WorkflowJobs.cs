using Hangfire;
using Sicantik.Workflows.Outbox;
using Sicantik.Workflows.Scheduling;

namespace Sicantik.Workflows.Hangfire;

/// <summary>
/// The engine's Hangfire jobs. Hangfire resolves this class per job from a DI scope (Hangfire.NetCore's activator, or
/// <see cref="ServiceProviderJobActivator"/>). Jobs carry ids only and re-read state when they run, so a job that runs
/// late, twice, or after the sweep did its work changes nothing.
/// </summary>
/// <remarks>
/// Every job has <c>[AutomaticRetry(Attempts = 0)]</c>: the engine keeps its own retry bookkeeping (an outbox message's
/// attempts and back-off, the timer rows the sweep re-reads), and a Hangfire retry on top would only repeat it out of step.
/// </remarks>
public sealed class WorkflowJobs(TimerService timers, OutboxService outbox, IOutboxStore messages, IBackgroundJobClient client, TimeProvider time)
{
    // A sweep that finds another still running has nothing to add; it waits this long, then gives way to the next run.
    private const int SweepLockTimeoutSeconds = 10;

    /// <summary>Registers the two sweeps as Hangfire recurring jobs (or updates them), on <see cref="HangfireSchedulingOptions.SweepCron"/>.</summary>
    /// <remarks>The host calls it once at start-up; <see cref="RecurringSweepRegistrar"/> does so in a generic host.</remarks>
    public static void RegisterRecurringJobs(IRecurringJobManager manager, HangfireSchedulingOptions options)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(options);
        manager.AddOrUpdate<WorkflowJobs>(options.TimerSweepJobId, j => j.SweepTimersAsync(CancellationToken.None), options.SweepCron, new RecurringJobOptions());
        manager.AddOrUpdate<WorkflowJobs>(options.OutboxSweepJobId, j => j.SweepOutboxAsync(CancellationToken.None), options.SweepCron, new RecurringJobOptions());
    }

    /// <summary>Fires one timer if it still exists and is due (<see cref="TimerService.FireAsync"/>); returns whether it fired.</summary>
    /// <remarks>
    /// A job that runs before the engine's clock reaches the due time (Hangfire's clock ahead of it) does nothing; the
    /// timer sweep fires it within one <see cref="HangfireSchedulingOptions.SweepCron"/> period.
    /// </remarks>
    [AutomaticRetry(Attempts = 0)]
    public async Task<bool> FireTimerAsync(Guid instanceId, Guid timerId, CancellationToken cancellationToken)
    {
        try
        {
            return await timers.FireAsync(instanceId, timerId, cancellationToken);
        }
        catch (WorkflowException ex) when (ex.Error == WorkflowError.InstanceNotFound)
        {
            return false;
        }
    }

    /// <summary>
    /// Fires every due timer (<see cref="TimerService.FireDueAsync"/>): the safety net for jobs Hangfire lost (in-memory
    /// storage after a restart, a node that crashed between commit and scheduling). Returns how many fired.
    /// </summary>
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    [DisableConcurrentExecution(SweepLockTimeoutSeconds)]
    public Task<int> SweepTimersAsync(CancellationToken cancellationToken) =>
        timers.FireDueAsync(cancellationToken: cancellationToken);

    /// <summary>
    /// Attempts delivery of one outbox message (<see cref="OutboxService.DeliverAsync"/>); returns whether it was delivered.
    /// When the message is still pending afterwards (the attempt failed, or it was not yet due), the next attempt is
    /// scheduled at its <see cref="OutboxMessage.NextAttemptAt"/>, so retries with back-off run through Hangfire.
    /// </summary>
    [AutomaticRetry(Attempts = 0)]
    public async Task<bool> DeliverOutboxAsync(Guid messageId, CancellationToken cancellationToken)
    {
        try
        {
            if (await outbox.DeliverAsync(messageId, cancellationToken))
            {
                return true;
            }
        }
        catch (WorkflowException ex) when (ex.Error == WorkflowError.ConcurrencyConflict)
        {
            // The sweep recorded an attempt first; what it recorded decides below whether another is due.
        }

        var message = await messages.FindAsync(messageId, cancellationToken);
        if (message is { State: OutboxState.Pending })
        {
            client.ScheduleOrEnqueue(time, j => j.DeliverOutboxAsync(messageId, CancellationToken.None), message.NextAttemptAt);
        }

        return false;
    }

    /// <summary>
    /// Attempts every due outbox message (<see cref="OutboxService.DeliverDueAsync"/>): the safety net for lost jobs and the
    /// way re-sent messages go out. Returns how many were delivered.
    /// </summary>
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    [DisableConcurrentExecution(SweepLockTimeoutSeconds)]
    public Task<int> SweepOutboxAsync(CancellationToken cancellationToken) =>
        outbox.DeliverDueAsync(cancellationToken: cancellationToken);
}
