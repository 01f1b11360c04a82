using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sicantik.Documents.Signing;

/// <summary>The agency's signing certificate: made self-signed for the embedded default, or loaded from a PFX.</summary>
public static class AgencyCertificate
{
    /// <summary>
    /// A self-signed RSA 3072 certificate for signing documents (key usage digitalSignature and nonRepudiation),
    /// valid from <paramref name="time"/>'s now for <paramref name="validityYears"/> years.
    /// </summary>
    /// <param name="subjectName">An X.500 name ("CN=..., O=..., C=ID") or just the common name.</param>
    /// <param name="validityYears">How many years the certificate is valid.</param>
    /// <param name="time">The clock giving the start of validity.</param>
    public static X509Certificate2 CreateSelfSigned(string subjectName, int validityYears, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subjectName);
        ArgumentOutOfRangeException.ThrowIfLessThan(validityYears, 1);
        ArgumentNullException.ThrowIfNull(time);

        var subject = subjectName.Contains('=', StringComparison.Ordinal)
            ? new X500DistinguishedName(subjectName)
            : BuildCommonName(subjectName);
        using var key = RSA.Create(3072);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));

        var now = time.GetUtcNow();
        // A minute's grace so a verifier whose clock is slightly behind does not see a certificate from the future.
        var notBefore = now.AddMinutes(-1);
        using var created = request.CreateSelfSigned(notBefore, now.AddYears(validityYears));
        // Round-trip through PKCS#12 so the key is usable for signing on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null, X509KeyStorageFlags.Exportable);
    }

    /// <summary>Loads the certificate and its private key from a PFX (PKCS#12) file.</summary>
    public static X509Certificate2 LoadPfx(string path, string? password)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Require(X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.Exportable));
    }

    /// <summary>Loads the certificate and its private key from PFX (PKCS#12) bytes.</summary>
    public static X509Certificate2 LoadPfx(byte[] pfx, string? password)
    {
        ArgumentNullException.ThrowIfNull(pfx);
        return Require(X509CertificateLoader.LoadPkcs12(pfx, password, X509KeyStorageFlags.Exportable));
    }

    /// <summary>The certificate with its private key as PFX bytes, to keep a generated certificate.</summary>
    public static byte[] ExportPfx(X509Certificate2 certificate, string? password)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.Export(X509ContentType.Pkcs12, password);
    }

    private static X509Certificate2 Require(X509Certificate2 certificate)
    {
        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new InvalidOperationException("The PFX holds no private key to sign with.");
        }

        return certificate;
    }

    private static X500DistinguishedName BuildCommonName(string commonName)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(commonName);
        return builder.Build();
    }
}
