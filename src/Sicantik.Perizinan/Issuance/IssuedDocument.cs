namespace Sicantik.Perizinan.Issuance;

/// <summary>The documents the office issues along the SOP.</summary>
public enum IssuedDocumentKind
{
    /// <summary>Tanda terima pendaftaran (SOP step 5, <c>tanda-terima</c>).</summary>
    TandaTerima,

    /// <summary>Nota Dinas recommending approval, Kasi to Kabid (SOP step 7, <c>draft-dokumen</c>).</summary>
    NotaDinas,

    /// <summary>Nota Dinas of a rejection with the Kabid's reason (SOP step 8, <c>nota-dinas-penolakan</c>).</summary>
    NotaDinasPenolakan,

    /// <summary>The draft SK, watermarked (SOP step 7, <c>draft-dokumen</c>).</summary>
    SkDraft,

    /// <summary>The final SK, signed electronically (SOP step 9, <c>tanda-tangan-sk</c>).</summary>
    Sk,
}

/// <summary>
/// One document the office issued for an application: its PDF in the content-addressed file store, the step that
/// produced it, and for the signed SK what the public verification page shows. A step that runs again (the file came
/// back) supersedes the document it issued before rather than adding a second one of the same kind.
/// </summary>
public sealed class IssuedDocument
{
    public Guid Id { get; set; }

    public Guid ApplicationId { get; set; }

    public IssuedDocumentKind Kind { get; set; }

    /// <summary>The document's number (registration, Nota Dinas or SK number).</summary>
    public string? Number { get; set; }

    /// <summary>The name a download is saved under.</summary>
    public string FileName { get; set; } = string.Empty;

    /// <summary>The PDF's SHA-256, lower-case hex: its address in the file store.</summary>
    public string Sha256 { get; set; } = string.Empty;

    public long SizeBytes { get; set; }

    /// <summary>The BPMN element (service task) that issued it.</summary>
    public string ElementId { get; set; } = string.Empty;

    /// <summary>The step's time.</summary>
    public DateTimeOffset IssuedAt { get; set; }

    /// <summary>The user whose decision issued it (the clerk, the Kasi, the Kabid, the Kadis), when known.</summary>
    public string? IssuedBy { get; set; }

    /// <summary>When a later run of the same step replaced it; <c>null</c> while it is the current one.</summary>
    public DateTimeOffset? SupersededAt { get; set; }

    /// <summary>The signed SK's public verification code (<c>ABCD-2345</c>); unique.</summary>
    public string? VerificationCode { get; set; }

    /// <summary>The permit holder, as printed on the SK.</summary>
    public string? HolderName { get; set; }

    /// <summary>What the SK is about (the permit's name).</summary>
    public string? Subject { get; set; }

    public DateOnly? ValidFrom { get; set; }

    /// <summary>The last day of validity; none for a permit without an end.</summary>
    public DateOnly? ValidUntil { get; set; }

    public string? SignerName { get; set; }

    public DateTimeOffset? SignedAt { get; set; }

    public string? CertificateSubject { get; set; }

    public string? CertificateThumbprint { get; set; }

    public bool IsRevoked { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevokedReason { get; set; }

    public string? RevokedBy { get; set; }

    /// <summary>Optimistic concurrency token.</summary>
    public int Revision { get; set; }
}
