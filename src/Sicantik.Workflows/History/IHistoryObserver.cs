using Sicantik.Workflows.Outbox;
using Sicantik.Workflows.Runtime;

namespace Sicantik.Workflows.History;

/// <summary>
/// Sees the history a command wrote, before the command is saved, and may write outbox messages that commit with it
/// (an application telling a person that their case moved). Registered with DI (scoped: it shares the step's unit of
/// work); called once per save, after every token of the command has come to rest.
/// </summary>
/// <remarks>
/// An observer must not depend on the engine's services (<see cref="RuntimeService"/>, <see cref="Tasks.TaskService"/>):
/// they hold the observers. Throwing fails the command, and nothing of it is saved.
/// </remarks>
public interface IHistoryObserver
{
    Task ObserveAsync(HistoryObservation observation, CancellationToken cancellationToken);
}

/// <summary>One command's history as an observer sees it, and how it writes to the outbox.</summary>
public sealed class HistoryObservation
{
    private readonly ProcessInstance _instance;

    internal HistoryObservation(ProcessInstance instance, DateTimeOffset now)
    {
        _instance = instance;
        Now = now;
    }

    public Guid InstanceId => _instance.Id;

    public string DefinitionKey => _instance.DefinitionKey;

    public string? BusinessKey => _instance.BusinessKey;

    public InstanceState State => _instance.State;

    /// <summary>The command's time, from the engine's <see cref="TimeProvider"/>.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>What the command did, in the order it happened.</summary>
    public IReadOnlyList<HistoryEvent> Events => _instance.PendingHistory;

    /// <summary>The instance's variables as the command leaves them.</summary>
    public IReadOnlyDictionary<string, object?> Variables => _instance.Variables;

    /// <summary>
    /// Writes a message to the outbox: it commits with the command and is delivered after commit by the deliverer of
    /// <paramref name="topic"/>, with retries. Returns the message id, its idempotency key.
    /// </summary>
    public Guid Enqueue(string topic, string payloadJson)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentNullException.ThrowIfNull(payloadJson);
        var message = new OutboxMessage
        {
            Id = Guid.CreateVersion7(Now),
            InstanceId = _instance.Id,
            Topic = topic,
            Payload = payloadJson,
            State = OutboxState.Pending,
            CreatedAt = Now,
            NextAttemptAt = Now,
        };
        _instance.PendingOutbox.Add(message);
        return message.Id;
    }
}
