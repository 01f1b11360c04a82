using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;
using Sicantik.Documents.Signing;

namespace Sicantik.Documents.Tests;

public sealed class AgencyCertificateTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2025, 1, 2, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public void CreateSelfSigned_GivesRsa3072SigningCertificate_WithTheInjectedValidity()
    {
        using var certificate = AgencyCertificate.CreateSelfSigned("DPMPTSP Kabupaten Sukamaju", 3, Clock);

        Assert.True(certificate.HasPrivateKey);
        Assert.Equal("CN=DPMPTSP Kabupaten Sukamaju", certificate.Subject);
        Assert.Equal(certificate.Subject, certificate.Issuer);
        using var key = certificate.GetRSAPublicKey();
        Assert.Equal(3072, key!.KeySize);
        var usage = certificate.Extensions.OfType<X509KeyUsageExtension>().Single();
        Assert.True(usage.Critical);
        Assert.Equal(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, usage.KeyUsages);
        Assert.Equal(Clock.GetUtcNow().AddMinutes(-1), new DateTimeOffset(certificate.NotBefore.ToUniversalTime()), TimeSpan.FromSeconds(1));
        Assert.Equal(Clock.GetUtcNow().AddYears(3), new DateTimeOffset(certificate.NotAfter.ToUniversalTime()), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void LoadPfx_GivesTheSameCertificateWithItsKey_FromFileAndBytes()
    {
        using var created = AgencyCertificate.CreateSelfSigned("CN=DPMPTSP, O=Kabupaten Sukamaju, C=ID", 1, Clock);
        var pfx = AgencyCertificate.ExportPfx(created, "rahasia");
        var path = Path.Combine(Directory.CreateTempSubdirectory("sicantik-pfx-").FullName, "agency.pfx");
        File.WriteAllBytes(path, pfx);

        using var fromFile = AgencyCertificate.LoadPfx(path, "rahasia");
        using var fromBytes = AgencyCertificate.LoadPfx(pfx, "rahasia");

        Assert.Equal(created.Thumbprint, fromFile.Thumbprint);
        Assert.Equal(created.Thumbprint, fromBytes.Thumbprint);
        Assert.True(fromFile.HasPrivateKey);
        using var key = fromFile.GetRSAPrivateKey();
        Assert.NotNull(key!.SignData([1, 2, 3], HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void LoadPfx_Throws_WhenPasswordIsWrong()
    {
        using var created = AgencyCertificate.CreateSelfSigned("CN=DPMPTSP", 1, Clock);
        var pfx = AgencyCertificate.ExportPfx(created, "rahasia");

        Assert.ThrowsAny<CryptographicException>(() => AgencyCertificate.LoadPfx(pfx, "salah"));
    }
}
