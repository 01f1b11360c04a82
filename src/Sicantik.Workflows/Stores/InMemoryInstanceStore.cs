using Sicantik.Workflows.History;
using Sicantik.Workflows.Outbox;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Tasks;

namespace Sicantik.Workflows.Stores;

/// <summary>
/// Instances, tasks, timers and history in memory, with the same guarantees as a database store:
/// callers get copies, saves are atomic and refuse stale revisions.
/// </summary>
public sealed class InMemoryInstanceStore : IInstanceStore, IHistoryStore, IOutboxStore
{
    private readonly Dictionary<Guid, OutboxMessage> _outbox = [];
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, ProcessInstance> _instances = [];
    private readonly Dictionary<Guid, HumanTask> _tasks = [];
    private readonly Dictionary<Guid, HumanTask> _openTasks = [];
    private readonly SortedSet<(DateTimeOffset DueAt, Guid TimerId)> _timersByDue = [];
    private readonly Dictionary<Guid, (Guid InstanceId, DateTimeOffset DueAt)> _timers = [];
    private readonly Dictionary<string, List<MessageSubscription>> _subscriptions = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, List<HistoryEvent>> _history = [];
    private long _sequence;

    /// <summary>Nothing to hold between a command's calls.</summary>
    public ValueTask<IAsyncDisposable> BeginCommandAsync(CancellationToken cancellationToken = default) => new(NoCommand.Instance);

    public Task<ProcessInstance?> LoadAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        ProcessInstance? stored;
        lock (_lock)
        {
            _instances.TryGetValue(instanceId, out stored);
        }

