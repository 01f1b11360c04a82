using Microsoft.Extensions.Options;
using Sicantik.Perizinan.Documents;
using Sicantik.Perizinan.Tests.Support;

namespace Sicantik.Perizinan.Tests.Documents;

public sealed class LocalFileStoreTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sicantik-perizinan-tests", Guid.NewGuid().ToString("N"));
    private readonly LocalFileStore _store;

    public LocalFileStoreTests()
    {
        _store = new LocalFileStore(Options.Create(new PerizinanOptions { FileStorePath = _folder }));
    }

    [Fact]
    public async Task SaveAsync_PutsContentAtItsAddress_AndReadsItBack()
    {
        await using var content = TestFiles.Pdf(100_000, "alamat");

        var stored = await _store.SaveAsync(content);

        Assert.False(stored.AlreadyStored);
        Assert.Equal(100_000, stored.SizeBytes);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content.ToArray())), stored.Sha256);
        Assert.Equal(Path.Combine(_folder, stored.Sha256[..2], stored.Sha256[2..4], stored.Sha256), _store.PathOf(stored.Sha256));
        Assert.True(await _store.ExistsAsync(stored.Sha256));
        Assert.Empty(Directory.GetFiles(Path.Combine(_folder, "tmp")));
    }

    [Fact]
    public async Task SaveAsync_LeavesNothingBehind_WhenTheUploadBreaksOff()
    {
        await using var broken = new BreakingStream(TestFiles.Pdf(300_000, "putus"), breakAfter: 150_000);

        await Assert.ThrowsAsync<IOException>(() => _store.SaveAsync(broken));

        Assert.Empty(Directory.GetFiles(_folder, "*", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789")]
    [InlineData("abc")]
    public async Task AnAddressThatIsNotASha256_IsRefused(string address)
    {
        Assert.Throws<ArgumentException>(() => _store.PathOf(address));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.OpenReadAsync(address));
    }

    [Fact]
    public async Task OpenReadAsync_ReturnsNull_ForUnknownContent()
    {
        Assert.Null(await _store.OpenReadAsync(new string('0', 64)));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>An upload whose connection drops after some bytes.</summary>
    private sealed class BreakingStream(Stream inner, long breakAfter) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _read;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_read >= breakAfter)
            {
                throw new IOException("Koneksi terputus.");
            }

            var n = inner.Read(buffer, offset, (int)Math.Min(count, breakAfter - _read));
            _read += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
