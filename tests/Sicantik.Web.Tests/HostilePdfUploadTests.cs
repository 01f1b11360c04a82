using System.Net;
using Sicantik.Documents.Tests.Support;
using Sicantik.Perizinan.Issuance;
using Sicantik.Web.Api;
using Sicantik.Web.Tests.Support;

namespace Sicantik.Web.Tests;

/// <summary>
/// The hostile PDF corpus sent anonymously to the public check of a real signed SK, each from its own address (as an
/// attacker with many addresses would, past the per-address rate limit): every file gets a specific answer and the host
/// answers the next request. A file identical to the original is recognised by its SHA-256 alone.
/// </summary>
public sealed class HostilePdfUploadTests(SicantikWebFactory host) : IClassFixture<SicantikWebFactory>
{
    private int _address;

    [Fact]
    public async Task HostileUploads_GetAnAnswerEach_AndTheHostKeepsAnswering()
    {
        var (code, signed) = await SignedDecreeAsync();
        using var anonymous = host.Anonymous();

        foreach (var (name, build) in HostilePdfs.All)
        {
            using var response = await UploadAsync(code, build());
            if (Unreadable.Contains(name))
            {
                var problem = await TestApi.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "pdf-unreadable");
                Assert.Contains("tidak dapat dibaca sebagai PDF", problem.Detail, StringComparison.Ordinal);
            }
            else
            {
                var check = await TestApi.ReadAsync<UploadCheckDto>(response);
                Assert.False(check.IsAuthentic, name);
                Assert.False(check.MatchesOriginal, name);
                Assert.False(check.SignatureValid, name);
                Assert.Contains("TIDAK ASLI", check.Message, StringComparison.Ordinal);
                Assert.Contains(check.Findings, f => f.Contains("BERBEDA", StringComparison.Ordinal));
                var signatureFinding = SignatureInvalid.Contains(name) ? "TIDAK sah" : "tidak memuat tanda tangan";
                Assert.True(check.Findings.Any(f => f.Contains(signatureFinding, StringComparison.Ordinal)), $"{name}: {string.Join(" / ", check.Findings)}");
            }

            // The host is still up and answers the next request.
            Assert.Equal(DecreeStanding.Valid, (await anonymous.GetAsync<DecreeVerificationDto>($"/api/verifikasi/{code}")).Standing);
        }

        // The genuine file, after all of it, is still recognised: by its SHA-256, without being parsed.
        using var genuine = await UploadAsync(code, signed);
        var original = await TestApi.ReadAsync<UploadCheckDto>(genuine);
        Assert.True(original.IsAuthentic);
        Assert.True(original.MatchesOriginal);
        Assert.True(original.SignedByOffice);
        Assert.Contains(original.Findings, f => f.Contains("Ditandatangani oleh: CN=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TruncatedAndExtendedCopies_AreNotTheOriginal()
    {
        var (code, signed) = await SignedDecreeAsync();

        // Cut off: no cross-reference and no trailer left to read.
        using (var truncated = await UploadAsync(code, signed[..(signed.Length * 2 / 3)]))
        {
            await TestApi.ProblemAsync(truncated, HttpStatusCode.UnprocessableEntity, "pdf-unreadable");
        }

        // Bytes appended after signing: the signature still holds over what it covers, but not over the whole file.
        using var extended = await UploadAsync(code, [.. signed, .. "\n% ditambahkan\n"u8]);
        var appended = await TestApi.ReadAsync<UploadCheckDto>(extended);
        Assert.False(appended.IsAuthentic);
        Assert.False(appended.MatchesOriginal);
        Assert.True(appended.SignatureValid);
        Assert.False(appended.CoversWholeDocument);
        Assert.True(appended.SignedByOffice);
        Assert.Contains(appended.Findings, f => f.Contains("tidak mencakup seluruh berkas", StringComparison.Ordinal));
    }

    [Fact]
    public async Task VerificationPage_SaysAHostileFileIsUnreadable_AndKeepsServing()
    {
        var (code, _) = await SignedDecreeAsync();
        using var browser = host.Anonymous();

        var (status, html, _) = await PageForms.PostFileAsync(browser, $"/verifikasi/{code}", $"/verifikasi/{code}", "berkas", "sk.pdf", HostilePdfs.SelfReference(), "application/pdf");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("data-testid=\"verify-upload-error\"", html, StringComparison.Ordinal);
        Assert.Contains("tidak dapat dibaca sebagai PDF", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Contains("data-standing=\"Valid\"", await PageForms.GetHtmlAsync(browser, $"/verifikasi/{code}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownCode_IsAnsweredWithoutExaminingTheFile()
    {
        using var response = await UploadAsync("ZZZZ-2345", HostilePdfs.SelfReference());

        var check = await TestApi.ReadAsync<UploadCheckDto>(response);
        Assert.Equal(DecreeStanding.Unknown, check.Standing);
        Assert.False(check.IsAuthentic);
        Assert.Empty(check.Findings);
    }

    /// <summary>Files whose structure the worker cannot read within its limits (or that end the worker).</summary>
    private static readonly HashSet<string> Unreadable = new(StringComparer.Ordinal)
    {
        "deep-arrays-in-trailer", "deep-arrays-in-object", "deep-dictionaries", "self-reference", "object-stream-bomb", "truncated",
    };

    /// <summary>Files with a signature dictionary whose byte range cannot hold.</summary>
    private static readonly HashSet<string> SignatureInvalid = new(StringComparer.Ordinal)
    {
        "byterange-beyond-eof", "byterange-negative", "byterange-overlapping", "byterange-huge-numbers",
    };

    private async Task<(string Code, byte[] Signed)> SignedDecreeAsync()
    {
        using var office = await Office.CreateAsync(host);
        using var applicant = await Sop.RegisterApplicantAsync(host);
        var application = await Sop.SubmitNewAsync(applicant.Client);
        await Sop.SignAsync(office, application.Id);
        var sk = (await applicant.Client.GetAsync<List<IssuedDocumentDto>>($"/api/applications/{application.Id}/issued-documents"))
            .Single(d => d.Kind == IssuedDocumentKind.Sk);
        using var download = await applicant.Client.GetAsync(sk.Download);
        await TestApi.EnsureAsync(download, HttpStatusCode.OK);
        return (sk.VerificationCode!, await download.Content.ReadAsByteArrayAsync());
    }

    /// <summary>An anonymous upload from an address of its own (TEST-NET-3), so the per-address limit is not what answers.</summary>
    private async Task<HttpResponseMessage> UploadAsync(string code, byte[] pdf)
    {
        var address = IPAddress.Parse($"203.0.113.{Interlocked.Increment(ref _address)}");
        using var client = new HttpClient(host.Server.CreateHandler(context => context.Connection.RemoteIpAddress = address))
        {
            BaseAddress = host.Server.BaseAddress,
        };
        using var form = TestApi.FilePart(new MemoryStream(pdf), "sk.pdf", "application/pdf");
        return await client.PostAsync($"/api/verifikasi/{code}/periksa", form);
    }
}
