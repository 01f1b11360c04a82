using Sicantik.Workflows.Definitions;
using Sicantik.Workflows.Expressions;
using Sicantik.Workflows.Forms;
using Sicantik.Workflows.History;
using Sicantik.Workflows.Stores;

namespace Sicantik.Workflows.Runtime;

/// <summary>What to start.</summary>
public sealed record StartInstanceRequest
{
    /// <summary>The process key; new instances start on its published version unless <see cref="Version"/> says otherwise.</summary>
    public required string DefinitionKey { get; init; }

    /// <summary>A specific version to start (for trying out a draft); not a retired one.</summary>
    public int? Version { get; init; }

    /// <summary>The application's id, used to correlate messages and find the instance.</summary>
    public string? BusinessKey { get; init; }

    public IReadOnlyDictionary<string, object?>? Variables { get; init; }

    public string? StartedBy { get; init; }
}

/// <summary>Starts instances and acts on them: messages, variables, incidents, termination.</summary>
public sealed class RuntimeService(
    InstanceCommands commands,
    IInstanceStore instances,
    IDefinitionStore definitions,
    ProcessModelCache models,
    TimeProvider time)
{
    /// <summary>Starts an instance and runs it until every token waits; returns it as it then stands.</summary>
    public async Task<ProcessInstance> StartAsync(StartInstanceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var command = await instances.BeginCommandAsync(cancellationToken);
        var (model, version) = await ResolveModelAsync(request, cancellationToken);
        var now = time.GetUtcNow();
        var instance = new ProcessInstance
        {
            Id = Guid.CreateVersion7(now),
            DefinitionKey = model.Key,
            DefinitionVersion = version,
            BusinessKey = request.BusinessKey,
            State = InstanceState.Running,
            StartedAt = now,
            StartedBy = request.StartedBy,
            Variables = model.StartEvent.Form is { } form
                ? FormValues.Submit(form, model.Name ?? model.Key, Normalize(request.Variables), new Dictionary<string, object?>())
                : Normalize(request.Variables),
        };
        return await commands.StartAsync(instance, model, cancellationToken);
    }

    public async Task<ProcessInstance?> FindAsync(Guid instanceId, CancellationToken cancellationToken = default) =>
        await instances.LoadAsync(instanceId, cancellationToken);

    /// <exception cref="WorkflowException">Unknown instance.</exception>
    public async Task<ProcessInstance> GetAsync(Guid instanceId, CancellationToken cancellationToken = default) =>
        await instances.LoadAsync(instanceId, cancellationToken) ?? throw WorkflowErrors.InstanceNotFound(instanceId);

    public Task<IReadOnlyList<ProcessInstance>> QueryAsync(InstanceQuery query, CancellationToken cancellationToken = default) =>
        instances.QueryInstancesAsync(query, cancellationToken);

    /// <summary>Delivers a message to the one token waiting for it with this business key.</summary>
    /// <exception cref="WorkflowException">Nobody waits for it, or more than one instance does.</exception>
    public async Task<ProcessInstance> CorrelateMessageAsync(string messageName, string? businessKey, IReadOnlyDictionary<string, object?>? variables = null, CancellationToken cancellationToken = default)
    {
        var normalized = Normalize(variables);
        var waiting = await instances.FindSubscriptionsAsync(messageName, businessKey, cancellationToken);
        var instanceIds = waiting.Select(s => s.InstanceId).Distinct().ToList();
        if (instanceIds.Count == 0)
        {
            throw WorkflowErrors.MessageNotCorrelated(messageName, businessKey);
        }

        if (instanceIds.Count > 1)
        {
            throw WorkflowErrors.MessageAmbiguous(messageName, businessKey, instanceIds.Count);
        }

        // The store keeps its own copy on save, so the command's instance is the caller's to keep.
        return await commands.ExecuteAsync(
            instanceIds[0],
            runner =>
            {
                var subscription = runner.Instance.Subscriptions.Find(s => s.MessageName == messageName && (businessKey is null || s.BusinessKey == businessKey))
                    ?? throw WorkflowErrors.MessageNotCorrelated(messageName, businessKey);
                runner.CorrelateMessage(subscription, normalized);
                return ValueTask.FromResult(runner.Instance);
            },
            cancellationToken);
    }

    /// <summary>Sets instance variables (an operator's correction, for example before retrying an incident).</summary>
    public Task SetVariablesAsync(Guid instanceId, IReadOnlyDictionary<string, object?> variables, string? userId = null, CancellationToken cancellationToken = default)
    {
        var normalized = Normalize(variables);
        return commands.ExecuteAsync(
            instanceId,
            runner =>
            {
                EnsureNotEnded(runner.Instance);
                runner.SetVariables(normalized);
                runner.Record(HistoryEventType.VariablesChanged, null, userId: userId, detail: string.Join(",", normalized.Keys));
                return ValueTask.FromResult(true);
            },
            cancellationToken);
    }

    /// <summary>Retries the element an incident holds, after the cause was fixed.</summary>
    public Task RetryIncidentAsync(Guid instanceId, Guid incidentId, string? userId = null, CancellationToken cancellationToken = default) =>
        commands.ExecuteAsync(
            instanceId,
            runner =>
            {
                var incident = runner.Instance.Incidents.Find(i => i.Id == incidentId && i.IsOpen) ?? throw WorkflowErrors.IncidentNotFound(incidentId);
                runner.RetryIncident(incident, userId);
                return ValueTask.FromResult(true);
            },
            cancellationToken);

    /// <summary>Ends an instance now: its tasks are cancelled, its timers and subscriptions removed.</summary>
    public Task TerminateAsync(Guid instanceId, string? userId, string? reason, CancellationToken cancellationToken = default) =>
        commands.ExecuteAsync(
            instanceId,
            runner =>
            {
                EnsureNotEnded(runner.Instance);
                runner.Terminate(userId, reason);
                return ValueTask.FromResult(true);
            },
            cancellationToken);

    internal static void EnsureNotEnded(ProcessInstance instance)
    {
        if (instance.IsEnded)
        {
            throw WorkflowErrors.InstanceNotRunning(instance);
        }
    }

    internal static Dictionary<string, object?> Normalize(IReadOnlyDictionary<string, object?>? variables)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (variables is null)
        {
            return result;
        }

        foreach (var (name, value) in variables)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw WorkflowErrors.InvalidVariable(name ?? string.Empty, "-");
            }

            try
            {
                var normalized = VariableValues.Normalize(value);
                VariableValues.CheckSize(normalized);
                result[name] = normalized;
            }
            catch (ArgumentException ex)
            {
                throw WorkflowErrors.InvalidVariable(name, ex.Message);
            }
        }

        return result;
    }

    /// <summary>
    /// The model to start on and its version. Which version is published is asked of the store every time (another node
    /// may have published since), but only its number: a version's XML never changes, so its parsed model is cached.
    /// </summary>
    private async Task<(ProcessModel Model, int Version)> ResolveModelAsync(StartInstanceRequest request, CancellationToken cancellationToken)
    {
        if (request.Version is null
            && await definitions.FindPublishedVersionAsync(request.DefinitionKey, cancellationToken) is { } published
            && models.TryGet(request.DefinitionKey, published, out var cached))
        {
            return (cached, published);
        }

        var record = await ResolveDefinitionAsync(request, cancellationToken);
        return (models.Get(record), record.Version);
    }

    private async Task<DefinitionRecord> ResolveDefinitionAsync(StartInstanceRequest request, CancellationToken cancellationToken)
    {
        if (request.Version is { } version)
        {
            var record = await definitions.FindAsync(request.DefinitionKey, version, cancellationToken)
                ?? throw WorkflowErrors.DefinitionNotFound(request.DefinitionKey, version);
            return record.State == DefinitionState.Retired ? throw WorkflowErrors.DefinitionAlreadyInState(record) : record;
        }

        if (await definitions.FindPublishedAsync(request.DefinitionKey, cancellationToken) is { } published)
        {
            return published;
        }

        throw await definitions.FindLatestAsync(request.DefinitionKey, cancellationToken) is null
            ? WorkflowErrors.DefinitionNotFound(request.DefinitionKey, null)
            : WorkflowErrors.NoPublishedVersion(request.DefinitionKey);
    }
}
