using Hangfire;
using Hangfire.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sicantik.Workflows.Outbox;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Scheduling;
using Sicantik.Workflows.Stores;

namespace Sicantik.Workflows.Hangfire;

/// <summary>
/// At start-up: registers the recurring sweeps (<see cref="WorkflowJobs.RegisterRecurringJobs"/>), resumes the outbox
/// deliveries this node had in flight when it stopped (<see cref="OutboxService.ResumeInFlightAsync"/>) and, when
/// Hangfire's storage does not survive a restart (in-memory, the embedded default), schedules again every timer the
/// database holds, so that none waits for a sweep to notice it.
/// </summary>
public sealed class RecurringSweepRegistrar(
    IRecurringJobManager manager,
    IOptions<HangfireSchedulingOptions> options,
    IServiceScopeFactory scopes,
    JobStorage? storage = null) : IHostedService
{
    /// <summary>Most timers rescheduled at start; the sweep covers any beyond.</summary>
    private const int RescheduleLimit = 100_000;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        WorkflowJobs.RegisterRecurringJobs(manager, options.Value);
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<OutboxService>().ResumeInFlightAsync(cancellationToken);
        if ((storage ?? (manager as RecurringJobManager)?.Storage) is not InMemoryStorage)
        {
            return;
        }

        var timers = await scope.ServiceProvider.GetRequiredService<IInstanceStore>().FindDueTimersAsync(DateTimeOffset.MaxValue, RescheduleLimit, cancellationToken);
        var scheduled = timers.Select(t => new InstanceTimer { Id = t.TimerId, InstanceId = t.InstanceId, DueAt = t.DueAt }).ToList();
        if (scheduled.Count > 0)
        {
            await scope.ServiceProvider.GetRequiredService<ITimerScheduler>().TimersChangedAsync(scheduled, [], cancellationToken);
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
