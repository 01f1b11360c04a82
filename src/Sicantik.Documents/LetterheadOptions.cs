using System.ComponentModel.DataAnnotations;

namespace Sicantik.Documents;

/// <summary>
/// The agency's letterhead (kop surat) printed at the top of every document, bound from configuration.
/// </summary>
public sealed class LetterheadOptions
{
    public const string SectionName = "Documents:Letterhead";

    /// <summary>The government the agency belongs to, e.g. "PEMERINTAH KABUPATEN CONTOH".</summary>
    [Required]
    public string Region { get; set; } = string.Empty;

    /// <summary>e.g. "DINAS PENANAMAN MODAL DAN PELAYANAN TERPADU SATU PINTU".</summary>
    [Required]
    public string AgencyName { get; set; } = string.Empty;

    [Required]
    public string Address { get; set; } = string.Empty;

    /// <summary>The town documents are dated from ("Contoh, 12 Maret 2025").</summary>
    [Required]
    public string City { get; set; } = string.Empty;

    public string? Phone { get; set; }

    public string? Email { get; set; }

    public string? Website { get; set; }

    /// <summary>A PNG (or JPEG) emblem drawn at the left of the letterhead; none when empty.</summary>
    public string? LogoPath { get; set; }
}
