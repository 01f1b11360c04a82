using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Sicantik.Workflows.History;
using Sicantik.Workflows.Outbox;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Stores;
using Sicantik.Workflows.Tasks;

namespace Sicantik.Workflows.EntityFrameworkCore;

/// <summary>
/// Instances, tasks, timers, history and outbox on the application's <typeparamref name="TContext"/>. A save is the
/// context's <c>SaveChanges</c>: the step's instance rows, history, outbox messages and whatever the step's handlers
/// wrote to the same context commit together, or not at all.
/// </summary>
/// <remarks>
/// On a concurrency conflict the context's pending changes are discarded (they belonged to the step that lost), so that
/// the engine can run the command again on fresh state.
/// </remarks>
public sealed class EfInstanceStore<TContext>(TContext context) : IInstanceStore, IHistoryStore, IOutboxStore
    where TContext : DbContext
{
    private static readonly long NoDueDate = DateTimeOffset.MaxValue.UtcTicks;

    public async Task<ProcessInstance?> LoadAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        // A command always starts from what is stored, not from what an earlier command in this scope left tracked.
        using (PauseChangeDetection())
        {
            var tracked = context.ChangeTracker.Entries<ProcessInstance>().FirstOrDefault(e => e.Entity.Id == instanceId)?.Entity;
            Detach(e => e.Entity is ProcessInstance i ? i.Id == instanceId
                : e.Entity is Token t ? tracked?.Tokens.Contains(t) == true
                : e.Entity is TaskComment c ? tracked?.Tasks.Exists(task => task.Comments.Contains(c)) == true
                : InstanceIdOf(e.Entity) == instanceId);
        }

        // Two statements (each one costs a prepared statement on SQLite, a round trip on a server): the instance with its
        // tokens, timers, subscriptions and incidents joined (few rows each), then its tasks, which tracking puts into
        // instance.Tasks. Tasks are the widest rows and the longest list, so they are not multiplied by the joins.
        // The inbox rows are not loaded: they follow from the tasks as loaded (see SyncCandidates).
        var instance = await context.Set<ProcessInstance>()
            .Include(i => i.Tokens)
            .Include(i => i.Timers)
            .Include(i => i.Subscriptions)
            .Include(i => i.Incidents)
            .AsSingleQuery()
            .SingleOrDefaultAsync(i => i.Id == instanceId, cancellationToken);
        if (instance is not null)
        {
            await context.Set<HumanTask>().Where(t => t.InstanceId == instanceId).LoadAsync(cancellationToken);
        }

        return instance;
    }

    public async Task SaveAsync(ProcessInstance instance, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);

        // Changes are detected here, for the instance and for whatever the step's handlers changed in the same context,
        // and once more by SaveChanges; the Entry() and Entries() calls in between would each scan everything again.
        var candidates = new List<EntityEntry<TaskCandidate>>();
        using (PauseChangeDetection())
        {
            if (instance.Revision == 0)
            {
                instance.Revision = 1;
                context.Add(instance);
            }
            else
            {
                var entry = context.Entry(instance);
                if (entry.State == EntityState.Detached)
                {
                    throw new InvalidOperationException($"Instance {instance.Id} was not loaded by this store; load it before saving.");
                }

                entry.Property(i => i.Revision).OriginalValue = instance.Revision;
                instance.Revision++;
                context.ChangeTracker.DetectChanges();
                TrackNewChildren(instance);
            }

            SyncCandidates(instance, candidates);
            context.AddRange(instance.PendingHistory);
            context.AddRange(instance.PendingOutbox);
        }

        try
        {
            await context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            DiscardPendingChanges();
            instance.Revision--;
            throw WorkflowErrors.ConcurrencyConflict(instance.Id.ToString());
        }

        // Committed: stop tracking the step's rows, so that a scope that moves many instances (a sweep, a batch) does not
        // carry every graph into each later SaveChanges. The next command on this instance loads it afresh.
        using (PauseChangeDetection())
        {
            var history = instance.PendingHistory.ToHashSet();
            var outbox = instance.PendingOutbox.ToHashSet();
            foreach (var candidate in candidates)
            {
                candidate.State = EntityState.Detached;
            }

            Detach(e => e.Entity is ProcessInstance i ? i.Id == instance.Id
                : e.Entity is Token t ? instance.Tokens.Contains(t)
                : e.Entity is HistoryEvent h ? history.Contains(h)
                : e.Entity is OutboxMessage m ? outbox.Contains(m)
                : e.Entity is TaskComment c ? instance.Tasks.Exists(task => task.Comments.Contains(c))
                : InstanceIdOf(e.Entity) == instance.Id);
        }

        instance.PendingHistory.Clear();
        instance.PendingOutbox.Clear();
    }

    public async Task<IReadOnlyList<HumanTask>> QueryTasksAsync(TaskQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query is { Inbox: { } user, State: HumanTaskState.Open } && query == new TaskQuery { Inbox = user, Max = query.Max })
        {
            return await InboxPageAsync(user, query.Max, cancellationToken);
        }

        var tasks = context.Set<HumanTask>().AsNoTracking();
        var candidates = context.Set<TaskCandidate>();
        if (query.State is { } state)
        {
            tasks = tasks.Where(t => t.State == state);
        }

        if (query.InstanceId is { } instanceId)
        {
            tasks = tasks.Where(t => t.InstanceId == instanceId);
        }

        if (query.BusinessKey is { } businessKey)
        {
            tasks = tasks.Where(t => t.BusinessKey == businessKey);
        }

        if (query.ElementId is { } elementId)
        {
            tasks = tasks.Where(t => t.ElementId == elementId);
        }

        if (query.DefinitionKey is { } definitionKey)
        {
            tasks = tasks.Where(t => t.DefinitionKey == definitionKey);
        }

        if (query.Assignee is { } assignee)
        {
            tasks = tasks.Where(t => t.Assignee == assignee);
        }

        if (query.CandidateGroup is { } group)
        {
            tasks = tasks.Where(t => t.CandidateGroups.Contains(group));
        }

        if (query.EscalatedToAny is { } roles)
        {
            var escalatedTo = roles.ToList();
            tasks = tasks.Where(t => t.EscalatedTo.Any(r => escalatedTo.Contains(r)));
        }

        if (query.OverdueAt is { } overdueAt)
        {
            tasks = tasks.Where(t => t.DueAt < overdueAt);
        }

        if (query.Inbox is { } inboxUser)
        {
            var keys = CandidateKeys(inboxUser);
            tasks = tasks.Where(t => t.Assignee == inboxUser.Id || (t.Assignee == null && candidates.Any(c => c.TaskId == t.Id && keys.Contains(c.Candidate))));
        }

        if (query.AvailableTo is { } availableTo)
        {
            var keys = CandidateKeys(availableTo);
            tasks = tasks.Where(t => t.Assignee == null && candidates.Any(c => c.TaskId == t.Id && keys.Contains(c.Candidate)));
        }

        return await tasks
            .OrderBy(t => t.DueAt == null)
            .ThenBy(t => t.DueAt)
            .ThenBy(t => t.CreatedAt)
            .ThenBy(t => t.Id)
            .Take(query.Max)
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// A user's inbox page from the indexes alone: the first <paramref name="max"/> ids of their own open tasks by
    /// (Assignee, State, DueAt) and of each of their candidate keys by (Candidate, DueOrder), then those tasks by id.
    /// Sorting every open task instead took ~0.5 s at 100,000 open tasks (bench/README.md); this takes milliseconds.
    /// </summary>
    private async Task<IReadOnlyList<HumanTask>> InboxPageAsync(WorkflowUser user, int max, CancellationToken cancellationToken)
    {
        var tasks = context.Set<HumanTask>().AsNoTracking();
        var ids = tasks
            .Where(t => t.Assignee == user.Id && t.State == HumanTaskState.Open)
            .OrderBy(t => t.DueAt == null)
            .ThenBy(t => t.DueAt)
            .ThenBy(t => t.CreatedAt)
            .ThenBy(t => t.Id)
            .Take(max)
            .Select(t => t.Id);
        foreach (var key in CandidateKeys(user))
        {
            ids = ids.Concat(context.Set<TaskCandidate>().Where(c => c.Candidate == key).OrderBy(c => c.DueOrder).Take(max).Select(c => c.TaskId));
        }

        // Candidate rows exist for open, unassigned tasks only, so the outer query needs no state filter.
        return await tasks
            .Where(t => ids.Contains(t.Id))
            .OrderBy(t => t.DueAt == null)
            .ThenBy(t => t.DueAt)
            .ThenBy(t => t.CreatedAt)
            .ThenBy(t => t.Id)
            .Take(max)
            .ToListAsync(cancellationToken);
    }

    public Task<HumanTask?> FindTaskAsync(Guid taskId, CancellationToken cancellationToken = default) =>
        context.Set<HumanTask>().AsNoTracking().SingleOrDefaultAsync(t => t.Id == taskId, cancellationToken);

    public async Task<IReadOnlyList<DueTimer>> FindDueTimersAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default) =>
        await context.Set<InstanceTimer>().AsNoTracking()
            .Where(t => t.DueAt <= now)
            .OrderBy(t => t.DueAt)
            .Take(max)
            .Select(t => new DueTimer(t.Id, t.InstanceId, t.DueAt))
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<MessageSubscription>> FindSubscriptionsAsync(string messageName, string? businessKey, CancellationToken cancellationToken = default) =>
        await context.Set<MessageSubscription>().AsNoTracking()
            .Where(s => s.MessageName == messageName && (businessKey == null || s.BusinessKey == businessKey))
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<ProcessInstance>> QueryInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var instances = context.Set<ProcessInstance>().AsNoTracking()
            .Include(i => i.Tokens)
            .Include(i => i.Tasks)
            .Include(i => i.Timers)
            .Include(i => i.Subscriptions)
            .Include(i => i.Incidents)
            .AsSplitQuery()
            .Where(i => (query.DefinitionKey == null || i.DefinitionKey == query.DefinitionKey)
                && (query.DefinitionVersion == null || i.DefinitionVersion == query.DefinitionVersion)
                && (query.BusinessKey == null || i.BusinessKey == query.BusinessKey)
                && (query.State == null || i.State == query.State));
        return await instances.OrderBy(i => i.StartedAt).ThenBy(i => i.Id).Take(query.Max).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<HistoryEvent>> GetAsync(Guid instanceId, CancellationToken cancellationToken = default) =>
        await context.Set<HistoryEvent>().AsNoTracking()
            .Where(e => e.InstanceId == instanceId)
            .OrderBy(e => e.Sequence)
            .ToListAsync(cancellationToken);

    Task<OutboxMessage?> IOutboxStore.FindAsync(Guid id, CancellationToken cancellationToken) =>
        context.Set<OutboxMessage>().AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, cancellationToken);

    public async Task<IReadOnlyList<OutboxMessage>> FindDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default) =>
        await context.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.State == OutboxState.Pending && m.NextAttemptAt <= now)
            .OrderBy(m => m.NextAttemptAt)
            .Take(max)
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<OutboxMessage>> ListAsync(OutboxState state, int max, CancellationToken cancellationToken = default) =>
        await context.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.State == state)
            .OrderByDescending(m => m.CreatedAt)
            .Take(max)
            .ToListAsync(cancellationToken);

    public async Task UpdateAsync(OutboxMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        Detach(e => e.Entity is OutboxMessage m && m.Id == message.Id);
        var entry = context.Attach(message);
        entry.Property(m => m.Revision).OriginalValue = message.Revision;
        message.Revision++;
        entry.State = EntityState.Modified;
        try
        {
            await context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            entry.State = EntityState.Detached;
            message.Revision--;
            throw WorkflowErrors.ConcurrencyConflict(message.Id.ToString());
        }
        finally
        {
            entry.State = EntityState.Detached;
        }
    }

    private static List<string> CandidateKeys(WorkflowUser user) => [.. user.Groups, TaskCandidate.ForUser(user.Id)];

    /// <summary>New tokens, tasks, timers, subscriptions and incidents are inserted; EF cannot tell them from existing rows by their keys.</summary>
    private void TrackNewChildren(ProcessInstance instance)
    {
        IEnumerable<object> children = [.. instance.Tokens, .. instance.Tasks, .. instance.Timers, .. instance.Subscriptions, .. instance.Incidents];
        foreach (var child in children)
        {
            var entry = context.Entry(child);
            if (entry.State == EntityState.Detached)
            {
                entry.State = EntityState.Added;
            }
        }
    }

    /// <summary>
    /// Makes the inbox index say what the tasks say: a row per candidate of every open, unassigned task. The rows stored
    /// are those of the tasks as they were loaded (the tracked original values), so they are not read back; only the
    /// difference is written, as rows to insert, delete or re-date. The store alone writes these rows, on every save of
    /// the instance, so what the tasks said when loaded is what the index holds.
    /// </summary>
    private void SyncCandidates(ProcessInstance instance, List<EntityEntry<TaskCandidate>> written)
    {
        var stored = new Dictionary<(Guid TaskId, string Candidate), long>();
        var wanted = new Dictionary<(Guid TaskId, string Candidate), long>();
        foreach (var entry in context.ChangeTracker.Entries<HumanTask>())
        {
            if (entry.Entity.InstanceId == instance.Id && entry.State is EntityState.Unchanged or EntityState.Modified or EntityState.Deleted)
            {
                var original = entry.OriginalValues;
                AddCandidates(
                    stored,
                    entry.Entity.Id,
                    original.GetValue<HumanTaskState>(nameof(HumanTask.State)),
                    original.GetValue<string?>(nameof(HumanTask.Assignee)),
                    original.GetValue<DateTimeOffset?>(nameof(HumanTask.DueAt)),
                    original.GetValue<List<string>>(nameof(HumanTask.CandidateGroups)),
                    original.GetValue<List<string>>(nameof(HumanTask.CandidateUsers)));
            }
        }

        foreach (var task in instance.Tasks)
        {
            AddCandidates(wanted, task.Id, task.State, task.Assignee, task.DueAt, task.CandidateGroups, task.CandidateUsers);
        }

        foreach (var ((taskId, candidate), dueOrder) in stored)
        {
            var row = new TaskCandidate { TaskId = taskId, InstanceId = instance.Id, Candidate = candidate, DueOrder = dueOrder };
            if (!wanted.Remove((taskId, candidate), out var wantedOrder))
            {
                written.Add(Track(row, EntityState.Deleted));
            }
            else if (wantedOrder != dueOrder)
            {
                var entry = Track(row, EntityState.Unchanged);
                entry.Entity.DueOrder = wantedOrder;
                entry.Property(c => c.DueOrder).IsModified = true;
                written.Add(entry);
            }
        }

        foreach (var ((taskId, candidate), dueOrder) in wanted)
        {
            written.Add(Track(new TaskCandidate { TaskId = taskId, InstanceId = instance.Id, Candidate = candidate, DueOrder = dueOrder }, EntityState.Added));
        }
    }

    private static void AddCandidates(Dictionary<(Guid TaskId, string Candidate), long> rows, Guid taskId, HumanTaskState state, string? assignee, DateTimeOffset? dueAt, List<string> groups, List<string> users)
    {
        if (state != HumanTaskState.Open || assignee is not null)
        {
            return;
        }

        var dueOrder = dueAt?.UtcTicks ?? NoDueDate;
        foreach (var group in groups)
        {
            rows[(taskId, group)] = dueOrder;
        }

        foreach (var user in users)
        {
            rows[(taskId, TaskCandidate.ForUser(user))] = dueOrder;
        }
    }

    /// <summary>Tracks an inbox row, not read from the database, in <paramref name="state"/>.</summary>
    private EntityEntry<TaskCandidate> Track(TaskCandidate row, EntityState state)
    {
        var entry = context.Entry(row);
        entry.State = state;
        return entry;
    }

    /// <summary>Turns automatic change detection off until disposed; the caller detects changes when it needs them.</summary>
    private ChangeDetectionPause PauseChangeDetection() => new(context.ChangeTracker);

    private readonly struct ChangeDetectionPause : IDisposable
    {
        private readonly ChangeTracker _tracker;
        private readonly bool _was;

        public ChangeDetectionPause(ChangeTracker tracker)
        {
            _tracker = tracker;
            _was = tracker.AutoDetectChangesEnabled;
            tracker.AutoDetectChangesEnabled = false;
        }

        public void Dispose() => _tracker.AutoDetectChangesEnabled = _was;
    }

    private void DiscardPendingChanges()
    {
        foreach (var entry in context.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList())
        {
            entry.State = EntityState.Detached;
        }
    }

    private void Detach(Func<EntityEntry, bool> predicate)
    {
        foreach (var entry in context.ChangeTracker.Entries().Where(predicate).ToList())
        {
            entry.State = EntityState.Detached;
        }
    }

    private static Guid? InstanceIdOf(object entity) => entity switch
    {
        HumanTask t => t.InstanceId,
        InstanceTimer t => t.InstanceId,
        MessageSubscription s => s.InstanceId,
        Incident i => i.InstanceId,
        TaskCandidate c => c.InstanceId,
        _ => null,
    };
}
