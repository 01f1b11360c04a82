namespace Sicantik.Workflows.Outbox;

/// <summary>Where an outbox message stands.</summary>
public enum OutboxState
{
    /// <summary>Waiting for (another) delivery attempt.</summary>
    Pending,

    Delivered,

    /// <summary>Every attempt failed; kept for an administrator to see and re-send.</summary>
    Failed,
}

/// <summary>
/// A side effect of a step (an email, a call out), written in the step's transaction and delivered after commit.
/// Its <see cref="Id"/> is the idempotency key a deliverer passes on (an email's Message-Id), so a retry after a
/// delivery whose success was not recorded does not repeat it.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; }

    /// <summary>The instance whose step wrote it, if any.</summary>
    public Guid? InstanceId { get; set; }

    /// <summary>Which deliverer takes it (<see cref="IOutboxDeliverer.Topic"/>).</summary>
    public string Topic { get; set; } = string.Empty;

    /// <summary>What to deliver, as JSON.</summary>
    public string Payload { get; set; } = "{}";

    public OutboxState State { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the next attempt is due.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public string? LastError { get; set; }

    /// <summary>
    /// Which process holds the attempt in flight (<see cref="OutboxNode.Holder"/>), while <see cref="NextAttemptAt"/> is
    /// the end of its lease; null between attempts.
    /// </summary>
    public string? LeaseHolder { get; set; }

    /// <summary>Optimistic concurrency: two deliveries of one message cannot both record it.</summary>
    public int Revision { get; set; }

    public OutboxMessage Clone() => (OutboxMessage)MemberwiseClone();
}
