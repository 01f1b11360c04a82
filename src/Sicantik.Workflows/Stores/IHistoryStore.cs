using Sicantik.Workflows.History;

namespace Sicantik.Workflows.Stores;

/// <summary>Reads the append-only history that <see cref="IInstanceStore.SaveAsync"/> writes.</summary>
public interface IHistoryStore
{
    /// <summary>An instance's events in the order they happened.</summary>
    Task<IReadOnlyList<HistoryEvent>> GetAsync(Guid instanceId, CancellationToken cancellationToken = default);
}
