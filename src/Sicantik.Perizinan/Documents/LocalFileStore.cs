using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Sicantik.Perizinan.Documents;

/// <summary>
/// A folder on the local disk (<see cref="PerizinanOptions.FileStorePath"/>, outside any web root): content at
/// <c>ab/cd/abcd…</c> after its SHA-256. Files are written under <c>tmp/</c> in the same folder and moved into place
/// once complete, so that a reader never sees half a file and a crash leaves at most a temporary file.
/// </summary>
public sealed class LocalFileStore : IFileStore
{
    private const int BufferSize = 81920;
    private readonly string _root;

    public LocalFileStore(IOptions<PerizinanOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _root = Path.GetFullPath(options.Value.FileStorePath);
    }

    /// <summary>The store's folder.</summary>
    public string Root => _root;

    public async Task<StoredFile> SaveAsync(Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var temporary = Path.Combine(_root, "tmp");
        Directory.CreateDirectory(temporary);
        var tempPath = Path.Combine(temporary, Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            string sha256;
            long size = 0;
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
                try
                {
                    await using var file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous);
                    int read;
                    while ((read = await content.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
                    {
                        hash.AppendData(buffer, 0, read);
                        await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                        size += read;
                    }

                    await file.FlushAsync(cancellationToken);
                    file.Flush(flushToDisk: true);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }

                sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            }

            var target = PathOf(sha256);
            if (File.Exists(target))
            {
                return new StoredFile(sha256, size, AlreadyStored: true);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            try
            {
                File.Move(tempPath, target, overwrite: false);
            }
            catch (IOException) when (File.Exists(target))
            {
                // The same content landed meanwhile from another upload: one copy is enough.
                return new StoredFile(sha256, size, AlreadyStored: true);
            }

            return new StoredFile(sha256, size, AlreadyStored: false);
        }
        finally
        {
            if (File.Exists(tempPath))
            {
                File.Delete(tempPath);
            }
        }
    }

    public Task<Stream?> OpenReadAsync(string sha256, CancellationToken cancellationToken = default)
    {
        var path = PathOf(sha256);
        Stream? stream = File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan)
            : null;
        return Task.FromResult(stream);
    }

    public Task<bool> ExistsAsync(string sha256, CancellationToken cancellationToken = default) => Task.FromResult(File.Exists(PathOf(sha256)));

    /// <summary>Where content with this address lives: <c>{root}/ab/cd/abcd…</c>.</summary>
    public string PathOf(string sha256)
    {
        if (!IsAddress(sha256))
        {
            throw new ArgumentException("Not a SHA-256 address (64 lower-case hex digits).", nameof(sha256));
        }

        return Path.Combine(_root, sha256[..2], sha256[2..4], sha256);
    }

    private static bool IsAddress(string? value) => value is { Length: 64 } && value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
