using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Sicantik.Documents.Signing;

namespace Sicantik.Perizinan.Issuance;

/// <summary>
/// The agency's certificate the SK is signed with: the configured PFX, or on the embedded default a self-signed one
/// generated once under the data folder and loaded from there on every later start (and by every other node).
/// </summary>
public sealed class AgencySigningCertificate : IDisposable
{
    private const int GeneratedValidityYears = 10;
    private readonly Lazy<X509Certificate2> _certificate;

    public AgencySigningCertificate(IOptions<DocumentsOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var settings = options.Value;
        _certificate = new Lazy<X509Certificate2>(() => Load(settings, time), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The certificate with its private key.</summary>
    public X509Certificate2 Certificate => _certificate.Value;

    public void Dispose()
    {
        if (_certificate.IsValueCreated)
        {
            _certificate.Value.Dispose();
        }
    }

    private static X509Certificate2 Load(DocumentsOptions options, TimeProvider time)
    {
        if (!string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            return AgencyCertificate.LoadPfx(options.CertificatePath, options.CertificatePassword);
        }

        var path = options.CertificateFile;
        if (File.Exists(path))
        {
            return AgencyCertificate.LoadPfx(path, options.CertificatePassword);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var created = AgencyCertificate.CreateSelfSigned(options.GeneratedCertificateSubject, GeneratedValidityYears, time);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllBytes(temporary, AgencyCertificate.ExportPfx(created, options.CertificatePassword));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process generated it first: everyone signs with that one.
        }
        finally
        {
            File.Delete(temporary);
        }

        return AgencyCertificate.LoadPfx(path, options.CertificatePassword);
    }
}
