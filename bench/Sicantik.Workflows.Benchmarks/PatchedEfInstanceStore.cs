using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Sicantik.Workflows.History;
using Sicantik.Workflows.Outbox;
using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Stores;
using Sicantik.Workflows.EntityFrameworkCore;
using Sicantik.Workflows.Tasks;

namespace Sicantik.Workflows.Benchmarks;

/// <summary>
/// <c>--experiment store-patch</c> (and <c>store-single-query</c>): a copy of
/// src/Sicantik.Workflows.EntityFrameworkCore/EfInstanceStore.cs (as of commit 9e446e0) with the changes proposed for
/// it, to measure them. Changes, each marked "PATCH": (1) change detection runs once per save instead of four times
/// (SaveAsync's DetectChanges, Entry() per child, Entries() in SyncCandidates and Detach, SaveChanges) and not at all
/// when LoadAsync detaches; (2) with store-single-query, LoadAsync reads the instance and its children in one
/// statement instead of six.
/// </summary>
public sealed class PatchedEfInstanceStore<TContext>(TContext context, PatchedStoreOptions patch) : IInstanceStore, IHistoryStore, IOutboxStore
    where TContext : DbContext
{
    private static readonly long NoDueDate = DateTimeOffset.MaxValue.UtcTicks;

    public async Task<ProcessInstance?> LoadAsync(Guid instanceId, CancellationToken cancellationToken = default)
    {
        // A command always starts from what is stored, not from what an earlier command in this scope left tracked.
        var tracked = context.ChangeTracker.Entries<ProcessInstance>().FirstOrDefault(e => e.Entity.Id == instanceId)?.Entity;
        Detach(e => e.Entity is ProcessInstance i ? i.Id == instanceId
            : e.Entity is Token t ? tracked?.Tokens.Contains(t) == true
            : e.Entity is TaskComment c ? tracked?.Tasks.Exists(task => task.Comments.Contains(c)) == true
            : InstanceIdOf(e.Entity) == instanceId);
        var instance = await context.Set<ProcessInstance>()
            .Include(i => i.Tokens)
            .Include(i => i.Tasks)
            .Include(i => i.Timers)
            .Include(i => i.Subscriptions)
            .Include(i => i.Incidents)
            .AsSplitQueryUnless(patch.SingleQuery) // PATCH (2)
            .SingleOrDefaultAsync(i => i.Id == instanceId, cancellationToken);
        if (instance is not null)
        {
            await context.Set<TaskCandidate>().Where(c => c.InstanceId == instanceId).LoadAsync(cancellationToken);
        }

        return instance;
    }

    public async Task SaveAsync(ProcessInstance instance, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);

        // PATCH (1): the one DetectChanges below; nothing else in the save triggers another.
        var autoDetect = context.ChangeTracker.AutoDetectChangesEnabled;
        context.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            await SaveCoreAsync(instance, cancellationToken);
        }
        finally
        {
            context.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    private async Task SaveCoreAsync(ProcessInstance instance, CancellationToken cancellationToken)
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

        SyncCandidates(instance);
        context.AddRange(instance.PendingHistory);
        context.AddRange(instance.PendingOutbox);
        try
        {
            await context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            DiscardPendingChanges();
            instance.Revision--;
            throw new WorkflowException(WorkflowError.ConcurrencyConflict, $"Instance {instance.Id} was changed by someone else.");
        }

        // Committed: stop tracking the step's rows, so that a scope that moves many instances (a sweep, a batch) does not
        // carry every graph into each later SaveChanges. The next command on this instance loads it afresh.
        var history = instance.PendingHistory.ToHashSet();
        var outbox = instance.PendingOutbox.ToHashSet();
        Detach(e => e.Entity is ProcessInstance i ? i.Id == instance.Id
            : e.Entity is Token t ? instance.Tokens.Contains(t)
            : e.Entity is HistoryEvent h ? history.Contains(h)
            : e.Entity is OutboxMessage m ? outbox.Contains(m)
            : e.Entity is TaskComment c ? instance.Tasks.Exists(task => task.Comments.Contains(c))
            : InstanceIdOf(e.Entity) == instance.Id);
        instance.PendingHistory.Clear();
        instance.PendingOutbox.Clear();
    }

    public async Task<IReadOnlyList<HumanTask>> QueryTasksAsync(TaskQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
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
            throw new WorkflowException(WorkflowError.ConcurrencyConflict, $"Outbox message {message.Id} was changed by someone else.");
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

    /// <summary>Makes the inbox index say what the tasks say: a row per candidate of every open, unassigned task.</summary>
    private void SyncCandidates(ProcessInstance instance)
    {
        var wanted = new Dictionary<(Guid TaskId, string Candidate), long>();
        foreach (var task in instance.Tasks.Where(t => t.IsOpen && t.Assignee is null))
        {
            var dueOrder = task.DueAt?.UtcTicks ?? NoDueDate;
            foreach (var candidate in task.CandidateGroups.Concat(task.CandidateUsers.Select(TaskCandidate.ForUser)))
            {
                wanted[(task.Id, candidate)] = dueOrder;
            }
        }

        var existing = context.ChangeTracker.Entries<TaskCandidate>()
            .Where(e => e.Entity.InstanceId == instance.Id && e.State != EntityState.Deleted)
            .ToList();
        foreach (var entry in existing)
        {
            var key = (entry.Entity.TaskId, entry.Entity.Candidate);
            if (!wanted.Remove(key, out var dueOrder))
            {
                entry.State = entry.State == EntityState.Added ? EntityState.Detached : EntityState.Deleted;
            }
            else if (entry.Entity.DueOrder != dueOrder)
            {
                entry.Property(c => c.DueOrder).CurrentValue = dueOrder; // PATCH (1): tells the tracker; no detection needed
            }
        }

        foreach (var ((taskId, candidate), dueOrder) in wanted)
        {
            context.Add(new TaskCandidate { TaskId = taskId, InstanceId = instance.Id, Candidate = candidate, DueOrder = dueOrder });
        }
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
        // PATCH (1): finding what to detach needs no change detection.
        var autoDetect = context.ChangeTracker.AutoDetectChangesEnabled;
        context.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            foreach (var entry in context.ChangeTracker.Entries().Where(predicate).ToList())
            {
                entry.State = EntityState.Detached;
            }
        }
        finally
        {
            context.ChangeTracker.AutoDetectChangesEnabled = autoDetect;
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

/// <summary>Which of the proposed store changes are on.</summary>
public sealed record PatchedStoreOptions(bool SingleQuery);

internal static class PatchedQueryExtensions
{
    public static IQueryable<T> AsSplitQueryUnless<T>(this IQueryable<T> query, bool single)
        where T : class => single ? query.AsSingleQuery() : query.AsSplitQuery();
}
