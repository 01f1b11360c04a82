using Sicantik.Workflows.Definitions;
using Sicantik.Workflows.History;
using Sicantik.Workflows.Outbox;
using Sicantik.Workflows.Scheduling;
using Sicantik.Workflows.Stores;

namespace Sicantik.Workflows.Runtime;

/// <summary>
/// Runs a command against one instance as one unit of work: load, change, run until every token waits, save.
/// When another command saved the instance meanwhile, the whole command runs again on fresh state, so its checks
/// (who holds the task, is the timer still there) are made against what is stored.
/// </summary>
/// <remarks>Hosts do not call it; the engine's services do.</remarks>
public sealed class InstanceCommands
{
    private readonly IInstanceStore _instances;
    private readonly IDefinitionStore _definitions;
    private readonly ProcessModelCache _models;
    private readonly RunnerServices _services;
    private readonly ITimerScheduler _scheduler;
    private readonly IOutboxDispatcher _outbox;
    private readonly IReadOnlyList<IHistoryObserver> _observers;
    private readonly TimeProvider _time;

    internal InstanceCommands(
        IInstanceStore instances,
        IDefinitionStore definitions,
        ProcessModelCache models,
        RunnerServices services,
        ITimerScheduler scheduler,
        IOutboxDispatcher outbox,
        TimeProvider time,
        IReadOnlyList<IHistoryObserver>? observers = null)
    {
        _outbox = outbox;
        _observers = observers ?? [];
        _instances = instances;
        _definitions = definitions;
        _models = models;
        _services = services;
        _scheduler = scheduler;
        _time = time;
    }

    internal Task<T> ExecuteAsync<T>(Guid instanceId, Func<InstanceRunner, ValueTask<T>> command, CancellationToken cancellationToken) =>
        ExecuteAsync(token => _instances.LoadAsync(instanceId, token), () => WorkflowErrors.InstanceNotFound(instanceId), command, cancellationToken);

    /// <summary>As <see cref="ExecuteAsync{T}(Guid, Func{InstanceRunner, ValueTask{T}}, CancellationToken)"/>, on the instance the task belongs to (loaded in one go).</summary>
    internal Task<T> ExecuteOnTaskAsync<T>(Guid taskId, Func<InstanceRunner, ValueTask<T>> command, CancellationToken cancellationToken) =>
        ExecuteAsync(token => _instances.LoadByTaskAsync(taskId, token), () => WorkflowErrors.TaskNotFound(taskId), command, cancellationToken);

