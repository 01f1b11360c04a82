namespace Sicantik.Perizinan.Issuance;

/// <summary>Names of the people behind user ids, for the documents (the clerk on the receipt). The host knows them.</summary>
public interface IPersonDirectory
{
    /// <summary>The person's full name, or <c>null</c> when the id is unknown.</summary>
    Task<string?> FullNameAsync(string userId, CancellationToken cancellationToken = default);
}

/// <summary>A directory that knows nobody: documents then name the role instead of the person.</summary>
internal sealed class NoPersonDirectory : IPersonDirectory
{
    public Task<string?> FullNameAsync(string userId, CancellationToken cancellationToken = default) => Task.FromResult<string?>(null);
}
