namespace Sicantik.Workflows.ServiceTasks;

/// <summary>
/// Runs the service and send tasks of one topic (<c>camunda:topic</c>). Registered with DI; called inside the step's
/// unit of work, so what it writes commits with the instance. Effects that reach outside (email, HTTP) belong in an outbox.
/// </summary>
public interface IServiceTaskHandler
{
    /// <summary>The topic this handler serves.</summary>
    string Topic { get; }

    /// <summary>Does the work. Throwing schedules a retry; when retries run out, an incident holds the token.</summary>
    Task ExecuteAsync(ServiceTaskContext context, CancellationToken cancellationToken);
}

/// <summary>What a handler knows about the task it runs, and how it sets variables.</summary>
public sealed class ServiceTaskContext
{
    private readonly Dictionary<string, object?> _variables;

    internal ServiceTaskContext(
        Guid instanceId,
        string definitionKey,
        string? businessKey,
        string elementId,
        string? elementName,
        string topic,
        int attempt,
        DateTimeOffset now,
        Dictionary<string, object?> variables,
        EscalationInfo? escalation)
    {
        InstanceId = instanceId;
        DefinitionKey = definitionKey;
        BusinessKey = businessKey;
        ElementId = elementId;
        ElementName = elementName;
        Topic = topic;
        Attempt = attempt;
        Now = now;
        _variables = variables;
        Escalation = escalation;
    }

    public Guid InstanceId { get; }

    public string DefinitionKey { get; }

    public string? BusinessKey { get; }

    public string ElementId { get; }

    public string? ElementName { get; }

    public string Topic { get; }

    /// <summary>1 on the first try.</summary>
    public int Attempt { get; }

    /// <summary>The step's time, from the engine's <see cref="TimeProvider"/>.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>Set when the task lies on a baku mutu timer's path: what was late and who is told.</summary>
    public EscalationInfo? Escalation { get; }

    /// <summary>The instance's variables as they stand, including those set by this handler.</summary>
    public IReadOnlyDictionary<string, object?> Variables => _variables;

    internal Dictionary<string, object?> SetVariables { get; } = new(StringComparer.Ordinal);

    internal List<Outbox.OutboxMessage> Outbox { get; } = [];

    /// <summary>
    /// Writes a side effect (an email, a call out) to the outbox: it commits with the step and is delivered after commit by
    /// the deliverer of <paramref name="topic"/>, with retries. Returns the message id, its idempotency key.
    /// </summary>
    public Guid Enqueue(string topic, string payloadJson)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentNullException.ThrowIfNull(payloadJson);
        var message = new Outbox.OutboxMessage
        {
            Id = Guid.CreateVersion7(Now),
            InstanceId = InstanceId,
            Topic = topic,
            Payload = payloadJson,
            State = Sicantik.Workflows.Outbox.OutboxState.Pending,
            CreatedAt = Now,
            NextAttemptAt = Now,
        };
        Outbox.Add(message);
        return message.Id;
    }

    /// <summary>Sets an instance variable when the task completes.</summary>
    public void SetVariable(string name, object? value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var normalized = Expressions.VariableValues.Normalize(value);
        Expressions.VariableValues.CheckSize(normalized);
        SetVariables[name] = normalized;
        _variables[name] = normalized;
    }
}

/// <summary>A late task and the role its escalation goes to.</summary>
/// <param name="Target">The role to notify (<c>sicantik:escalateTo</c>).</param>
/// <param name="TaskId">The late task.</param>
/// <param name="TaskElementId">The late task's element.</param>
public sealed record EscalationInfo(string Target, Guid? TaskId, string? TaskElementId);
