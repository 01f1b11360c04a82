using System.Collections.Concurrent;

namespace Sicantik.Workflows.Definitions;

/// <summary>Parsed models by (key, version): a version's XML never changes, so it is parsed once per process.</summary>
public sealed class ProcessModelCache(BpmnReader reader)
{
    private readonly ConcurrentDictionary<(string Key, int Version), ProcessModel> _models = new();

    /// <summary>The model of a version if it was parsed already; a version's XML never changes, so no store read is needed.</summary>
    public bool TryGet(string key, int version, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ProcessModel? model) =>
        _models.TryGetValue((key, version), out model);

    /// <summary>The model of <paramref name="record"/>, parsed on first use.</summary>
    public ProcessModel Get(DefinitionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return _models.GetOrAdd((record.Key, record.Version), static (_, state) => state.reader.Parse(state.record.Xml), (reader, record));
    }
}
