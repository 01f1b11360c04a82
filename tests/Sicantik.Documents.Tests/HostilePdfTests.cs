using Microsoft.Extensions.Time.Testing;
using Sicantik.Documents.Tests.Support;
using Sicantik.Documents.Verification;

namespace Sicantik.Documents.Tests;

/// <summary>
/// The hostile corpus through <see cref="IsolatedPdfVerifier"/>: each file gets an answer, and none reaches this
/// process's parsers (PdfPig itself recurses without end on a self-referencing object).
/// </summary>
public sealed class HostilePdfTests : IClassFixture<PdfSignerTests.SignedDecree>, IDisposable
{
    private readonly PdfSignerTests.SignedDecree _decree;
    private readonly IsolatedPdfVerifier _verifier = new(TimeProvider.System);

    public HostilePdfTests(PdfSignerTests.SignedDecree decree) => _decree = decree;

    public void Dispose() => _verifier.Dispose();

    public static TheoryData<string, bool, bool> Expected => new()
    {
        // name, readable, signature present
        { "deep-arrays-in-trailer", false, false },
        { "deep-arrays-in-object", false, false },
        { "deep-dictionaries", false, false },
        { "self-reference", false, false },
        { "page-tree-cycle", true, false },
        { "field-kids-cycle", true, false },
        { "xref-billion-entries", true, false },
        { "startxref-beyond-eof", true, false },
        { "xref-garbage", true, false },
        { "object-stream-bomb", false, false },
        { "truncated", false, false },
        { "byterange-beyond-eof", true, true },
        { "byterange-negative", true, true },
        { "byterange-overlapping", true, true },
        { "byterange-huge-numbers", true, true },
    };

    [Fact]
    public void Expected_CoversTheWholeCorpus() =>
        Assert.Equal(HostilePdfs.All.Keys.Order(StringComparer.Ordinal), Expected.Select(row => (string)row[0]).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Expected))]
    public async Task Verify_AnswersEachHostileFile_WithoutItReachingThisProcess(string name, bool readable, bool signaturePresent)
    {
        var result = await _verifier.VerifyAsync(HostilePdfs.All[name]());

        Assert.Equal(readable, result.Readable);
        Assert.Equal(signaturePresent, result.SignaturePresent);
        Assert.False(result.IsAuthentic);
        Assert.NotEmpty(result.Problems);
    }

    [Fact]
    public async Task Verify_SaysWhyTheBombIsUnreadable()
    {
        var result = await _verifier.VerifyAsync(HostilePdfs.ObjectStreamBomb());

        Assert.Contains($"inflate to more than {UntrustedPdfReader.MaxInflatedBytes} bytes", Assert.Single(result.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_SaysAWorkerEnded_WhenTheParserOverflowsItsStack()
    {
        var result = await _verifier.VerifyAsync(HostilePdfs.SelfReference());

        Assert.Contains("exit code", Assert.Single(result.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_KillsAWorkerPastItsBudget_AndSaysSo()
    {
        var clock = new FakeTimeProvider();
        using var verifier = new IsolatedPdfVerifier(clock);
        byte[] large = [.. "%PDF-1.4\n"u8, .. new byte[8 * 1024 * 1024]];

        // 8 MB cannot pass the pipe before the worker has started and read it: the budget ends first.
        var check = verifier.VerifyAsync(large);
        clock.Advance(IsolatedPdfVerifier.Budget);
        var result = await check;

        Assert.False(result.Readable);
        Assert.Equal("The PDF check took longer than 15 s.", Assert.Single(result.Problems));
    }

    [Fact]
    public async Task Verify_RefusesAsBusy_WhileEveryWorkerRuns()
    {
        var clock = new FakeTimeProvider();
        using var verifier = new IsolatedPdfVerifier(clock);
        byte[] large = [.. "%PDF-1.4\n"u8, .. new byte[8 * 1024 * 1024]];
        var running = Enumerable.Range(0, IsolatedPdfVerifier.MaxWorkers).Select(_ => verifier.VerifyAsync(large)).ToList();

        await Assert.ThrowsAsync<PdfCheckBusyException>(() => verifier.VerifyAsync(large));

        clock.Advance(IsolatedPdfVerifier.Budget);
        Assert.All(await Task.WhenAll(running), r => Assert.False(r.Readable));
        Assert.False((await verifier.VerifyAsync(HostilePdfs.Truncated())).Readable);
    }

    [Fact]
    public async Task Verify_InAWorker_SaysTheSignedDecreeIsAuthentic()
    {
        var result = await _verifier.VerifyAsync(_decree.SignedPdf);

        Assert.True(result.IsAuthentic, string.Join("; ", result.Problems));
        Assert.Equal(_decree.Certificate.Subject, result.SignerSubject);
        Assert.Equal(Samples.Kadis.Name, result.SignerName);
    }

    [Fact]
    public async Task Verify_InAWorker_SaysATruncatedSignedDecreeIsNotAuthentic()
    {
        var result = await _verifier.VerifyAsync(_decree.SignedPdf[..(_decree.SignedPdf.Length / 2)]);

        Assert.False(result.IsAuthentic);
    }
}
