using Microsoft.Extensions.Options;

namespace Sicantik.Workflows.Outbox;

/// <summary>Delivers outbox messages: one by id (a job), or every due one (the sweep); re-sends failed ones.</summary>
public sealed class OutboxService(IOutboxStore store, IEnumerable<IOutboxDeliverer> deliverers, IOutboxDispatcher dispatcher, TimeProvider time, IOptions<WorkflowOptions> options, OutboxNode node)
{
    /// <summary>How long a claimed delivery holds its message before another attempt may take it (a crashed deliverer).</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private readonly Dictionary<string, IOutboxDeliverer> _deliverers = deliverers.ToDictionary(d => d.Topic, StringComparer.Ordinal);

    /// <summary>
    /// Tries to deliver a message if it is pending and due; returns whether it was delivered now. The message is claimed
    /// (its revision moved) before the deliverer is called, so two racing attempts never both deliver. A failed attempt
    /// is recorded with its error and the next attempt's time; after <see cref="WorkflowOptions.OutboxAttempts"/> the
    /// message is <see cref="OutboxState.Failed"/>. A crash between delivering and recording leaves the message to be
    /// taken again when its claim runs out, or at once when this node starts again (<see cref="ResumeInFlightAsync"/>);
    /// deliverers use <see cref="OutboxMessage.Id"/> as the idempotency key.
    /// </summary>
    public async Task<bool> DeliverAsync(Guid messageId, CancellationToken cancellationToken = default)
    {
        var message = await store.FindAsync(messageId, cancellationToken);
        var now = time.GetUtcNow();
        if (message is null || message.State != OutboxState.Pending || message.NextAttemptAt > now)
        {
            return false;
        }

        // Claim the message first: of a job and a sweep racing on it, only one gets to call the deliverer.
        message.Attempts++;
        message.NextAttemptAt = now + Lease;
        message.LeaseHolder = node.Holder;
        try
        {
            await store.UpdateAsync(message, cancellationToken);
        }
        catch (WorkflowException ex) when (ex.Error == WorkflowError.ConcurrencyConflict)
        {
            return false;
        }

        try
        {
            if (!_deliverers.TryGetValue(message.Topic, out var deliverer))
            {
                throw new InvalidOperationException(WorkflowErrors.Text("OutboxNoDeliverer", message.Topic));
            }

            await deliverer.DeliverAsync(message, cancellationToken);
            message.State = OutboxState.Delivered;
            message.DeliveredAt = now;
            message.LastError = null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            message.LastError = ex.Message;
            var settings = options.Value;
            if (message.Attempts >= settings.OutboxAttempts)
            {
                message.State = OutboxState.Failed;
            }
            else
            {
                var wait = settings.RetryBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(message.Attempts - 1, 30));
                message.NextAttemptAt = now + (wait >= settings.MaxRetryBackoff.TotalMilliseconds ? settings.MaxRetryBackoff : TimeSpan.FromMilliseconds(wait));
            }
        }

        message.LeaseHolder = null;
        await store.UpdateAsync(message, cancellationToken);
        return message.State == OutboxState.Delivered;
    }

    /// <summary>
    /// At start-up: the messages this node had in flight when it stopped (claimed by its previous incarnation, whose
    /// lease would hold them for minutes) are made due and handed to the dispatcher now. Other nodes' leases stay: such
    /// a node may still be delivering, and its lease runs out if it is gone. Returns how many were resumed.
    /// </summary>
    public async Task<int> ResumeInFlightAsync(CancellationToken cancellationToken = default)
    {
        var released = await store.ReleaseLeasesAsync(node, time.GetUtcNow(), cancellationToken);
        if (released.Count > 0)
        {
            await dispatcher.MessagesWrittenAsync(released, cancellationToken);
        }

        return released.Count;
    }

    /// <summary>Delivers every due message (the sweep that catches what a lost job missed).</summary>
    /// <returns>How many were delivered.</returns>
    public async Task<int> DeliverDueAsync(int max = 100, CancellationToken cancellationToken = default)
    {
        var delivered = 0;
        foreach (var message in await store.FindDueAsync(time.GetUtcNow(), max, cancellationToken))
        {
            try
            {
                if (await DeliverAsync(message.Id, cancellationToken))
                {
                    delivered++;
                }
            }
            catch (WorkflowException ex) when (ex.Error == WorkflowError.ConcurrencyConflict)
            {
                // A job delivered or recorded it meanwhile.
            }
        }

        return delivered;
    }

    /// <summary>Puts a failed message back in line for delivery now (an administrator's re-send).</summary>
    /// <exception cref="WorkflowException">The message is unknown or not failed.</exception>
    public async Task<OutboxMessage> ResendAsync(Guid messageId, CancellationToken cancellationToken = default)
    {
        var message = await store.FindAsync(messageId, cancellationToken);
        if (message is null || message.State != OutboxState.Failed)
        {
            throw new WorkflowException(WorkflowError.OutboxMessageNotFailed, WorkflowErrors.Text("OutboxNotFailed", messageId));
        }

        message.State = OutboxState.Pending;
        message.Attempts = 0;
        message.NextAttemptAt = time.GetUtcNow();
        await store.UpdateAsync(message, cancellationToken);
        await dispatcher.MessagesWrittenAsync([message.Id], cancellationToken);
        return message;
    }

    public Task<IReadOnlyList<OutboxMessage>> ListAsync(OutboxState state, int max = 100, CancellationToken cancellationToken = default) =>
        store.ListAsync(state, max, cancellationToken);
}
