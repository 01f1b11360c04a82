namespace Sicantik.Documents.Receipts;

/// <summary>The registration receipt (tanda terima pendaftaran) issued at SOP step 5.</summary>
public sealed record RegistrationReceipt
{
    public required string RegistrationNumber { get; init; }

    public required Applicant Applicant { get; init; }

    /// <summary>The permit type's name, e.g. "Surat Izin Usaha Perdagangan".</summary>
    public required string PermitType { get; init; }

    /// <summary>The requirements the clerk received, in the catalogue's order.</summary>
    public required IReadOnlyList<string> RequirementsReceived { get; init; }

    /// <summary>When the file was accepted, in the office's offset (+07:00 prints as WIB).</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    public required Official Clerk { get; init; }

    /// <summary>Where the applicant follows the application; printed when given.</summary>
    public Uri? TrackingUrl { get; init; }
}
