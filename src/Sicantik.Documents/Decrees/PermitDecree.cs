namespace Sicantik.Documents.Decrees;

public enum DecreeStatus
{
    /// <summary>Made at the Kasi step (SOP 7): watermarked DRAFT, no signature, no QR code.</summary>
    Draft,

    /// <summary>Made at the Kadis step (SOP 9): carries the QR code and verification code, then gets signed.</summary>
    Final,
}

/// <summary>The permit decree (Surat Keputusan / Surat Izin).</summary>
public sealed record PermitDecree
{
    public required DecreeStatus Status { get; init; }

    public required string Number { get; init; }

    /// <summary>The permit's name, e.g. "Surat Izin Usaha Perdagangan".</summary>
    public required string PermitName { get; init; }

    /// <summary>What the decree is about (tentang); "Pemberian {PermitName}" when empty.</summary>
    public string? Title { get; init; }

    public required string RegistrationNumber { get; init; }

    /// <summary>The permit holder.</summary>
    public required Applicant Holder { get; init; }

    /// <summary>What is permitted, e.g. "usaha perdagangan eceran bahan bangunan".</summary>
    public required string PermittedActivity { get; init; }

    public required string Location { get; init; }

    /// <summary>Further considerations (menimbang), printed between the standard ones; each starts with "bahwa".</summary>
    public IReadOnlyList<string> Considerations { get; init; } = [];

    /// <summary>The legal basis (mengingat): laws and regulations, in hierarchy order.</summary>
    public required IReadOnlyList<string> LegalBasis { get; init; }

    /// <summary>The holder's obligations, listed in their own diktum when any.</summary>
    public IReadOnlyList<string> Obligations { get; init; } = [];

    public required DateOnly ValidFrom { get; init; }

    /// <summary>The last day of validity; none for a permit valid while the activity runs.</summary>
    public DateOnly? ValidUntil { get; init; }

    /// <summary>Ditetapkan di.</summary>
    public required string Place { get; init; }

    /// <summary>Pada tanggal.</summary>
    public required DateOnly Date { get; init; }

    /// <summary>The Kepala Dinas; the position is printed as the decree's author.</summary>
    public required Official Signer { get; init; }

    /// <summary>The short code printed under the QR code; required when final.</summary>
    public string? VerificationCode { get; init; }

    /// <summary>The public verification page the QR code opens; required when final.</summary>
    public Uri? VerificationUrl { get; init; }
}
