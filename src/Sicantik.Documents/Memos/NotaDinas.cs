namespace Sicantik.Documents.Memos;

public enum NotaDinasKind
{
    /// <summary>Kasi to Kabid (SOP step 7): the application is valid, approval is recommended.</summary>
    Approval,

    /// <summary>Kabid's rejection (SOP step 8), with the reason.</summary>
    Rejection,
}

/// <summary>An internal memo (nota dinas) about one application.</summary>
public sealed record NotaDinas
{
    public required NotaDinasKind Kind { get; init; }

    public required string Number { get; init; }

    public required DateOnly Date { get; init; }

    /// <summary>Who writes and signs the memo (Dari).</summary>
    public required Official From { get; init; }

    /// <summary>Who it is addressed to (Yth.).</summary>
    public required Official To { get; init; }

    public required string RegistrationNumber { get; init; }

    public required Applicant Applicant { get; init; }

    public required string PermitType { get; init; }

    /// <summary>Hal; when empty the standard subject for the kind is used.</summary>
    public string? Subject { get; init; }

    /// <summary>Sifat; "Biasa" when empty.</summary>
    public string? Nature { get; init; }

    /// <summary>Lampiran, e.g. "1 (satu) berkas"; "-" when empty.</summary>
    public string? Attachment { get; init; }

    /// <summary>The Kabid's reason; required for <see cref="NotaDinasKind.Rejection"/>.</summary>
    public string? RejectionReason { get; init; }

    /// <summary>The draft SK's number, mentioned by an approval memo when known.</summary>
    public string? DraftDecreeNumber { get; init; }

    /// <summary>The official's own paragraphs, printed after the standard text.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
