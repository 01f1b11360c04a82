namespace Sicantik.Perizinan.Documents;

/// <summary>Thrown by <see cref="SizeLimitedStream"/> once more than its limit was read.</summary>
internal sealed class FileTooLargeException : IOException
{
    public FileTooLargeException()
        : base("The content is larger than its limit.")
    {
    }

    public FileTooLargeException(string message)
        : base(message)
    {
    }

    public FileTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Reads the bytes already taken off the upload (<c>prefix</c>, the header the type check read), then the rest of it,
/// and fails as soon as more than <c>limit</c> bytes came through. It never asks the upload for more than
/// <c>limit + 1</c> bytes in all, so an oversized upload is refused after reading one byte past the limit.
/// </summary>
internal sealed class SizeLimitedStream(Stream inner, ReadOnlyMemory<byte> prefix, long limit) : Stream
{
    private ReadOnlyMemory<byte> _prefix = prefix;
    private long _total;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _total;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        if (TakePrefix(buffer) is var fromPrefix and > 0)
        {
            return fromPrefix;
        }

        var read = inner.Read(buffer[..Allowed(buffer.Length)]);
        return Count(read);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        if (TakePrefix(buffer.Span) is var fromPrefix and > 0)
        {
            return fromPrefix;
        }

        var read = await inner.ReadAsync(buffer[..Allowed(buffer.Length)], cancellationToken);
        return Count(read);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int TakePrefix(Span<byte> buffer)
    {
        if (_prefix.IsEmpty || buffer.IsEmpty)
        {
            return 0;
        }

        var take = Math.Min(buffer.Length, _prefix.Length);
        _prefix.Span[..take].CopyTo(buffer);
        _prefix = _prefix[take..];
        return Count(take);
    }

    private int Allowed(int wanted) => (int)Math.Min(wanted, limit + 1 - _total);

    private int Count(int read)
    {
        _total += read;
        return _total > limit ? throw new FileTooLargeException() : read;
    }
}
