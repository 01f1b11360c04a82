using Sicantik.Workflows.Runtime;
using Sicantik.Workflows.Tasks;

namespace Sicantik.Workflows.Stores;

/// <summary>Keeps process instances whole (tokens, tasks, timers, subscriptions, incidents) and answers the engine's queries.</summary>
public interface IInstanceStore
{
    /// <summary>
    /// Begins one engine command (its reads, its run and its save) and returns what ends it. A store on a database keeps
    /// one connection open in between instead of opening one for each statement. Commands may nest.
    /// </summary>
    ValueTask<IAsyncDisposable> BeginCommandAsync(CancellationToken cancellationToken = default);

    /// <summary>A copy of the instance that the caller may change; <c>null</c> when unknown.</summary>
    Task<ProcessInstance?> LoadAsync(Guid instanceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// As <see cref="LoadAsync"/>, the instance <paramref name="taskId"/> belongs to, for a command on that task; <c>null</c>
    /// when the task is unknown. Its <see cref="ProcessInstance.Tasks"/> must hold at least that task, the open tasks and
    /// those its tokens refer to; a store may leave out the others (finished tasks), which the save then leaves as they are.
    /// </summary>
    Task<ProcessInstance?> LoadByTaskAsync(Guid taskId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether the last load of <paramref name="instance"/> answered from the store's memory of an earlier save rather
    /// than from the database. Such a copy may be behind another process's save. A save from it then conflicts, but a
    /// command that ends without saving would have decided on old state: the engine forgets the copy
    /// (<see cref="Forget"/>) and runs the command again.
    /// </summary>
    bool IsRemembered(ProcessInstance instance) => false;

    /// <summary>Drops the store's memory of the instance, if it keeps one: the next load reads the database.</summary>
    void Forget(Guid instanceId)
    {
    }

    /// <summary>
    /// Saves the instance and appends its <see cref="ProcessInstance.PendingHistory"/> in one transaction.
    /// A new instance has <see cref="ProcessInstance.Revision"/> 0. The revision must still be the stored one;
    /// it is incremented on success.
    /// </summary>
    /// <exception cref="WorkflowException">Another command saved the instance first (<see cref="WorkflowError.ConcurrencyConflict"/>).</exception>
    Task SaveAsync(ProcessInstance instance, CancellationToken cancellationToken = default);

    /// <summary>Tasks matching <paramref name="query"/>, as copies.</summary>
    Task<IReadOnlyList<HumanTask>> QueryTasksAsync(TaskQuery query, CancellationToken cancellationToken = default);

    Task<HumanTask?> FindTaskAsync(Guid taskId, CancellationToken cancellationToken = default);

    /// <summary>Timers due at or before <paramref name="now"/>, earliest first.</summary>
    Task<IReadOnlyList<DueTimer>> FindDueTimersAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default);

    /// <summary>Subscriptions waiting for <paramref name="messageName"/> with <paramref name="businessKey"/>.</summary>
    Task<IReadOnlyList<MessageSubscription>> FindSubscriptionsAsync(string messageName, string? businessKey, CancellationToken cancellationToken = default);

    /// <summary>Instances matching <paramref name="query"/>, as copies.</summary>
    Task<IReadOnlyList<ProcessInstance>> QueryInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default);
}

/// <summary>A timer that is due, by id.</summary>
public sealed record DueTimer(Guid TimerId, Guid InstanceId, DateTimeOffset DueAt);

/// <summary>A filter over instances; unset members match everything.</summary>
public sealed record InstanceQuery
{
    public string? DefinitionKey { get; init; }

    public int? DefinitionVersion { get; init; }

    public string? BusinessKey { get; init; }

    public InstanceState? State { get; init; }

    public int Max { get; init; } = 1000;
}
