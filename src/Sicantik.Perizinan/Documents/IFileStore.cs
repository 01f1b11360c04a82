namespace Sicantik.Perizinan.Documents;

/// <summary>Where a stored file landed.</summary>
/// <param name="Sha256">Its content's SHA-256, lower-case hex: its address.</param>
/// <param name="SizeBytes">Its length.</param>
/// <param name="AlreadyStored">Whether identical content was there already (and nothing new was written).</param>
public sealed record StoredFile(string Sha256, long SizeBytes, bool AlreadyStored);

/// <summary>
/// Uploaded files, addressed by the SHA-256 of their content: the same bytes are stored once, whoever uploads them,
/// and a file never changes once written. The database holds who uploaded what (<see cref="ApplicationDocument"/>).
/// </summary>
public interface IFileStore
{
    /// <summary>
    /// Streams <paramref name="content"/> into the store (never whole in memory) and returns its address. An exception
    /// from the stream (a size limit, a cancelled upload) leaves nothing behind.
    /// </summary>
    Task<StoredFile> SaveAsync(Stream content, CancellationToken cancellationToken = default);

    /// <summary>The content at <paramref name="sha256"/> to read, or <c>null</c> when there is none.</summary>
    Task<Stream?> OpenReadAsync(string sha256, CancellationToken cancellationToken = default);

    /// <summary>Whether content with this address is stored.</summary>
    Task<bool> ExistsAsync(string sha256, CancellationToken cancellationToken = default);
}
