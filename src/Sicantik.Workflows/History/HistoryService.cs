using Sicantik.Workflows.Stores;

namespace Sicantik.Workflows.History;

/// <summary>Reads instances' histories: for the timeline, the audit and the SLA report.</summary>
public sealed class HistoryService(IHistoryStore store)
{
    /// <summary>An instance's events, oldest first.</summary>
    public Task<IReadOnlyList<HistoryEvent>> GetAsync(Guid instanceId, CancellationToken cancellationToken = default) =>
        store.GetAsync(instanceId, cancellationToken);
}
