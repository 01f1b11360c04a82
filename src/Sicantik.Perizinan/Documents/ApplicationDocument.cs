namespace Sicantik.Perizinan.Documents;

/// <summary>A file uploaded for one requirement of an application; its bytes live in the <see cref="IFileStore"/>.</summary>
public sealed class ApplicationDocument
{
    public Guid Id { get; set; }

    public Guid ApplicationId { get; set; }

    /// <summary>The requirement it fulfils (<see cref="PermitTypes.Requirement.Key"/>).</summary>
    public string RequirementKey { get; set; } = string.Empty;

    /// <summary>The name the applicant's file had (without any folder).</summary>
    public string FileName { get; set; } = string.Empty;

    /// <summary>The media type its content was recognised as (never the one the browser claimed).</summary>
    public string ContentType { get; set; } = string.Empty;

    public long SizeBytes { get; set; }

    /// <summary>The content's SHA-256 (lower-case hex): its address in the file store.</summary>
    public string Sha256 { get; set; } = string.Empty;

    public DateTimeOffset UploadedAt { get; set; }

    /// <summary>The applicant, or the clerk who attached a file received by email on the applicant's behalf.</summary>
    public string UploadedBy { get; set; } = string.Empty;
}