    private async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<ProcessInstance?>> load, Func<WorkflowException> notFound, Func<InstanceRunner, ValueTask<T>> command, CancellationToken cancellationToken)
    {
        await using var scope = await _instances.BeginCommandAsync(cancellationToken);

        // One time for every run of the command: a run again after a lost race is the same command, and its handlers'
        // inputs stay the same (a document rendered by the first run is not rendered again).
        var now = _time.GetUtcNow();
        for (var attempt = 0; ; attempt++)
        {
            var instance = await load(cancellationToken) ?? throw notFound();
            var remembered = _instances.IsRemembered(instance);
            var runner = new InstanceRunner(await ModelAsync(instance, cancellationToken), instance, _services, now);
            var before = instance.Timers.ToDictionary(t => t.Id, t => t.DueAt);
            T result;
            try
            {
                result = await command(runner);
                await runner.RunAsync(cancellationToken);
            }
            catch (WorkflowException) when (remembered)
            {
                // Refused on the store's remembered copy, which may be behind another process's save: decide again on
                // what is stored.
                _instances.Forget(instance.Id);
                continue;
            }

            // Every change writes history; a command that wrote none (a repeated claim, a timer already fired) saves nothing.
            if (instance.PendingHistory.Count == 0)
            {
                if (remembered)
                {
                    // Nothing to save means no revision check either: confirm on what is stored.
                    _instances.Forget(instance.Id);
                    continue;
                }

                return result;
            }

            await ObserveAsync(instance, now, cancellationToken);
            var written = instance.PendingOutbox.Select(m => m.Id).ToList();
            try
            {
                await _instances.SaveAsync(instance, cancellationToken);
            }
            catch (WorkflowException ex) when (ex.Error == WorkflowError.ConcurrencyConflict && attempt < _services.Options.ConcurrencyRetries)
            {
                await BackOffAsync(attempt + 1, cancellationToken);
                continue;
            }

            await NotifySchedulerAsync(before, instance, cancellationToken);
            await DispatchAsync(written, cancellationToken);
            return result;
        }
    }

    /// <summary>
    /// Waits before the <paramref name="retry"/>th run of a command that lost a race: not before the first (the race is
    /// usually over), then between half and all of <see cref="WorkflowOptions.ConcurrencyRetryBackoff"/>, doubling with each
    /// retry, at random (jitter), so that commands that lost together do not meet again.
    /// </summary>
    private Task BackOffAsync(int retry, CancellationToken cancellationToken)
    {
        var delay = RetryDelay(_services.Options.ConcurrencyRetryBackoff, retry, Random.Shared.NextDouble());
        return delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, _time, cancellationToken);
    }

    /// <summary>The wait before the <paramref name="retry"/>th run (1: the first retry) for a random <paramref name="draw"/> in [0, 1).</summary>
    internal static TimeSpan RetryDelay(TimeSpan backoff, int retry, double draw)
    {
        if (retry <= 1 || backoff <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var ceiling = backoff * Math.Pow(2, Math.Min(retry - 2, 10));
        return (ceiling / 2) + (ceiling / 2 * draw);
    }

    internal async Task<ProcessInstance> StartAsync(ProcessInstance instance, ProcessModel model, CancellationToken cancellationToken)
    {
        await using var scope = await _instances.BeginCommandAsync(cancellationToken);
        var runner = new InstanceRunner(model, instance, _services, instance.StartedAt);
        runner.Start();
        await runner.RunAsync(cancellationToken);
        await ObserveAsync(instance, instance.StartedAt, cancellationToken);
        var written = instance.PendingOutbox.Select(m => m.Id).ToList();
        await _instances.SaveAsync(instance, cancellationToken);
        await NotifySchedulerAsync([], instance, cancellationToken);
        await DispatchAsync(written, cancellationToken);
        return instance;
    }

    // Observers write their messages into the command's outbox, so they commit with it and are dispatched with it.
    private async Task ObserveAsync(ProcessInstance instance, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_observers.Count == 0)
        {
            return;
        }

        var observation = new HistoryObservation(instance, now);
        foreach (var observer in _observers)
        {
            await observer.ObserveAsync(observation, cancellationToken);
        }
    }

    private Task DispatchAsync(List<Guid> written, CancellationToken cancellationToken) =>
        written.Count == 0 ? Task.CompletedTask : _outbox.MessagesWrittenAsync(written, cancellationToken);

    private async Task<ProcessModel> ModelAsync(ProcessInstance instance, CancellationToken cancellationToken)
    {
        if (_models.TryGet(instance.DefinitionKey, instance.DefinitionVersion, out var cached))
        {
            return cached;
        }

        var record = await _definitions.FindAsync(instance.DefinitionKey, instance.DefinitionVersion, cancellationToken)
            ?? throw WorkflowErrors.DefinitionNotFound(instance.DefinitionKey, instance.DefinitionVersion);
        return _models.Get(record);
    }

    private Task NotifySchedulerAsync(Dictionary<Guid, DateTimeOffset> before, ProcessInstance instance, CancellationToken cancellationToken)
    {
        var scheduled = instance.Timers.Where(t => !before.TryGetValue(t.Id, out var dueAt) || dueAt != t.DueAt).ToList();
        var removed = before.Keys.Where(id => !instance.Timers.Exists(t => t.Id == id)).ToList();
        return scheduled.Count == 0 && removed.Count == 0
            ? Task.CompletedTask
            : _scheduler.TimersChangedAsync(scheduled, removed, cancellationToken);
    }
}
