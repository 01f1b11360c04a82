using System.Security.Cryptography;
using System.Text;
using Sicantik.Workflows.Stores;

namespace Sicantik.Workflows.Definitions;

/// <summary>A deployment's outcome.</summary>
/// <param name="Definition">The version the XML now lives in.</param>
/// <param name="IsNew">Whether deploying made a new version (the same XML again makes none).</param>
public sealed record DeploymentResult(DefinitionRecord Definition, bool IsNew)
{
    /// <summary>What the XML holds that the engine ignores or that is probably misspelt; the deployment went ahead.</summary>
    public IReadOnlyList<ValidationError> Warnings { get; init; } = [];
}

/// <summary>Deploys, publishes and retires versioned process definitions.</summary>
public sealed class DefinitionService(IDefinitionStore store, BpmnReader reader, ProcessModelCache models, TimeProvider time, Microsoft.Extensions.Options.IOptions<WorkflowOptions> options)
{
    /// <summary>Every rule the XML breaks; empty when it would deploy.</summary>
    public IReadOnlyList<ValidationError> Validate(string xml) => reader.Read(xml).Errors;

    /// <summary>Every rule the XML breaks, and the warnings it would deploy with.</summary>
    public BpmnReadResult Check(string xml) => reader.Read(xml);

    /// <summary>
    /// Deploys BPMN XML as a new draft version of its process key, unless it is the same as the latest version.
    /// </summary>
    /// <param name="xml">The BPMN 2.0 document.</param>
    /// <param name="deployedBy">Who deployed it.</param>
    /// <param name="publish">Also publish the version, so that new instances start on it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="DefinitionValidationException">The XML breaks one or more rules; nothing is stored.</exception>
    public async Task<DeploymentResult> DeployAsync(string xml, string? deployedBy = null, bool publish = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(xml);
        var read = reader.Read(xml);
        var model = read.Model ?? throw new DefinitionValidationException(read.Errors);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(xml)));
        for (var attempt = 0; ; attempt++)
        {
            var latest = await store.FindLatestAsync(model.Key, cancellationToken);
            if (latest is not null && latest.Hash == hash)
            {
                if (publish && latest.State != DefinitionState.Published)
                {
                    latest = await PublishAsync(latest.Key, latest.Version, deployedBy, cancellationToken);
                }

                return new DeploymentResult(latest, IsNew: false) { Warnings = read.Warnings };
            }

            var record = new DefinitionRecord
            {
                Key = model.Key,
                Version = (latest?.Version ?? 0) + 1,
                Name = model.Name,
                State = DefinitionState.Draft,
                Xml = xml,
                Hash = hash,
                DeployedAt = time.GetUtcNow(),
                DeployedBy = deployedBy,
            };

            try
            {
                await store.SaveAsync([record], cancellationToken);
            }
            catch (WorkflowException ex) when (ex.Error == WorkflowError.ConcurrencyConflict && attempt < options.Value.ConcurrencyRetries)
            {
                continue;
            }

            models.Get(record);
            return new DeploymentResult(publish ? await PublishAsync(record.Key, record.Version, deployedBy, cancellationToken) : record, IsNew: true) { Warnings = read.Warnings };
        }
    }

    /// <summary>Makes a version the one new instances start on; the previously published version is retired.</summary>
    public async Task<DefinitionRecord> PublishAsync(string key, int version, string? publishedBy = null, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            var record = await GetAsync(key, version, cancellationToken);
            if (record.State == DefinitionState.Published)
            {
                throw WorkflowErrors.DefinitionAlreadyInState(record);
            }

            var now = time.GetUtcNow();
            var changed = new List<DefinitionRecord>(2);
            if (await store.FindPublishedAsync(key, cancellationToken) is { } current)
            {
                current.State = DefinitionState.Retired;
                current.RetiredAt = now;
                current.RetiredBy = publishedBy;
                changed.Add(current);
            }

            record.State = DefinitionState.Published;
            record.PublishedAt = now;
            record.PublishedBy = publishedBy;
            record.RetiredAt = null;
            record.RetiredBy = null;
            changed.Add(record);
            try
            {
                await store.SaveAsync(changed, cancellationToken);
                return record;
            }
            catch (WorkflowException ex) when (ex.Error == WorkflowError.ConcurrencyConflict && attempt < options.Value.ConcurrencyRetries)
            {
            }
        }
    }

    /// <summary>Stops new instances from starting on a version; its running instances go on.</summary>
    public async Task<DefinitionRecord> RetireAsync(string key, int version, string? retiredBy = null, CancellationToken cancellationToken = default)
    {
        var record = await GetAsync(key, version, cancellationToken);
        if (record.State == DefinitionState.Retired)
        {
            throw WorkflowErrors.DefinitionAlreadyInState(record);
        }

        record.State = DefinitionState.Retired;
        record.RetiredAt = time.GetUtcNow();
        record.RetiredBy = retiredBy;
        await store.SaveAsync([record], cancellationToken);
        return record;
    }

    /// <exception cref="WorkflowException">No such version (<see cref="WorkflowError.DefinitionNotFound"/>).</exception>
    public async Task<DefinitionRecord> GetAsync(string key, int version, CancellationToken cancellationToken = default) =>
        await store.FindAsync(key, version, cancellationToken) ?? throw WorkflowErrors.DefinitionNotFound(key, version);

    /// <exception cref="WorkflowException">The key is unknown, or no version is published.</exception>
    public async Task<DefinitionRecord> GetPublishedAsync(string key, CancellationToken cancellationToken = default)
    {
        if (await store.FindPublishedAsync(key, cancellationToken) is { } published)
        {
            return published;
        }

        throw await store.FindLatestAsync(key, cancellationToken) is null
            ? WorkflowErrors.DefinitionNotFound(key, null)
            : WorkflowErrors.NoPublishedVersion(key);
    }

    public Task<IReadOnlyList<DefinitionRecord>> ListAsync(string? key = null, CancellationToken cancellationToken = default) =>
        store.ListAsync(key, cancellationToken);

    /// <summary>The parsed model of a version.</summary>
    public async Task<ProcessModel> GetModelAsync(string key, int version, CancellationToken cancellationToken = default) =>
        models.Get(await GetAsync(key, version, cancellationToken));
}
