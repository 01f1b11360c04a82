using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage;
using Sicantik.Workflows.Expressions;
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
public sealed class EfInstanceStore<TContext>(TContext context, InstanceMemory memory, SqliteStepWriter stepWriter) : IInstanceStore, IHistoryStore, IOutboxStore
    where TContext : DbContext
{
    private static readonly long NoDueDate = DateTimeOffset.MaxValue.UtcTicks;

    // Compiled once per context type: a LINQ query is otherwise funcletized and looked up in the query cache on every call.
    private static readonly Func<TContext, Guid, CancellationToken, Task<ProcessInstance?>> InstanceById = EF.CompileAsyncQuery(
        (TContext c, Guid id, CancellationToken _) => c.Set<ProcessInstance>().AsNoTracking()
            .Include(i => i.Tokens)
            .Include(i => i.Timers)
            .Include(i => i.Subscriptions)
            .Include(i => i.Incidents)
            .AsSingleQuery()
            .SingleOrDefault(i => i.Id == id));

    // The instance a task belongs to, found through the task's primary key in the same statement.
    private static readonly Func<TContext, Guid, CancellationToken, Task<ProcessInstance?>> InstanceByTask = EF.CompileAsyncQuery(
        (TContext c, Guid taskId, CancellationToken _) => c.Set<ProcessInstance>().AsNoTracking()
            .Include(i => i.Tokens)
            .Include(i => i.Timers)
            .Include(i => i.Subscriptions)
            .Include(i => i.Incidents)
            .AsSingleQuery()
            .SingleOrDefault(i => i.Id == c.Set<HumanTask>().Where(t => t.Id == taskId).Select(t => t.InstanceId).FirstOrDefault()));

    private static readonly Func<TContext, Guid, IAsyncEnumerable<HumanTask>> TasksOfInstance = EF.CompileAsyncQuery(
        (TContext c, Guid id) => c.Set<HumanTask>().AsNoTracking().Where(t => t.InstanceId == id));

    // What a command on a task needs of its instance's tasks (see LoadByTaskAsync).
    private static readonly Func<TContext, Guid, Guid[], IAsyncEnumerable<HumanTask>> OpenOrReferencedTasks = EF.CompileAsyncQuery(
        (TContext c, Guid id, Guid[] referenced) => c.Set<HumanTask>().AsNoTracking()
            .Where(t => t.InstanceId == id && (t.State == HumanTaskState.Open || referenced.Contains(t.Id))));

    private static readonly Func<TContext, Guid, CancellationToken, Task<HumanTask?>> TaskById = EF.CompileAsyncQuery(
        (TContext c, Guid id, CancellationToken _) => c.Set<HumanTask>().AsNoTracking().SingleOrDefault(t => t.Id == id));

    private static readonly Func<TContext, Guid, HumanTaskState, int, IAsyncEnumerable<HumanTask>> TasksOfInstanceInState = EF.CompileAsyncQuery(
        (TContext c, Guid id, HumanTaskState state, int max) => c.Set<HumanTask>().AsNoTracking()
            .Where(t => t.InstanceId == id && t.State == state)
            .OrderBy(t => t.DueAt == null)
            .ThenBy(t => t.DueAt)
            .ThenBy(t => t.CreatedAt)
            .ThenBy(t => t.Id)
            .Take(max));

    /// <summary>The instances this store loaded and has not saved yet, as stored.</summary>
    private readonly Dictionary<Guid, LoadedInstance> _loaded = [];

    /// <summary>Whether the save under way left task comments to EF Core.</summary>
    private bool _commentsWritten;

    /// <summary>The context's provider, looked up once: a save's snapshot asks it for every instant it copies.</summary>
    private string? _provider;

    /// <summary>
    /// Opens the context's connection for the command: EF Core otherwise opens and closes it around every statement,
    /// which on SQLite re-registers the provider's functions on each open and on PostgreSQL returns the connection to the
    /// pool (and resets it) between a step's statements. EF Core counts opens, so commands nest; the pooled context
    /// closes the connection in any case when its scope ends.
    /// </summary>
    public async ValueTask<IAsyncDisposable> BeginCommandAsync(CancellationToken cancellationToken = default)
    {
        await context.Database.OpenConnectionAsync(cancellationToken);
        return new OpenConnection(context);
    }

    public Task<ProcessInstance?> LoadAsync(Guid instanceId, CancellationToken cancellationToken = default) =>
        LoadAsync(InstanceById(context, instanceId, cancellationToken), instanceId, null, cancellationToken);

    /// <summary>
    /// The instance with the tasks a command on <paramref name="taskId"/> can touch: its open tasks, that task, and those its
    /// tokens refer to. Its finished tasks stay in the database: they are most of an instance's task rows late in the SOP,
    /// and reading them was most of the load (bench/README.md). Rows not read are neither compared nor written on save.
    /// </summary>
    /// <remarks>
    /// When this process saved the instance last and still remembers it (<see cref="InstanceMemory"/>), the answer is a
    /// copy of that and no row is read.
    /// </remarks>
    public Task<ProcessInstance?> LoadByTaskAsync(Guid taskId, CancellationToken cancellationToken = default)
    {
        if (memory.Recall(taskId) is { } remembered)
        {
            var copy = remembered.Clone();
            copy.Variables = (Dictionary<string, object?>)VariableValues.Normalize(remembered.Variables)!;
            _loaded[copy.Id] = LoadedInstance.Remembered(remembered);
            return Task.FromResult<ProcessInstance?>(copy);
        }

        return LoadAsync(InstanceByTask(context, taskId, cancellationToken), null, taskId, cancellationToken);
    }

    public bool IsRemembered(ProcessInstance instance) =>
        _loaded.TryGetValue(instance.Id, out var loaded) && loaded.IsRemembered;

    public void Forget(Guid instanceId) => memory.Forget(instanceId);

    // Two statements (each one costs a prepared statement on SQLite, a round trip on a server): the instance with its
    // tokens, timers, subscriptions and incidents joined (few rows each), then its tasks, which are the widest rows and the
    // longest list, so they are not multiplied by the joins. Nothing is tracked: the store keeps its own copy of what it
    // read and writes the difference on save (see LoadedInstance). The inbox rows are not read either: they follow from
    // the tasks as loaded (see SyncCandidates).
    private async Task<ProcessInstance?> LoadAsync(Task<ProcessInstance?> reading, Guid? instanceId, Guid? forTask, CancellationToken cancellationToken)
    {
        var instance = await reading;
        if (instance is null)
        {
            if (instanceId is { } id)
            {
                _loaded.Remove(id);
            }

            return null;
        }

        var tasks = forTask is { } acted
            ? OpenOrReferencedTasks(context, instance.Id, ReferencedTasks(instance, acted))
            : TasksOfInstance(context, instance.Id);
        await foreach (var task in tasks.WithCancellation(cancellationToken))
        {
            instance.Tasks.Add(task);
        }

        _loaded[instance.Id] = LoadedInstance.Of(instance);
        return instance;
    }

    private static Guid[] ReferencedTasks(ProcessInstance instance, Guid acted)
    {
        var ids = TasksTokensReferTo(instance);
        ids.Add(acted);
        return [.. ids];
    }

    /// <summary>The tasks the instance's tokens wait on or escalate (an escalation path names its late task).</summary>
    private static HashSet<Guid> TasksTokensReferTo(ProcessInstance instance)
    {
        var ids = new HashSet<Guid>();
        foreach (var token in instance.Tokens)
        {
            if (token.TaskId is { } waitsOn)
            {
                ids.Add(waitsOn);
            }

            if (token.EscalatedTaskId is { } escalated)
            {
                ids.Add(escalated);
            }
        }

        return ids;
    }

    public async Task SaveAsync(ProcessInstance instance, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ProcessInstance? stored = null;
        if (instance.Revision != 0)
        {
            if (!_loaded.Remove(instance.Id, out var loaded))
            {
                throw new InvalidOperationException($"Instance {instance.Id} was not loaded by this store; load it before saving.");
            }

            stored = loaded.Stored;
        }

        // One transaction: the instance's row, whose revision check (the guard) decides whether the step won, and the rows
        // of the step that differ from what was loaded, as one batch of SQL; SaveChanges for what EF Core writes better
        // (tasks with comments, a JSON column of owned entries) and for whatever the step's handlers changed in the same
        // context. A step that lost rolls back whatever it wrote. A transaction the host opened on the context is joined
        // instead.
        var database = context.Database;
        var tracker = context.ChangeTracker;
        var autoDetect = tracker.AutoDetectChangesEnabled;
        var written = new List<EntityEntry>();
        IDbContextTransaction? own = null;
        IDisposable? writing = null;
        var committed = false;
        var variablesChanged = true;
        _commentsWritten = false;
        try
        {
            var batch = new RowBatch(context);

            // Whether the batch can be the step's whole write, when EF Core has nothing to write: PostgreSQL's implicit
            // transaction or SQLite's writer connection, outside any transaction of the host's.
            var batchAlone = database.CurrentTransaction is null && (RowBatch.CanCommitAlone(context) || SqliteStepWriter.Serves(context));
            if (stored is null)
            {
                instance.Revision = 1;
                if (batchAlone && !tracker.HasChanges() && instance.Tasks.TrueForAll(t => t.Comments.Count == 0))
                {
                    // Nothing of the host's to save with it: the row leads the step's batch, written as any other step.
                    batch.Insert(RowOf(instance));
                }
                else
                {
                    // The row goes through EF Core, tracked as added: hosts link their own rows to it while SaveChanges runs
                    // (the permit application takes the instance's id from its entry in SavingChanges).
                    written.Add(Track(RowOf(instance), EntityState.Added));
                }
            }
            else
            {
                variablesChanged = GuardInstanceRow(batch, instance, stored);
            }

            // Everything is staged before the transaction begins, so that the database's write lock is held only to write.
            Stage(batch, instance, stored, written);

            // HasChanges detects changes first when the context detects them automatically.
            var changes = tracker.HasChanges();
            if (!changes && batchAlone && RowBatch.CanCommitAlone(context))
            {
                // PostgreSQL: the batch is the transaction (see RowBatch.ExecuteAsImplicitTransactionAsync).
                await database.OpenConnectionAsync(cancellationToken);
                try
                {
                    if (!await batch.ExecuteAsImplicitTransactionAsync(database.GetDbConnection(), cancellationToken))
                    {
                        throw Lost(instance, stored);
                    }

                    committed = true;
                }
                finally
                {
                    await database.CloseConnectionAsync();
                }
            }
            else if (!changes && batchAlone)
            {
                // SQLite: the step's rows on the file's writer connection, whose page cache no other writer invalidates, and
                // in one commit with the steps that wait for the file alongside it.
                if (!await stepWriter.WriteAsync(context, batch.ExecuteAsync, cancellationToken))
                {
                    throw Lost(instance, stored);
                }

                committed = true;
            }
            else
            {
                if (database.CurrentTransaction is null)
                {
                    writing = await SqliteWriters.EnterAsync(context, cancellationToken);
                    own = await database.BeginTransactionAsync(cancellationToken);
                }

                var transaction = database.CurrentTransaction!.GetDbTransaction();

                // EF Core's rows (a new instance's row, which the batch's rows refer to; tasks with comments; the handlers'
                // rows) are written first, once the guard says this step won: SaveChanges accepts the entries it wrote. The
                // guard also runs alone in a host's transaction, which a lost step must leave as it was. Otherwise the guard
                // and the rest go together (one round trip where the provider batches), and a lost step rolls back.
                if ((changes || own is null) && !await batch.ExecuteGuardAsync(transaction, cancellationToken))
                {
                    throw Lost(instance, stored);
                }

                if (changes)
                {
                    tracker.AutoDetectChangesEnabled = false;
                    await context.SaveChangesAsync(cancellationToken);
                }

                if (!await batch.ExecuteAsync(transaction, cancellationToken))
                {
                    throw Lost(instance, stored);
                }

                if (own is not null)
                {
                    await own.CommitAsync(cancellationToken);
                    committed = true;
                }
            }
        }
        catch (Exception ex)
        {
            if (own is not null)
            {
                await own.RollbackAsync(CancellationToken.None);
            }

            // A failed SaveChanges puts back the temporary keys of rows it inserted; only a DetectChanges tells the
            // identity map, whose stale keys would otherwise clash with a retry's rows.
            tracker.DetectChanges();
            Untrack(written);
            memory.Forget(instance.Id);
            instance.Revision = stored?.Revision ?? 0;
            if (ex is DbUpdateConcurrencyException)
            {
                // The step lost: whatever it staged (the handlers' rows too) belongs to it and is dropped; the engine runs the
                // command again on fresh state.
                DiscardPendingChanges();
                throw WorkflowErrors.ConcurrencyConflict(instance.Id.ToString());
            }

            throw;
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = autoDetect;
            if (own is not null)
            {
                await own.DisposeAsync();
            }

            writing?.Dispose();
        }

        // Committed: stop tracking what EF Core wrote for the step, so that a scope that moves many instances (a sweep, a
        // batch) does not carry those rows into each later SaveChanges.
        Untrack(written);
        instance.PendingHistory.Clear();
        instance.PendingOutbox.Clear();

        // Remember what is stored now, when this store saw the commit (a host's transaction may still roll back) and wrote
        // no comments (EF Core writes that JSON column; its stored form is not derived here).
        if (committed && !_commentsWritten && !instance.IsEnded)
        {
            memory.Remember(AsStored(instance, stored, variablesChanged));
        }
        else
        {
            memory.Forget(instance.Id);
        }
    }

    /// <summary>
    /// A deep copy of <paramref name="instance"/> just saved, as a load would read it back: finished tasks its tokens do not
    /// refer to left out (as <see cref="LoadByTaskAsync"/> leaves them), variables in the form they are read in, instants
    /// as the provider keeps them.
    /// </summary>
    private ProcessInstance AsStored(ProcessInstance instance, ProcessInstance? stored, bool variablesChanged)
    {
        var copy = instance.Clone();
        var referenced = TasksTokensReferTo(copy);
        copy.Tasks.RemoveAll(t => !t.IsOpen && !referenced.Contains(t.Id));
        foreach (var token in copy.Tokens)
        {
            token.ArrivedAt = Stored(token.ArrivedAt);
        }

        copy.Variables = stored is not null && !variablesChanged
            ? stored.Variables
            : WorkflowModel.ReadVariables(WorkflowModel.WriteVariables(instance.Variables));
        copy.StartedAt = Stored(copy.StartedAt);
        copy.EndedAt = Stored(copy.EndedAt);
        foreach (var task in copy.Tasks)
        {
            task.CreatedAt = Stored(task.CreatedAt);
            task.DueAt = Stored(task.DueAt);
            task.FollowUpAt = Stored(task.FollowUpAt);
            task.ClaimedAt = Stored(task.ClaimedAt);
            task.CompletedAt = Stored(task.CompletedAt);
            task.EscalatedAt = Stored(task.EscalatedAt);
        }

        foreach (var timer in copy.Timers)
        {
            timer.DueAt = Stored(timer.DueAt);
            timer.CreatedAt = Stored(timer.CreatedAt);
        }

        foreach (var subscription in copy.Subscriptions)
        {
            subscription.CreatedAt = Stored(subscription.CreatedAt);
        }

        foreach (var incident in copy.Incidents)
        {
            incident.CreatedAt = Stored(incident.CreatedAt);
            incident.ResolvedAt = Stored(incident.ResolvedAt);
        }

        return copy;
    }

    private DateTimeOffset? Stored(DateTimeOffset? value) => value is { } instant ? Stored(instant) : null;

    /// <summary>
    /// An instant as the provider gives it back (see <see cref="WorkflowModel.ApplyWorkflowConventions"/>): in UTC on SQLite
    /// and PostgreSQL, whose timestamptz also keeps microseconds only; as it is on SQL Server (datetimeoffset keeps the offset
    /// and 100 ns).
    /// </summary>
    private DateTimeOffset Stored(DateTimeOffset value) => (_provider ??= DatabaseProvider.NameOf(context)) switch
    {
        DatabaseProvider.Sqlite => value.ToUniversalTime(),
        DatabaseProvider.PostgreSql => new DateTimeOffset(value.UtcTicks - (value.UtcTicks % 10), TimeSpan.Zero),
        _ => value,
    };

    /// <summary>The instance's own row, without its collections, so that tracking it pulls in none of its children.</summary>
    private static ProcessInstance RowOf(ProcessInstance instance) => new()
    {
        Id = instance.Id,
        DefinitionKey = instance.DefinitionKey,
        DefinitionVersion = instance.DefinitionVersion,
        BusinessKey = instance.BusinessKey,
        State = instance.State,
        StartedAt = instance.StartedAt,
        StartedBy = instance.StartedBy,
        EndedAt = instance.EndedAt,
        EndedWith = instance.EndedWith,
        Variables = instance.Variables,
        Revision = instance.Revision,
    };

    /// <summary>
    /// Adds the guard: raise the instance row's revision where it still has the one loaded, writing the columns the step
    /// changed (the variables only when they differ: serializing them is the costliest part of the row).
    /// </summary>
    private bool GuardInstanceRow(RowBatch batch, ProcessInstance instance, ProcessInstance stored)
    {
        var type = context.Model.FindEntityType(typeof(ProcessInstance))!;
        var columns = new List<Microsoft.EntityFrameworkCore.Metadata.IProperty> { type.FindProperty(nameof(ProcessInstance.Revision))! };
        var variablesChanged = !VariablesComparer.AreEqual(stored.Variables, instance.Variables);
        if (variablesChanged)
        {
            columns.Add(type.FindProperty(nameof(ProcessInstance.Variables))!);
        }

        if (!LoadedInstance.SameRow(stored, instance))
        {
            columns.AddRange(type.GetProperties().Where(p => !p.IsPrimaryKey() && p.Name is not (nameof(ProcessInstance.Variables) or nameof(ProcessInstance.Revision))));
        }

        instance.Revision = stored.Revision + 1;
        batch.UpdateIf(instance, columns, columns[0], stored.Revision);
        return variablesChanged;
    }

    private static DbUpdateConcurrencyException Lost(ProcessInstance instance, ProcessInstance? stored) =>
        new($"Instance {instance.Id} was saved by another command since revision {stored?.Revision ?? 0}.");

    /// <summary>Adds the rows that differ from <paramref name="stored"/> (all of them for a new instance) to the batch, or tracks them for EF Core.</summary>
    private void Stage(RowBatch batch, ProcessInstance instance, ProcessInstance? stored, List<EntityEntry> written)
    {
        Func<Microsoft.EntityFrameworkCore.Metadata.IProperty, object?> instanceId = _ => instance.Id;
        StageChildren(batch, stored?.Tokens ?? [], instance.Tokens, t => t.Id, LoadedInstance.Same, instanceId);
        StageTasks(batch, stored?.Tasks ?? [], instance.Tasks, written);
        StageChildren(batch, stored?.Timers ?? [], instance.Timers, t => t.Id, LoadedInstance.Same);
        StageChildren(batch, stored?.Subscriptions ?? [], instance.Subscriptions, s => s.Id, LoadedInstance.Same);
        StageChildren(batch, stored?.Incidents ?? [], instance.Incidents, i => i.Id, LoadedInstance.Same);
        SyncCandidates(batch, instance, stored);
        foreach (var history in instance.PendingHistory)
        {
            batch.Insert(history);
        }

        foreach (var message in instance.PendingOutbox)
        {
            batch.Insert(message);
        }
    }

    /// <summary>New rows are inserted, changed ones updated (every column), rows no longer in the list deleted.</summary>
    private static void StageChildren<T>(RowBatch batch, List<T> stored, List<T> current, Func<T, Guid> id, Func<T, T, bool> same, Func<Microsoft.EntityFrameworkCore.Metadata.IProperty, object?>? shadow = null)
        where T : class
    {
        var before = stored.Count == 0 ? null : stored.ToDictionary(id);
        foreach (var child in current)
        {
            if (before is not null && before.Remove(id(child), out var old))
            {
                if (!same(child, old))
                {
                    batch.Update(child, old, shadow);
                }
            }
            else
            {
                batch.Insert(child, shadow);
            }
        }

        foreach (var old in before?.Values ?? Enumerable.Empty<T>())
        {
            batch.Delete(old);
        }
    }

    /// <summary>
    /// As <see cref="StageChildren"/>, but tasks whose comments changed, and new tasks with comments, are left to EF Core:
    /// comments are a JSON column of owned entries, written whole. A new task without comments is inserted with an empty
    /// array there, as EF Core writes it; any other changed task is updated without its comments column.
    /// </summary>
    private void StageTasks(RowBatch batch, List<HumanTask> stored, List<HumanTask> current, List<EntityEntry> written)
    {
        var before = stored.Count == 0 ? null : stored.ToDictionary(t => t.Id);
        foreach (var task in current)
        {
            if (before is not null && before.Remove(task.Id, out var old))
            {
                if (!LoadedInstance.SameComments(task, old))
                {
                    written.Add(Track(task, EntityState.Modified));
                    TrackComments(task, written);
                    _commentsWritten = true;
                }
                else if (!LoadedInstance.Same(task, old))
                {
                    batch.Update(task, old);
                }
            }
            else if (task.Comments.Count == 0)
            {
                batch.Insert(task);
            }
            else
            {
                written.Add(Track(task, EntityState.Added));
                TrackComments(task, written);
                _commentsWritten = true;
            }
        }

        foreach (var old in before?.Values ?? Enumerable.Empty<HumanTask>())
        {
            batch.Delete(old);
        }
    }

    public async Task<IReadOnlyList<HumanTask>> QueryTasksAsync(TaskQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query is { Inbox: { } user, State: HumanTaskState.Open } && query == new TaskQuery { Inbox = user, Max = query.Max })
        {
            return await InboxPageAsync(user, query.Max, cancellationToken);
        }

        // An instance's tasks in one state (the task list of an application, the next step after a completion).
        if (query is { InstanceId: { } onlyInstance, State: { } onlyState } && query == new TaskQuery { InstanceId = onlyInstance, State = onlyState, Max = query.Max })
        {
            var found = new List<HumanTask>();
            await foreach (var task in TasksOfInstanceInState(context, onlyInstance, onlyState, query.Max).WithCancellation(cancellationToken))
            {
                found.Add(task);
            }

            return found;
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
        TaskById(context, taskId, cancellationToken);

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

    public async Task<IReadOnlyList<Guid>> ReleaseLeasesAsync(OutboxNode node, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(node);

        // The messages in flight are few (one per running delivery); the holder is matched here, not with LIKE.
        var leased = await context.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.State == OutboxState.Pending && m.NextAttemptAt > now && m.LeaseHolder != null)
            .ToListAsync(cancellationToken);
        var released = new List<Guid>();
        foreach (var message in leased.Where(m => m.LeaseHolder != node.Holder && node.IsThisNode(m.LeaseHolder)))
        {
            message.NextAttemptAt = now;
            message.LeaseHolder = null;
            try
            {
                await UpdateAsync(message, cancellationToken);
                released.Add(message.Id);
            }
            catch (WorkflowException ex) when (ex.Error == WorkflowError.ConcurrencyConflict)
            {
                // Recorded meanwhile (the old attempt's last write landed after all): nothing to release.
            }
        }

        return released;
    }

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

    /// <summary>
    /// Makes the inbox index say what the tasks say: a row per candidate of every open, unassigned task. The rows stored
    /// are those of the tasks as they were loaded (<paramref name="stored"/>), so they are not read back; only the
    /// difference is written, as rows to insert, delete or re-date. The store alone writes these rows, on every save of
    /// the instance, so what the tasks said when loaded is what the index holds.
    /// </summary>
    private static void SyncCandidates(RowBatch batch, ProcessInstance instance, ProcessInstance? stored)
    {
        var rows = new Dictionary<(Guid TaskId, string Candidate), long>();
        var wanted = new Dictionary<(Guid TaskId, string Candidate), long>();
        foreach (var task in stored?.Tasks ?? [])
        {
            AddCandidates(rows, task.Id, task.State, task.Assignee, task.DueAt, task.CandidateGroups, task.CandidateUsers);
        }

        foreach (var task in instance.Tasks)
        {
            AddCandidates(wanted, task.Id, task.State, task.Assignee, task.DueAt, task.CandidateGroups, task.CandidateUsers);
        }

        foreach (var ((taskId, candidate), dueOrder) in rows)
        {
            var row = new TaskCandidate { TaskId = taskId, InstanceId = instance.Id, Candidate = candidate, DueOrder = dueOrder };
            if (!wanted.Remove((taskId, candidate), out var wantedOrder))
            {
                batch.Delete(row);
            }
            else if (wantedOrder != dueOrder)
            {
                batch.Update(new TaskCandidate { TaskId = taskId, InstanceId = instance.Id, Candidate = candidate, DueOrder = wantedOrder }, row);
            }
        }

        foreach (var ((taskId, candidate), dueOrder) in wanted)
        {
            batch.Insert(new TaskCandidate { TaskId = taskId, InstanceId = instance.Id, Candidate = candidate, DueOrder = dueOrder });
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

    /// <summary>
    /// Tracks a task's comments as added, with the key EF Core gives an owned JSON collection's entries (the owner's key and
    /// the position from 1), so that the task's comments column is written whole.
    /// </summary>
    private void TrackComments(HumanTask task, List<EntityEntry> written)
    {
        var ordinal = 0;
        foreach (var comment in task.Comments)
        {
            var entry = context.Entry(comment);
            var key = entry.Metadata.FindPrimaryKey()!.Properties;
            entry.Property(key[0].Name).CurrentValue = task.Id;
            entry.Property(key[1].Name).CurrentValue = ++ordinal;
            entry.State = EntityState.Added;
            written.Add(entry);
        }
    }

    /// <summary>Tracks a row not read from the database (or read without tracking) in <paramref name="state"/>; nothing it refers to is tracked with it.</summary>
    private EntityEntry<T> Track<T>(T row, EntityState state)
        where T : class
    {
        var entry = context.Entry(row);
        entry.State = state;
        return entry;
    }

    private static void Untrack(List<EntityEntry> entries)
    {
        foreach (var entry in entries)
        {
            entry.State = EntityState.Detached;
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
        foreach (var entry in context.ChangeTracker.Entries().Where(predicate).ToList())
        {
            entry.State = EntityState.Detached;
        }
    }

    private sealed class OpenConnection(TContext context) : IAsyncDisposable
    {
        private bool _closed;

        public async ValueTask DisposeAsync()
        {
            if (!_closed)
            {
                _closed = true;
                await context.Database.CloseConnectionAsync();
            }
        }
    }
}
