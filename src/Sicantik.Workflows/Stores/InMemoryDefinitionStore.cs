using Sicantik.Workflows.Definitions;

namespace Sicantik.Workflows.Stores;

/// <summary>Definitions in memory: for tests, benchmarks and hosts that deploy from files at every start.</summary>
public sealed class InMemoryDefinitionStore : IDefinitionStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Key, int Version), DefinitionRecord> _records = [];

    public Task<DefinitionRecord?> FindAsync(string key, int version, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_records.GetValueOrDefault((key, version))?.Clone());
        }
    }

    public Task<DefinitionRecord?> FindLatestAsync(string key, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_records.Values.Where(r => r.Key == key).MaxBy(r => r.Version)?.Clone());
        }
    }

    public Task<DefinitionRecord?> FindPublishedAsync(string key, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_records.Values.FirstOrDefault(r => r.Key == key && r.State == DefinitionState.Published)?.Clone());
        }
    }

    public Task<IReadOnlyList<DefinitionRecord>> ListAsync(string? key = null, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<DefinitionRecord> list = _records.Values
                .Where(r => key is null || r.Key == key)
                .OrderBy(r => r.Key, StringComparer.Ordinal)
                .ThenBy(r => r.Version)
                .Select(r => r.Clone())
                .ToList();
            return Task.FromResult(list);
        }
    }

    public Task SaveAsync(IReadOnlyList<DefinitionRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        lock (_lock)
        {
            foreach (var record in records)
            {
                var stored = _records.GetValueOrDefault((record.Key, record.Version));
                if ((stored?.Revision ?? 0) != record.Revision)
                {
                    throw WorkflowErrors.ConcurrencyConflict($"{record.Key}:{record.Version}");
                }
            }

            // At most one published version per key (a database store uses a filtered unique index).
            foreach (var key in records.Select(r => r.Key).Distinct(StringComparer.Ordinal))
            {
                var published = _records.Values
                    .Where(r => r.Key == key && !records.Any(n => n.Key == r.Key && n.Version == r.Version))
                    .Concat(records.Where(r => r.Key == key))
                    .Count(r => r.State == DefinitionState.Published);
                if (published > 1)
                {
                    throw WorkflowErrors.ConcurrencyConflict(key);
                }
            }

            foreach (var record in records)
            {
                record.Revision++;
                _records[(record.Key, record.Version)] = record.Clone();
            }
        }

        return Task.CompletedTask;
    }
}
