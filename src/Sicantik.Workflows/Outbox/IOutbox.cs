using Sicantik.Workflows.Stores;

namespace Sicantik.Workflows.Outbox;

/// <summary>Delivers the messages of one topic (SMTP for <c>email</c>, for example).</summary>
public interface IOutboxDeliverer
{
    string Topic { get; }

    /// <summary>
    /// Delivers the message. Throwing schedules another attempt. A deliverer that cannot tell whether an earlier attempt
    /// got through uses <see cref="OutboxMessage.Id"/> as its idempotency key.
    /// </summary>
    Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken);
}

/// <summary>Keeps outbox messages. Messages are inserted with their step by <see cref="IInstanceStore.SaveAsync"/>.</summary>
public interface IOutboxStore
{
    Task<OutboxMessage?> FindAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Pending messages whose next attempt is due at <paramref name="now"/>, oldest first.</summary>
    Task<IReadOnlyList<OutboxMessage>> FindDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default);

    /// <summary>Messages in a state, newest first (failed ones for the administrator's list).</summary>
    Task<IReadOnlyList<OutboxMessage>> ListAsync(OutboxState state, int max, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes due now, and frees, the pending messages whose lease is still running and held by an earlier incarnation of
    /// this node (<paramref name="node"/>'s name, another incarnation); returns their ids. Leases of other nodes are left.
    /// </summary>
    Task<IReadOnlyList<Guid>> ReleaseLeasesAsync(OutboxNode node, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Saves a message's new state if its revision is still the stored one, and increments it.</summary>
    /// <exception cref="WorkflowException">Someone else recorded it first (<see cref="WorkflowError.ConcurrencyConflict"/>).</exception>
    Task UpdateAsync(OutboxMessage message, CancellationToken cancellationToken = default);
}

/// <summary>Told after commit which messages a step wrote, so that it can deliver them (Hangfire in the host).</summary>
public interface IOutboxDispatcher
{
    Task MessagesWrittenAsync(IReadOnlyList<Guid> messageIds, CancellationToken cancellationToken);
}

/// <summary>
/// The default without a job system: nothing is pushed; messages go out when the host runs
/// <see cref="OutboxService.DeliverDueAsync"/> (the sweep), as tests and benchmarks do.
/// </summary>
public sealed class SweepOnlyOutboxDispatcher : IOutboxDispatcher
{
    public Task MessagesWrittenAsync(IReadOnlyList<Guid> messageIds, CancellationToken cancellationToken) => Task.CompletedTask;
}
