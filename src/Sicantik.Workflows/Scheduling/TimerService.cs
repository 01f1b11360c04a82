using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Stores;

namespace Sicantik.Workflows.Scheduling;

/// <summary>Fires timers: one by id (a scheduler's job), or every due one (the sweep).</summary>
public sealed partial class TimerService(InstanceCommands commands, IInstanceStore store, TimeProvider time, ILogger<TimerService>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<TimerService>.Instance;

    /// <summary>Timers due now, earliest first.</summary>
    public Task<IReadOnlyList<DueTimer>> FindDueAsync(int max = 100, CancellationToken cancellationToken = default) =>
        store.FindDueTimersAsync(time.GetUtcNow(), max, cancellationToken);

    /// <summary>
    /// Fires a timer if it still exists and is due; returns whether it fired. A timer already fired, removed with its
    /// task or not yet due does nothing, so a job and the sweep may race safely: the instance's revision lets one win.
    /// </summary>
    public Task<bool> FireAsync(Guid instanceId, Guid timerId, CancellationToken cancellationToken = default) =>
        commands.ExecuteAsync(
            instanceId,
            runner =>
            {
                var timer = runner.Instance.Timers.Find(t => t.Id == timerId);
                if (timer is null || timer.DueAt > runner.Now || runner.Instance.IsEnded)
                {
                    return ValueTask.FromResult(false);
                }

                runner.FireTimer(timer);
                return ValueTask.FromResult(true);
            },
            cancellationToken);

    /// <summary>Fires every timer due now (and those that become due as others fire, up to <paramref name="max"/>).</summary>
    /// <returns>How many fired.</returns>
    public async Task<int> FireDueAsync(int max = 1000, CancellationToken cancellationToken = default)
    {
        var fired = 0;
        while (fired < max)
        {
            var due = await FindDueAsync(Math.Min(100, max - fired), cancellationToken);
            var firedThisRound = 0;
            foreach (var timer in due)
            {
                // One instance's failure (a store outage, a conflict that outlasted its retries) must not stop the
                // sweep for every other instance; the timer stays due and the next sweep tries it again.
                try
                {
                    if (await FireAsync(timer.InstanceId, timer.TimerId, cancellationToken))
                    {
                        firedThisRound++;
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogFireFailed(ex, timer.TimerId, timer.InstanceId);
                }
            }

            fired += firedThisRound;
            if (firedThisRound == 0)
            {
                break;
            }
        }

        return fired;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer {TimerId} of instance {InstanceId} could not fire; the next sweep retries it.")]
    private partial void LogFireFailed(Exception exception, Guid timerId, Guid instanceId);
}
