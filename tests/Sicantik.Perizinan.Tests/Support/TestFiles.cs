using System.Security.Cryptography;
using System.Text;

namespace Sicantik.Perizinan.Tests.Support;

/// <summary>Uploads made up in tests: real magic bytes, distinct content per seed, any length without big arrays.</summary>
public static class TestFiles
{
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] JpegMagic = [0xFF, 0xD8, 0xFF, 0xE0];

    public static MemoryStream Pdf(int length, string seed = "") => WithHeader("%PDF-1.7\n"u8.ToArray(), length, seed);

    public static MemoryStream Png(int length, string seed = "") => WithHeader(PngMagic, length, seed);

    public static MemoryStream Jpeg(int length, string seed = "") => WithHeader(JpegMagic, length, seed);

    /// <summary>A Windows program (MZ header), whatever it is named.</summary>
    public static MemoryStream Executable(int length = 4096) => WithHeader("MZ\x90\0"u8.ToArray(), length, "exe");

    /// <summary>An ELF program.</summary>
    public static MemoryStream Elf(int length = 4096) => WithHeader([0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1], length, "elf");

    private static MemoryStream WithHeader(byte[] header, int length, string seed)
    {
        var bytes = new byte[length];
        header.CopyTo(bytes, 0);
        var fill = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        for (var i = header.Length; i < length; i++)
        {
            bytes[i] = fill[i % fill.Length];
        }

        return new MemoryStream(bytes, writable: false);
    }
}

/// <summary>
/// A stream of <c>length</c> bytes (a PDF header, then filler) generated as it is read, counting what was read: a 50 MB
/// upload without a 50 MB array. Not seekable unless asked, as a request body is.
/// </summary>
public sealed class GeneratedStream(long length, bool seekable = false) : Stream
{
    private static readonly byte[] Header = "%PDF-1.7\n"u8.ToArray();
    private long _position;

    /// <summary>How many bytes the reader took.</summary>
    public long BytesRead => _position;

    public override bool CanRead => true;

    public override bool CanSeek => seekable;

    public override bool CanWrite => false;

    public override long Length => seekable ? length : throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = (int)Math.Min(count, length - _position);
        for (var i = 0; i < n; i++)
        {
            var at = _position + i;
            buffer[offset + i] = at < Header.Length ? Header[at] : (byte)('a' + (at % 26));
        }

        _position += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
