using Sicantik.Workflows.Definitions;

namespace Sicantik.Workflows.Stores;

/// <summary>Keeps definition versions.</summary>
public interface IDefinitionStore
{
    Task<DefinitionRecord?> FindAsync(string key, int version, CancellationToken cancellationToken = default);

    /// <summary>The highest version of <paramref name="key"/>, whatever its state.</summary>
    Task<DefinitionRecord?> FindLatestAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>The published version of <paramref name="key"/>, if any.</summary>
    Task<DefinitionRecord?> FindPublishedAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// The number of the published version of <paramref name="key"/>, if any, without its XML: starting an instance asks
    /// this every time and finds the parsed model in the cache. Stores that can read one column cheaply override it.
    /// </summary>
    async Task<int?> FindPublishedVersionAsync(string key, CancellationToken cancellationToken = default) =>
        (await FindPublishedAsync(key, cancellationToken))?.Version;

    /// <summary>Every version of <paramref name="key"/>, or of every key when <c>null</c>, by key and version.</summary>
    Task<IReadOnlyList<DefinitionRecord>> ListAsync(string? key = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves the given versions together: inserts those with <see cref="DefinitionRecord.Revision"/> 0, updates the rest
    /// when their revision is still the stored one, and increments it. A key never has more than one published version:
    /// a save that would leave two is refused as a conflict.
    /// </summary>
    /// <exception cref="WorkflowException">Another writer got there first (<see cref="WorkflowError.ConcurrencyConflict"/>).</exception>
    Task SaveAsync(IReadOnlyList<DefinitionRecord> records, CancellationToken cancellationToken = default);
}
