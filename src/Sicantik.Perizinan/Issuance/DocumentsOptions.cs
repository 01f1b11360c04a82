using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Sicantik.Documents;

namespace Sicantik.Perizinan.Issuance;

/// <summary>An official named on the documents, from configuration.</summary>
public sealed class OfficialOptions
{
    [Required]
    [StringLength(200)]
    public string Name { get; set; } = string.Empty;

    [Required]
    [StringLength(300)]
    public string Position { get; set; } = string.Empty;

    public string? Nip { get; set; }

    public string? Rank { get; set; }

    internal Official ToOfficial() => new(Name, Position, string.IsNullOrWhiteSpace(Nip) ? null : Nip, string.IsNullOrWhiteSpace(Rank) ? null : Rank);
}

/// <summary>
/// What the issued documents need besides the application (section <c>Documents</c>; the letterhead is
/// <c>Documents:Letterhead</c>): the officials who sign them, the agency's signing certificate, and the public address
/// the SK's QR code opens.
/// </summary>
public sealed class DocumentsOptions
{
    public const string SectionName = "Documents";

    /// <summary>The Kepala Dinas: signs the SK, receives the rejection Nota Dinas.</summary>
    [Required]
    [ValidateObjectMembers]
    public OfficialOptions KepalaDinas { get; set; } = new()
    {
        Name = "Drs. H. Ahmad Suryadi, M.Si.",
        Position = "Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        Nip = "19700512 199203 1 005",
        Rank = "Pembina Utama Muda",
    };

    /// <summary>The Kepala Bidang Perizinan: receives the approval Nota Dinas, writes the rejection.</summary>
    [Required]
    [ValidateObjectMembers]
    public OfficialOptions KepalaBidang { get; set; } = new()
    {
        Name = "Dra. Sri Wahyuni, M.Si.",
        Position = "Kepala Bidang Perizinan",
        Nip = "19750822 199803 2 003",
        Rank = "Pembina",
    };

    /// <summary>The Kepala Seksi Perizinan: writes the approval Nota Dinas.</summary>
    [Required]
    [ValidateObjectMembers]
    public OfficialOptions KepalaSeksi { get; set; } = new()
    {
        Name = "Ahmad Fauzi, S.H.",
        Position = "Kepala Seksi Perizinan",
        Nip = "19820310 200801 1 002",
        Rank = "Penata Tingkat I",
    };

    /// <summary>The position printed under the clerk's name on the receipt.</summary>
    [Required]
    public string ClerkPosition { get; set; } = "Petugas Loket Pendaftaran";

    /// <summary>
    /// The agency's signing certificate with its private key (PFX/PKCS#12). When empty, a self-signed certificate is
    /// generated once at <see cref="GeneratedCertificatePath"/> and reused.
    /// </summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>Where the generated certificate is kept; the host puts it under its data folder.</summary>
    public string? GeneratedCertificatePath { get; set; }

    /// <summary>The generated certificate's subject.</summary>
    [Required]
    public string GeneratedCertificateSubject { get; set; } = "CN=Kepala Dinas Penanaman Modal dan PTSP, O=Sicantik DPMPTSP, C=ID";

    /// <summary>
    /// The address people reach the site at: the SK's QR code opens <c>{PublicBaseUrl}/verifikasi/{code}</c>. The host
    /// fills it from <c>Sicantik:PublicBaseUrl</c> when empty.
    /// </summary>
    [Url]
    public string? PublicBaseUrl { get; set; }

    internal Uri BaseUri => new((string.IsNullOrWhiteSpace(PublicBaseUrl) ? "http://localhost:5080" : PublicBaseUrl).TrimEnd('/') + "/");

    internal string CertificateFile => string.IsNullOrWhiteSpace(GeneratedCertificatePath)
        ? Path.GetFullPath(Path.Combine("data", "sertifikat", "penandatangan.pfx"))
        : Path.GetFullPath(GeneratedCertificatePath);
}

/// <summary>Defaults for the letterhead when configuration gives none (the appsettings.json values).</summary>
internal static class LetterheadDefaults
{
    public static void Apply(LetterheadOptions options)
    {
        options.Region = "Pemerintah Kabupaten Sicantik";
        options.AgencyName = "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu";
        options.Address = "Jalan Merdeka Nomor 1, Sicantik 12345";
        options.City = "Sicantik";
        options.Phone = "(021) 1234567";
        options.Email = "dpmptsp@sicantik.go.id";
        options.Website = "dpmptsp.sicantik.go.id";
    }
}