        // Stored copies are never changed (a save replaces them), so they can be cloned outside the lock.
        return Task.FromResult(stored?.Clone());
    }

    public Task<ProcessInstance?> LoadByTaskAsync(Guid taskId, CancellationToken cancellationToken = default)
    {
        Guid? instanceId;
        lock (_lock)
        {
            instanceId = _tasks.TryGetValue(taskId, out var task) ? task.InstanceId : null;
        }

        return instanceId is { } id ? LoadAsync(id, cancellationToken) : Task.FromResult<ProcessInstance?>(null);
    }

    public Task SaveAsync(ProcessInstance instance, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);

        // The store keeps its own copy, made before taking the lock: the caller's object stays the caller's.
        var copy = instance.Clone();
        copy.Revision = instance.Revision + 1;
        lock (_lock)
        {
            _instances.TryGetValue(instance.Id, out var stored);
            if ((stored?.Revision ?? 0) != instance.Revision)
            {
                throw WorkflowErrors.ConcurrencyConflict(instance.Id.ToString());
            }

            if (stored is not null)
            {
                Unindex(stored);
            }

            instance.Revision++;
            _instances[copy.Id] = copy;
            Index(copy);

            if (!_history.TryGetValue(copy.Id, out var events))
            {
                events = [];
                _history[copy.Id] = events;
            }

            foreach (var historyEvent in instance.PendingHistory)
            {
                historyEvent.Sequence = ++_sequence;
                events.Add(historyEvent);
            }

            instance.PendingHistory.Clear();

            foreach (var message in instance.PendingOutbox)
            {
                message.Revision = 1;
                _outbox[message.Id] = message.Clone();
            }

            instance.PendingOutbox.Clear();
        }

        return Task.CompletedTask;
    }

    Task<OutboxMessage?> IOutboxStore.FindAsync(Guid id, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_outbox.TryGetValue(id, out var message) ? message.Clone() : null);
        }
    }

    public Task<IReadOnlyList<OutboxMessage>> FindDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<OutboxMessage> due = _outbox.Values
                .Where(m => m.State == OutboxState.Pending && m.NextAttemptAt <= now)
                .OrderBy(m => m.CreatedAt)
                .Take(max)
                .Select(m => m.Clone())
                .ToList();
            return Task.FromResult(due);
        }
    }

    public Task<IReadOnlyList<OutboxMessage>> ListAsync(OutboxState state, int max, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<OutboxMessage> list = _outbox.Values
                .Where(m => m.State == state)
                .OrderByDescending(m => m.CreatedAt)
                .Take(max)
                .Select(m => m.Clone())
                .ToList();
            return Task.FromResult(list);
        }
    }

    public Task<IReadOnlyList<Guid>> ReleaseLeasesAsync(OutboxNode node, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(node);
        lock (_lock)
        {
            var released = _outbox.Values
                .Where(m => m.State == OutboxState.Pending && m.NextAttemptAt > now && m.LeaseHolder != node.Holder && node.IsThisNode(m.LeaseHolder))
                .ToList();
            foreach (var message in released)
            {
                message.NextAttemptAt = now;
                message.LeaseHolder = null;
                message.Revision++;
            }

            IReadOnlyList<Guid> ids = released.Select(m => m.Id).ToList();
            return Task.FromResult(ids);
        }
    }

    public Task UpdateAsync(OutboxMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_lock)
        {
            if (!_outbox.TryGetValue(message.Id, out var stored) || stored.Revision != message.Revision)
            {
                throw WorkflowErrors.ConcurrencyConflict(message.Id.ToString());
            }

            message.Revision++;
            _outbox[message.Id] = message.Clone();
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<HumanTask>> QueryTasksAsync(TaskQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_lock)
        {
            // An instance's own tasks are found through the instance, not by scanning every task.
            IEnumerable<HumanTask> source = query.InstanceId is { } instanceId
                ? _instances.TryGetValue(instanceId, out var owner) ? owner.Tasks : []
                : query.State == HumanTaskState.Open ? _openTasks.Values : _tasks.Values;
            IReadOnlyList<HumanTask> result = source
                .Where(query.Matches)
                .OrderBy(t => t.DueAt ?? DateTimeOffset.MaxValue)
                .ThenBy(t => t.CreatedAt)
                .ThenBy(t => t.Id)
                .Take(query.Max)
                .Select(t => t.Clone())
                .ToList();
            return Task.FromResult(result);
        }
    }

    public Task<HumanTask?> FindTaskAsync(Guid taskId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_tasks.TryGetValue(taskId, out var task) ? task.Clone() : null);
        }
    }

    public Task<IReadOnlyList<DueTimer>> FindDueTimersAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var due = new List<DueTimer>();
            foreach (var (dueAt, timerId) in _timersByDue)
            {
                if (dueAt > now || due.Count >= max)
                {
                    break;
                }

                due.Add(new DueTimer(timerId, _timers[timerId].InstanceId, dueAt));
            }

            return Task.FromResult<IReadOnlyList<DueTimer>>(due);
        }
    }

    public Task<IReadOnlyList<MessageSubscription>> FindSubscriptionsAsync(string messageName, string? businessKey, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<MessageSubscription> result = _subscriptions.TryGetValue(messageName, out var list)
                ? list.Where(s => businessKey is null || s.BusinessKey == businessKey).Select(s => s.Clone()).ToList()
                : [];
            return Task.FromResult(result);
        }
    }

    public Task<IReadOnlyList<ProcessInstance>> QueryInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_lock)
        {
            IReadOnlyList<ProcessInstance> result = _instances.Values
                .Where(i => (query.DefinitionKey is null || i.DefinitionKey == query.DefinitionKey)
                    && (query.DefinitionVersion is null || i.DefinitionVersion == query.DefinitionVersion)
                    && (query.BusinessKey is null || i.BusinessKey == query.BusinessKey)
                    && (query.State is null || i.State == query.State))
                .OrderBy(i => i.StartedAt)
                .Take(query.Max)
                .Select(i => i.Clone())
                .ToList();
            return Task.FromResult(result);
        }
    }

    public Task<IReadOnlyList<HistoryEvent>> GetAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<HistoryEvent> result = _history.TryGetValue(instanceId, out var events) ? events.ToList() : [];
            return Task.FromResult(result);
        }
    }

    private void Index(ProcessInstance instance)
    {
        foreach (var task in instance.Tasks)
        {
            _tasks[task.Id] = task;
            if (task.IsOpen)
            {
                _openTasks[task.Id] = task;
            }
        }

        foreach (var timer in instance.Timers)
        {
            _timers[timer.Id] = (instance.Id, timer.DueAt);
            _timersByDue.Add((timer.DueAt, timer.Id));
        }

        foreach (var subscription in instance.Subscriptions)
        {
            if (!_subscriptions.TryGetValue(subscription.MessageName, out var list))
            {
                list = [];
                _subscriptions[subscription.MessageName] = list;
            }

            list.Add(subscription);
        }
    }

    private void Unindex(ProcessInstance instance)
    {
        foreach (var task in instance.Tasks)
        {
            _tasks.Remove(task.Id);
            _openTasks.Remove(task.Id);
        }

        foreach (var timer in instance.Timers)
        {
            if (_timers.Remove(timer.Id, out var entry))
            {
                _timersByDue.Remove((entry.DueAt, timer.Id));
            }
        }

        foreach (var subscription in instance.Subscriptions)
        {
            if (_subscriptions.TryGetValue(subscription.MessageName, out var list))
            {
                list.RemoveAll(s => s.Id == subscription.Id);
            }
        }
    }
}

/// <summary>The end of a command that holds nothing.</summary>
internal sealed class NoCommand : IAsyncDisposable
{
    public static readonly NoCommand Instance = new();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
