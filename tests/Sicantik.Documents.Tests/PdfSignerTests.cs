using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Sicantik.Documents.Decrees;
using Sicantik.Documents.Signing;
using Sicantik.Documents.Tests.Support;
using Sicantik.Documents.Verification;
using UglyToad.PdfPig;

namespace Sicantik.Documents.Tests;

public sealed class PdfSignerTests : IClassFixture<PdfSignerTests.SignedDecree>
{
    private readonly SignedDecree _decree;

    public PdfSignerTests(SignedDecree decree) => _decree = decree;

    [Fact]
    public void Sign_GivesSignatureThatPdfsigReportsValid_CoveringTheWholeDocument()
    {
        var path = Poppler.TempFile(_decree.SignedPdf, "sk-ditandatangani.pdf");

        var (_, output) = Poppler.Run("pdfsig", "-nocert", path);

        Assert.Contains("Signature Validation: Signature is Valid.", output, StringComparison.Ordinal);
        Assert.Contains("Total document signed", output, StringComparison.Ordinal);
        Assert.Contains("Signature Type: ETSI.CAdES.detached", output, StringComparison.Ordinal);
        Assert.Contains("Signer full Distinguished Name: CN=Kepala Dinas Penanaman Modal dan PTSP Kabupaten Sukamaju", output, StringComparison.Ordinal);
        Assert.Contains("Signing Hash Algorithm: SHA-256", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_GivesSignatureThatPdfsigReportsValid_WithCertificateChecks()
    {
        // Without -nocert pdfsig also judges the certificate: self-signed, so untrusted, and that is all it may say.
        var path = Poppler.TempFile(_decree.SignedPdf, "sk-ditandatangani.pdf");

        var (_, output) = Poppler.Run("pdfsig", path);

        Assert.Contains("Signature Validation: Signature is Valid.", output, StringComparison.Ordinal);
        Assert.Contains("Total document signed", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_SaysAuthentic_WhenSignedDocumentIsUnchanged()
    {
        var result = PdfSignatureVerifier.Verify(_decree.SignedPdf);

        Assert.True(result.IsAuthentic, string.Join("; ", result.Problems));
        Assert.True(result.SignaturePresent);
        Assert.True(result.CmsValid);
        Assert.True(result.DigestMatches);
        Assert.True(result.CoversWholeDocument);
        Assert.Empty(result.Problems);
        Assert.Equal(_decree.Certificate.Subject, result.SignerSubject);
        Assert.Equal(_decree.Certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256), result.CertificateThumbprint);
        Assert.Equal(SignedDecree.SigningTime, result.SigningTime);
        Assert.Equal(Samples.Kadis.Name, result.SignerName);
        Assert.Equal("Sukamaju", result.Location);
    }

    [Fact]
    public void Sign_KeepsTheOriginalBytes_AndTheText()
    {
        Assert.True(_decree.SignedPdf.AsSpan(0, _decree.Original.Length).SequenceEqual(_decree.Original));
        using var signed = PdfDocument.Open(_decree.SignedPdf);
        using var unsigned = PdfDocument.Open(_decree.Original);
        Assert.Equal(unsigned.NumberOfPages, signed.NumberOfPages);
        Assert.Equal(PdfText.Extract(_decree.Original), PdfText.Extract(_decree.SignedPdf));
    }

    [Fact]
    public void Sign_GivesTheSameBytes_ForTheSameInput()
    {
        // RSA PKCS#1 v1.5 signatures are deterministic, and the time comes from SignatureInfo.
        Assert.Equal(_decree.SignedPdf, PdfSigner.Sign(_decree.Original, _decree.Certificate, _decree.Info));
    }

    [Theory]
    [InlineData(0.10)]
    [InlineData(0.50)]
    [InlineData(0.98)]
    public void Verify_SaysNotAuthentic_AndPdfsigInvalid_WhenOneSignedByteChanges(double where)
    {
        var tampered = FlipOneSignedByte(_decree.SignedPdf, where);

        var result = PdfSignatureVerifier.Verify(tampered);
        var (_, output) = Poppler.Run("pdfsig", "-nocert", Poppler.TempFile(tampered, "sk-diubah.pdf"));

        Assert.False(result.IsAuthentic);
        Assert.NotEmpty(result.Problems);
        Assert.DoesNotContain("Signature is Valid.", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_SaysDigestDiffers_WhenAByteInTheContentChanges()
    {
        var tampered = FlipOneSignedByte(_decree.SignedPdf, 0.5);

        var result = PdfSignatureVerifier.Verify(tampered);

        Assert.True(result.SignaturePresent);
        Assert.True(result.CoversWholeDocument);
        Assert.False(result.DigestMatches);
        Assert.False(result.CmsValid);
    }

    [Fact]
    public void Verify_SaysNotCovered_WhenBytesAreAppendedAfterSigning()
    {
        var appended = _decree.SignedPdf.Concat(Encoding.ASCII.GetBytes("\n% ditambahkan setelah ditandatangani\n")).ToArray();

        var result = PdfSignatureVerifier.Verify(appended);
        var (_, output) = Poppler.Run("pdfsig", "-nocert", Poppler.TempFile(appended, "sk-ditambah.pdf"));

        Assert.False(result.IsAuthentic);
        Assert.False(result.CoversWholeDocument);
        Assert.True(result.DigestMatches);
        Assert.DoesNotContain("Total document signed", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_SaysNoSignature_WhenDocumentIsUnsigned()
    {
        var result = PdfSignatureVerifier.Verify(_decree.Original);

        Assert.False(result.SignaturePresent);
        Assert.False(result.IsAuthentic);
    }

    [Fact]
    public void Verify_DoesNotThrow_WhenBytesAreNotAPdf()
    {
        var result = PdfSignatureVerifier.Verify(Encoding.ASCII.GetBytes("bukan PDF"));

        Assert.False(result.IsAuthentic);
        Assert.NotEmpty(result.Problems);
    }

    [Fact]
    public void Sign_Throws_WhenCertificateHasNoPrivateKey()
    {
        using var publicOnly = X509CertificateLoader.LoadCertificate(_decree.Certificate.RawData);

        Assert.Throws<ArgumentException>(() => PdfSigner.Sign(_decree.Original, publicOnly, _decree.Info));
    }

    private static byte[] FlipOneSignedByte(byte[] signed, double where)
    {
        var copy = (byte[])signed.Clone();
        var text = Encoding.Latin1.GetString(copy);
        var contentsStart = text.LastIndexOf("/Contents <", StringComparison.Ordinal) + "/Contents ".Length;
        var contentsEnd = text.IndexOf('>', contentsStart) + 1;
        var index = (int)(copy.Length * where);
        if (index >= contentsStart && index < contentsEnd)
        {
            index = contentsEnd + 10;
        }

        copy[index] ^= 0x01;
        return copy;
    }

    /// <summary>The final SK, signed once for the class with a fresh self-signed agency certificate.</summary>
    public sealed class SignedDecree : IDisposable
    {
        public static readonly DateTimeOffset SigningTime = new(2025, 3, 14, 10, 30, 0, TimeSpan.FromHours(7));

        public SignedDecree()
        {
            var clock = new FakeTimeProvider(new DateTimeOffset(2025, 1, 2, 8, 0, 0, TimeSpan.Zero));
            Certificate = AgencyCertificate.CreateSelfSigned(
                "CN=Kepala Dinas Penanaman Modal dan PTSP Kabupaten Sukamaju, O=Pemerintah Kabupaten Sukamaju, C=ID", 5, clock);
            Original = Samples.Renderer().RenderDecree(Samples.Decree(DecreeStatus.Final));
            Info = new SignatureInfo(Samples.Kadis.Name, SigningTime, Location: "Sukamaju", ContactInfo: "dpmptsp@sukamajukab.go.id");
            SignedPdf = PdfSigner.Sign(Original, Certificate, Info);
        }

        public X509Certificate2 Certificate { get; }

        public byte[] Original { get; }

        public SignatureInfo Info { get; }

        public byte[] SignedPdf { get; }

        public void Dispose() => Certificate.Dispose();
    }
}
